package io.livepulse.streaming;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.streaming.features.FeatureJob;
import io.livepulse.streaming.features.KafkaEndpoints;
import io.livepulse.streaming.features.ParquetRetention;
import io.livepulse.streaming.features.ParquetTables;
import io.livepulse.streaming.sentiment.ChatSentimentJob;
import io.livepulse.streaming.sentiment.SentimentConnectors;
import io.livepulse.streaming.sentiment.SentimentJobConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./livepulse stream}: the feature job on an embedded MiniCluster with the Flink web UI, or, under
 * {@code flink run}, on that cluster. Reads the events topics, writes the feature topics and Parquet tables.
 */
@Command(name = "stream", mixinStandardHelpOptions = true, description = "Runs the LivePulse Flink feature job.")
public final class StreamingMain implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final Logger LOG = LoggerFactory.getLogger(StreamingMain.class);

    @Option(names = "--config", description = "Settings file (properties); see defaults.properties.")
    Path configFile;

    /** True once the jobs went to a cluster (flink run, REST submission) instead of an embedded MiniCluster. */
    private boolean submittedToCluster;

    public static void main(String[] args) {
        var main = new StreamingMain();
        int code = new CommandLine(main).execute(args);
        // On a cluster, main() runs inside the client or the JobManager (REST submission): returning hands control
        // back to it; System.exit would end that JVM (or throw, with cluster.intercept-user-system-exit).
        if (code != 0 || !main.submittedToCluster) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        StreamingConfig config;
        SentimentJobConfig sentimentConfig;
        TopicCatalog topics;
        ParquetRetention.Policy retention;
        String prometheusPorts;
        boolean resume;
        try {
            var settings = Settings.load(Optional.ofNullable(configFile), System.getenv());
            topics = TopicCatalog.of(PlatformConfig.from(settings));
            config = StreamingConfig.from(settings);
            prometheusPorts = settings.string("streaming.prometheus-ports");
            resume = settings.bool("streaming.resume");
            sentimentConfig = SentimentJobConfig.from(settings, config.dataDir().resolve("models").toString());
            retention = ParquetRetention.Policy.from(settings);
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()))) {
            topics.ensureTopics(admin);
        }
        var kafka = new KafkaEndpoints(config.kafkaBootstrap(), topics, "livepulse-features");
        var sinks = config.parquet() ? kafka.sinks().and(ParquetTables.sinks(config.parquetDir())) : kafka.sinks();

        var env = environment(config, prometheusPorts, resume);
        new FeatureJob(kafka.events("livepulse-features", false), sinks, config).build(env);
        boolean sentiment = addSentimentJob(env, sentimentConfig, config, topics);
        var job = env.executeAsync(sentiment ? "livepulse-features-and-sentiment" : "livepulse-features");
        boolean embedded = env instanceof LocalStreamEnvironment;
        if (!embedded) {
            // The cluster runs the job from here on. The live summary and the Parquet retention are threads of
            // this process: under flink run they would end with the client, and on REST submission they would run
            // inside the JobManager. So they run with the embedded MiniCluster only.
            submittedToCluster = true;
            CONSOLE.info("LivePulse streaming jobs submitted to the cluster (job {})", job.getJobID());
            return 0;
        }
        CONSOLE.info("LivePulse streaming jobs running (Flink web UI http://localhost:" + config.webUiPort()
                + ", Prometheus metrics on the first free port of " + prometheusPorts + ")");

        var summary = config.summaryInterval().isZero() ? null : new LiveSummary(config.kafkaBootstrap(),
                List.of(topics.userRoomFeatures(), topics.roomMetrics(), topics.modelFits()), config.summaryInterval());
        if (summary != null) {
            var thread = new Thread(summary, "live-summary");
            thread.setDaemon(true);
            thread.start();
        }
        var cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "parquet-retention");
            thread.setDaemon(true);
            return thread;
        });
        if (config.parquet()) {
            cleaner.scheduleWithFixedDelay(new ParquetRetention(config.parquetDir(), retention.maxAge(),
                    Clock.systemUTC()), 0, retention.every().toMillis(), TimeUnit.MILLISECONDS);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cleaner.shutdownNow();
            if (summary != null) {
                summary.stop();
            }
            job.cancel();
        }, "streaming-shutdown"));
        job.getJobExecutionResult().get();
        return 0;
    }

    /**
     * Adds the chat sentiment job (package {@code sentiment}) to the same environment when its models are in
     * the registry; otherwise says how to get them and runs the feature job alone.
     */
    static boolean addSentimentJob(StreamExecutionEnvironment env, SentimentJobConfig sentimentConfig,
            StreamingConfig config, TopicCatalog topics) {
        var registry = new ModelRegistry(config.dataDir().resolve("models"));
        try {
            for (var selector : List.of(sentimentConfig.zhSelector(), sentimentConfig.enSelector())) {
                if (selector.candidates(registry).isEmpty()) {
                    CONSOLE.info("Chat sentiment job not started: no model for {} under {} (run ./livepulse train"
                            + " sentiment)", selector, registry.root());
                    return false;
                }
            }
        } catch (RegistryException e) {
            CONSOLE.info("Chat sentiment job not started: {}", e.getMessage());
            return false;
        }
        String bootstrap = config.kafkaBootstrap();
        String transactions = "livepulse-sentiment";
        var rooms = new ArrayList<Sink<RoomSentiment>>(
                List.of(SentimentConnectors.roomSentimentKafka(bootstrap, topics.roomSentiment(), transactions)));
        var alerts = new ArrayList<Sink<SentimentAlert>>(
                List.of(SentimentConnectors.alertKafka(bootstrap, topics.sentimentAlerts(), transactions)));
        if (config.parquet()) {
            rooms.add(SentimentConnectors.roomSentimentParquet(config.parquetDir().toString()));
            alerts.add(SentimentConnectors.alertParquet(config.parquetDir().toString()));
        }
        var chats = SentimentConnectors.chatSource(bootstrap, topics.chatEvents(), "livepulse-sentiment", false);
        var deadLetters = SentimentConnectors.deadLetterKafka(bootstrap, topics.deadLetter(), transactions);
        new ChatSentimentJob(chats, rooms, alerts, List.of(deadLetters), sentimentConfig).addTo(env);
        return true;
    }

    /**
     * The MiniCluster with the web UI and the Prometheus reporter on {@code prometheusPorts} when run as a plain
     * program; the cluster's environment (and its own reporters) under flink run.
     */
    static StreamExecutionEnvironment environment(StreamingConfig config, String prometheusPorts, boolean resume) {
        var conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend().equals("rocksdb") ? "rocksdb" : "hashmap");
        Path checkpoints = config.dataDir().resolve("flink").resolve("checkpoints");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // Kept when the job is cancelled (Ctrl-C, SIGTERM) as when the JVM dies, so the next start resumes from it.
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (resume) {
            LatestCheckpoint.under(checkpoints).ifPresent(latest -> {
                CONSOLE.info("Resuming from checkpoint {}", latest);
                conf.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.toUri().toString());
                // The sentiment job runs only when its models exist: its state may be in the checkpoint without it.
                conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
            });
        }
        conf.set(RestOptions.PORT, config.webUiPort());
        var env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof LocalStreamEnvironment) {
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
                    PrometheusReporting.enable(conf, prometheusPorts));
        }
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        return env;
    }
}
