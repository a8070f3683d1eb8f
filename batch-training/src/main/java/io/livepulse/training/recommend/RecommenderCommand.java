package io.livepulse.training.recommend;

import io.livepulse.models.recommend.SyntheticLiveLog;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.platform.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train recommender}: trains and evaluates every recommender and writes the registry entries. */
@Command(name = "recommender", mixinStandardHelpOptions = true,
        description = "Train ALS (two+ weightings), the neural model and the baselines on a LiveRec-format viewing log;"
                + " evaluate under the live-availability protocol; write registry entries and the report.")
public final class RecommenderCommand implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final Logger LOG = LoggerFactory.getLogger(RecommenderCommand.class);

    @Option(names = "--config", description = "Settings file (same keys as the defaults).")
    Path config;

    @Option(names = "--log", description = "Viewing log, 100k.csv format (user,stream id,streamer,start,stop), .csv or .csv.gz.")
    Path log;

    @Option(names = "--texts", description = "streamer,text lines (title, tags, category) for the content model.")
    Path texts;

    @Option(names = "--data-dir", description = "Data directory (default: data.dir setting).")
    Path dataDir;

    @Option(names = "--users", description = "Users of the synthetic log when no log is given.")
    Integer users;

    @Option(names = "--epochs", description = "Epochs of the neural model.")
    Integer epochs;

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.load(Optional.ofNullable(config), System.getenv());
        Path data = dataDir != null ? dataDir : settings.path("data.dir");
        String logSetting = settings.string("recommender.log");
        String textsSetting = settings.string("recommender.texts");
        int syntheticUsers = users != null ? users : settings.integer("recommender.synthetic-users", 1000, 20_000_000);
        int neuralEpochs = epochs != null ? epochs : settings.integer("recommender.neural-epochs", 1, 100);
        String master = settings.string("recommender.spark-master");
        int maxValidation = settings.integer("recommender.validation-users", 100, Integer.MAX_VALUE);
        settings.check();

        Path logFile = log != null ? log : logSetting.isBlank() ? null : Path.of(logSetting);
        Path textFile = texts != null ? texts : textsSetting.isBlank() ? null : Path.of(textsSetting);
        if (logFile == null && Files.isRegularFile(data.resolve("simulation").resolve("100k.csv"))) {
            logFile = data.resolve("simulation").resolve("100k.csv");
        }
        ViewingLog viewingLog;
        String source;
        Optional<String[]> streamerTexts = Optional.empty();
        if (logFile != null) {
            if (!Files.isRegularFile(logFile)) {
                LOG.error("--log {}: no such file; give a LiveRec-format log (user,stream id,streamer,start step,stop step)",
                        logFile);
                return 2;
            }
            CONSOLE.info("recommender: reading {} ...", logFile);
            viewingLog = ViewingLog.read(logFile);
            source = logFile.toAbsolutePath().toString();
            if (viewingLog.rejected() > 0) {
                CONSOLE.info("recommender: skipped {} malformed lines, first: {}", viewingLog.rejected(),
                        viewingLog.rejections().get(0).message());
            }
        } else {
            var generator = SyntheticLiveLog.liveRec100k(7L);
            generator = new SyntheticLiveLog(syntheticUsers, (int) Math.round(generator.streamers() * syntheticUsers
                    / 100_000.0), generator.steps(), generator.interactions() * syntheticUsers / 100_000, 7L);
            CONSOLE.info("recommender: no log given; generating a synthetic LiveRec-scale log ({} users, {} streamers,"
                    + " ~{} interactions, {} steps) ...", generator.users(), generator.streamers(),
                    generator.interactions(), generator.steps());
            var generated = generator.generate();
            viewingLog = generated.log();
            Path dir = data.resolve("simulation");
            Files.createDirectories(dir);
            generated.writeCsv(dir.resolve("synthetic-liverec.csv"));
            generated.writeTexts(dir.resolve("synthetic-liverec-streamers.csv"));
            streamerTexts = Optional.of(generated.textsByLogIndex());
            source = "synthetic LiveRec-format log (SyntheticLiveLog seed 7, " + generator.users() + " users), written to "
                    + dir.resolve("synthetic-liverec.csv");
        }
        if (textFile != null) {
            streamerTexts = Optional.of(readTexts(textFile, viewingLog));
        }
        var job = new RecommenderTraining.Job(viewingLog, source, streamerTexts,
                Arrays.asList(Feedback.Weighting.values()),
                withEpochs(NeuralParams.defaults(), neuralEpochs), maxValidation);
        long t0 = System.nanoTime();
        try (SparkSession spark = spark(master)) {
            var outcome = new RecommenderTraining(spark, new ModelRegistry(data.resolve("models"))).run(job);
            CONSOLE.info("recommender: done in {}s; report {}", Math.round((System.nanoTime() - t0) / 1e9),
                    outcome.report());
        }
        return 0;
    }

    static NeuralParams withEpochs(NeuralParams p, int epochs) {
        return new NeuralParams(p.vocabulary(), p.hidden(), epochs, p.maxExamples(), p.batchSize(), p.learningRate(),
                p.seed());
    }

    /** Spark in local mode unless spark-submit already chose a master. */
    static SparkSession spark(String master) {
        var builder = SparkSession.builder().appName("livepulse-train-recommender")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4");
        if (System.getProperty("spark.master") == null) {
            builder.master(master);
        }
        return builder.getOrCreate();
    }

    static String[] readTexts(Path file, ViewingLog log) throws IOException {
        var byName = new HashMap<String, String>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            int comma = line.indexOf(',');
            if (comma > 0) {
                byName.put(line.substring(0, comma), line.substring(comma + 1));
            }
        }
        String[] out = new String[log.streamers()];
        for (int s = 0; s < out.length; s++) {
            out[s] = byName.get(log.streamerName(s));
        }
        return out;
    }
}
