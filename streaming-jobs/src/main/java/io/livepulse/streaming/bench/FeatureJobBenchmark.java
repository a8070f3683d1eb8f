package io.livepulse.streaming.bench;

import io.livepulse.models.features.FeatureParams;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.streaming.StreamingConfig;
import io.livepulse.streaming.features.EncodedEventsSource;
import io.livepulse.streaming.features.FeatureJob;
import io.livepulse.streaming.features.FeatureSinks;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of the feature job on a local MiniCluster from a pre-generated bounded source of Avro-encoded
 * events (no Kafka), against the limit measured in the same run: one thread decoding the same bytes and
 * updating the same aggregates in hash maps. Prints events/s (wall) of both and the ratio per core used, and,
 * fair on a shared machine, events per CPU-second (the limit's thread against the whole Flink process).
 */
@Command(name = "feature-job-benchmark", mixinStandardHelpOptions = true)
public final class FeatureJobBenchmark implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final FeatureParams PARAMS =
            new FeatureParams(Duration.ofSeconds(60), 1000, Duration.ofSeconds(60), Duration.ofSeconds(10));

    @Option(names = "--users", defaultValue = "4000", description = "Viewers in the synthetic log.")
    int users;

    @Option(names = "--rooms", defaultValue = "50")
    int rooms;

    @Option(names = "--minutes", defaultValue = "120", description = "Event-time span of the log.")
    int minutes;

    @Option(names = "--parallelism", defaultValue = "2")
    int parallelism;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds of each (after one warm-up).")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FeatureJobBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var generator = new SyntheticEvents(42);
        var log = generator.shuffledWithin(generator.log(rooms, users, minutes), 2_000);
        List<byte[]> encoded = log.stream().map(r -> AvroCodec.standard().encode(r)).toList();
        CONSOLE.info("Generated {} Avro-encoded events ({} users, {} rooms, {} min of event time)", encoded.size(), users,
                rooms, minutes);

        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double limit = 0;
        double limitPerCpu = 0;
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long checksum = new HashMapAggregates(PARAMS).run(encoded);
            double rate = encoded.size() / seconds(start);
            double perCpu = encoded.size() / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
            CONSOLE.info(String.format(Locale.ROOT, "limit   round %d: %,.0f events/s wall, %,.0f events per CPU-s "
                    + "(checksum %d)%s", round, rate, perCpu, checksum, round == 0 ? " warm-up" : ""));
            limit = round == 0 ? 0 : Math.max(limit, rate);
            limitPerCpu = round == 0 ? 0 : Math.max(limitPerCpu, perCpu);
        }
        double job = 0;
        double jobPerCpu = 0;
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            runJob(encoded);
            double rate = encoded.size() / seconds(start);
            double perCpu = encoded.size() / ((os.getProcessCpuTime() - cpu) / 1e9);
            CONSOLE.info(String.format(Locale.ROOT, "flink   round %d: %,.0f events/s wall, %,.0f events per process "
                    + "CPU-s (parallelism %d, incl. job start)%s", round, rate, perCpu, parallelism,
                    round == 0 ? " warm-up" : ""));
            job = round == 0 ? 0 : Math.max(job, rate);
            jobPerCpu = round == 0 ? 0 : Math.max(jobPerCpu, perCpu);
        }
        int cores = Math.min(parallelism, Runtime.getRuntime().availableProcessors());
        CONSOLE.info(String.format(Locale.ROOT,
                "RESULT events=%d limit=%,.0f/s wall %,.0f/CPU-s (1 thread) flink=%,.0f/s wall %,.0f/CPU-s "
                        + "(parallelism %d, %d cores) wall-ratio-per-core=%.3f cpu-ratio=%.3f (goal >= 0.30)",
                encoded.size(), limit, limitPerCpu, job, jobPerCpu, parallelism, cores, job / cores / limit,
                jobPerCpu / limitPerCpu));
        return 0;
    }

    private void runJob(List<byte[]> encoded) throws Exception {
        var conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        var env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        var dataDir = Files.createTempDirectory("livepulse-bench");
        var config = new StreamingConfig(PARAMS, Duration.ofSeconds(2), Duration.ofMinutes(30), Duration.ZERO,
                Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofSeconds(10), "heap", parallelism, 0, Duration.ZERO,
                false, "unused", "unused.", dataDir);
        var sinks = new FeatureSinks(List.of(new DiscardingSink<>()), List.of(new DiscardingSink<>()),
                List.of(new DiscardingSink<>()), List.of(new DiscardingSink<>()), List.of(new DiscardingSink<>()));
        new FeatureJob(EncodedEventsSource.of(encoded), sinks, config).execute(env);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
