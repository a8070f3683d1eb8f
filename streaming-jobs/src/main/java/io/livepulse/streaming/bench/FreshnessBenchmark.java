package io.livepulse.streaming.bench;

import io.livepulse.models.features.FeatureParams;
import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.SampleEvents;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.streaming.StreamingConfig;
import io.livepulse.streaming.features.FeatureJob;
import io.livepulse.streaming.features.KafkaEndpoints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Freshness through Kafka: events stamped with the current time are produced at a steady rate to an
 * in-process broker; the feature job (exactly-once sinks) runs on a local MiniCluster; a read_committed consumer
 * measures, for each room-metrics record, the time from its window end (the event time after which the
 * feature is final) to the moment it is readable. Prints p50/p99 and the rate actually produced.
 */
@Command(name = "freshness-benchmark", mixinStandardHelpOptions = true)
public final class FreshnessBenchmark implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--rate", defaultValue = "10000", description = "Events per second.")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "Measured seconds (after --warmup).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "20")
    int warmup;

    @Option(names = "--checkpoint-ms", defaultValue = "500", description = "Checkpoint (= commit) interval.")
    long checkpointMs;

    @Option(names = "--out-of-orderness-ms", defaultValue = "200")
    long outOfOrdernessMs;

    @Option(names = "--watermark-interval-ms", defaultValue = "200", description = "How often sources emit watermarks.")
    long watermarkIntervalMs;

    @Option(names = "--parallelism", defaultValue = "2")
    int parallelism;

    @Option(names = "--unaligned-checkpoints", description = "Let checkpoint barriers overtake in-flight records.")
    boolean unalignedCheckpoints;

    @Option(names = "--delivery", defaultValue = "EXACTLY_ONCE",
            description = "EXACTLY_ONCE (production) or AT_LEAST_ONCE (no transactions: shows what they cost).")
    DeliveryGuarantee delivery;

    @Option(names = "--concurrent-checkpoints", defaultValue = "1",
            description = "Checkpoints that may run at once: a new one (and its Kafka transaction) starts every interval "
                    + "even while the previous one is still writing its snapshot.")
    int concurrentCheckpoints;

    @Option(names = "--changelog", description = "Changelog state backend: checkpoints upload the state changes since "
            + "the last one; full snapshots are materialized in the background.")
    boolean changelog;

    @Option(names = "--state-backend", defaultValue = "heap",
            description = "heap (full snapshots) or rocksdb (incremental checkpoints).")
    String stateBackend;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FreshnessBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var dir = Files.createTempDirectory("livepulse-freshness");
        try (var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0)) {
            var topics = new TopicCatalog("fresh.", parallelism, (short) 1);
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                topics.ensureTopics(admin);
            }
            var params = new FeatureParams(Duration.ofSeconds(150), 1000, Duration.ofSeconds(10), Duration.ofSeconds(1));
            var config = new StreamingConfig(params, Duration.ofMillis(outOfOrdernessMs), Duration.ofSeconds(5),
                    Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMillis(checkpointMs), stateBackend,
                    parallelism, 0, Duration.ZERO, false, broker.bootstrapServers(), "fresh.", dir);
            var conf = new Configuration();
            conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
            conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(watermarkIntervalMs));
            conf.set(StateBackendOptions.STATE_BACKEND, stateBackend.equals("rocksdb") ? "rocksdb" : "hashmap");
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, stateBackend.equals("rocksdb"));
            conf.set(CheckpointingOptions.ENABLE_UNALIGNED, unalignedCheckpoints);
            conf.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, concurrentCheckpoints);
            conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, changelog);
            conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
            conf.set(FsStateChangelogOptions.BASE_PATH, dir.resolve("changelog").toString());
            int restPort = freePort();
            conf.set(RestOptions.PORT, restPort);
            var env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
            env.setParallelism(parallelism);
            env.enableCheckpointing(checkpointMs);
            var kafka = new KafkaEndpoints(broker.bootstrapServers(), topics, "freshness", delivery);
            new FeatureJob(kafka.events("freshness", false), kafka.sinks(), config).build(env);
            var job = env.executeAsync("livepulse-freshness");

            var running = new AtomicBoolean(true);
            var producer = new Thread(() -> produce(broker.bootstrapServers(), topics, running), "producer");
            producer.start();
            var latencies = measure(broker.bootstrapServers(), topics.roomMetrics());
            running.set(false);
            producer.join();
            String checkpoints = checkpointDurations(restPort, job.getJobID().toHexString());
            List<String> phases = checkpointPhases(restPort, job.getJobID().toHexString());
            job.cancel().get();
            Collections.sort(latencies);
            CONSOLE.info(String.format(Locale.ROOT,
                    "RESULT rate=%d/s target, produced %,.0f/s; room-metrics records=%d; freshness p50=%d ms p99=%d ms "
                            + "max=%d ms (checkpoint %d ms, out-of-orderness %d ms, watermarks every %d ms, %s state%s, %s, %d concurrent checkpoints; "
                            + "goal p99 < 1000 ms)",
                    rate, produced / (double) (warmup + seconds), latencies.size(), percentile(latencies, 0.50),
                    percentile(latencies, 0.99), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
                    checkpointMs, outOfOrdernessMs, watermarkIntervalMs, stateBackend, changelog ? " + changelog" : "",
                    delivery, concurrentCheckpoints));
            CONSOLE.info("RESULT checkpoints (end to end, ms): {}", checkpoints);
            CONSOLE.info("RESULT checkpoint phases, mean over the last {} completed checkpoints of each vertex's slowest "
                    + "subtask (ms): end-to-end / start delay / alignment / sync / async / KiB written (all subtasks)", HISTORY);
            phases.forEach(line -> CONSOLE.info("RESULT   {}", line));
        }
        return 0;
    }

    private volatile long produced;

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The job's checkpoint statistics from its REST API: how long a checkpoint (= a Kafka commit) takes. */
    private static String checkpointDurations(int restPort, String jobId) throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + restPort + "/jobs/" + jobId + "/checkpoints")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode root = new ObjectMapper().readTree(response.body());
        JsonNode duration = root.path("summary").path("end_to_end_duration");
        return String.format(Locale.ROOT, "completed=%d p50=%s p99=%s max=%s avg=%s",
                root.path("counts").path("completed").asLong(), duration.path("p50").asText(),
                duration.path("p99").asText(), duration.path("max").asText(), duration.path("avg").asText());
    }

    private static final int HISTORY = 10;

    /**
     * Where a checkpoint's time goes, per operator chain: for the last completed checkpoints in the job's history,
     * the slowest subtask's end-to-end time, start delay (barrier travel), alignment, and sync/async snapshot time.
     */
    private static List<String> checkpointPhases(int restPort, String jobId) throws IOException, InterruptedException {
        String base = "/jobs/" + jobId;
        var names = new java.util.LinkedHashMap<String, String>();
        for (JsonNode vertex : rest(restPort, base).path("vertices")) {
            names.put(vertex.path("id").asText(), vertex.path("name").asText());
        }
        var ids = new ArrayList<Long>();
        for (JsonNode entry : rest(restPort, base + "/checkpoints").path("history")) {
            if (entry.path("status").asText().equals("COMPLETED") && ids.size() < HISTORY) {
                ids.add(entry.path("id").asLong());
            }
        }
        var lines = new ArrayList<String>();
        for (var vertex : names.entrySet()) {
            double[] sums = new double[6];
            for (long id : ids) {
                JsonNode summary = rest(restPort, base + "/checkpoints/details/" + id + "/subtasks/" + vertex.getKey())
                        .path("summary");
                sums[0] += summary.path("end_to_end_duration").path("max").asDouble();
                sums[1] += summary.path("start_delay").path("max").asDouble();
                sums[2] += summary.path("alignment").path("duration").path("max").asDouble();
                sums[3] += summary.path("checkpoint_duration").path("sync").path("max").asDouble();
                sums[4] += summary.path("checkpoint_duration").path("async").path("max").asDouble();
            }
            for (long id : ids) {
                sums[5] += rest(restPort, base + "/checkpoints/details/" + id).path("tasks").path(vertex.getKey())
                        .path("checkpointed_size").asDouble();
            }
            int n = Math.max(1, ids.size());
            lines.add(String.format(Locale.ROOT, "%5.0f / %5.0f / %5.0f / %5.0f / %5.0f / %,9.0f  %s", sums[0] / n,
                    sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n / 1024, vertex.getValue()));
        }
        return lines;
    }

    private static JsonNode rest(int restPort, String path) throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + restPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    private void produce(String bootstrap, TopicCatalog topics, AtomicBoolean running) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        var samples = new SampleEvents(7);
        var types = new EventType[] {EventType.PLAYER, EventType.PLAYER, EventType.CHAT, EventType.LIKE, EventType.GIFT,
                EventType.AD_IMPRESSION};
        long startNs = System.nanoTime();
        long sent = 0;
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            while (running.get()) {
                long due = (System.nanoTime() - startNs) * rate / 1_000_000_000L;
                while (sent < due) {
                    var event = samples.next(types[(int) (sent % types.length)], System.currentTimeMillis());
                    String room = String.valueOf(((SpecificRecordBase) event).get("roomId"));
                    producer.send(new ProducerRecord<>(topics.topicFor(EventType.of(event).orElseThrow()), room,
                            AvroCodec.standard().encode(event)));
                    sent++;
                }
                produced = sent;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private List<Long> measure(String bootstrap, String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "freshness-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        var latencies = new ArrayList<Long>();
        long begin = System.currentTimeMillis();
        long measureFrom = begin + warmup * 1000L;
        long end = measureFrom + seconds * 1000L;
        long nextProgress = begin + 10_000;
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            consumer.subscribe(List.of(topic));
            while (System.currentTimeMillis() < end) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    var metrics = AvroCodec.standard().decode(record.value(), RoomMetrics.class);
                    if (now >= measureFrom) {
                        latencies.add(now - metrics.getWindowEndMs());
                    }
                }
                if (System.currentTimeMillis() >= nextProgress) {
                    CONSOLE.info("{} s: {} events produced, {} room-metrics records measured",
                            (System.currentTimeMillis() - begin) / 1000, produced, latencies.size());
                    nextProgress += 10_000;
                }
            }
        }
        return latencies;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }
}
