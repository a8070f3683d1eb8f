package io.livepulse.streaming.bench;

import io.livepulse.models.features.FeatureParams;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventType;
import io.livepulse.streaming.StreamingConfig;
import io.livepulse.streaming.features.Decoded;
import io.livepulse.streaming.features.EncodedEventsSource;
import io.livepulse.streaming.features.FeatureJob;
import io.livepulse.streaming.features.FeatureSinks;
import io.livepulse.streaming.features.KafkaEndpoints;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of the feature job on a local MiniCluster from a pre-generated bounded source of Avro-encoded
 * events (no Kafka), and again from a Kafka broker holding the same events (in a JVM of its own, {@link BenchBroker};
 * bounded Kafka source, read_committed), against the limit: one thread decoding the same bytes and updating the same
 * aggregates in hash maps, measured again right before every job round. Prints, per round and as the best and the
 * median of the measured rounds, the ratio per core on the wall clock (events/s over the machine's cores) and per
 * CPU-second the job's process used (including job start-up, GC and JIT), and per task-thread CPU-second. Each job
 * round also prints where the process's CPU went, by thread group ({@link ThreadCpuBreakdown}).
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

    @Option(names = "--partitions", description = "Partitions of each events topic (default: the parallelism; "
            + "the platform's default, kafka.partitions, is 4).")
    Integer partitions;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Measured rounds of each (after the warm-ups); the summary gives the best and the median.")
    int rounds;

    @Option(names = "--warmups", defaultValue = "5",
            description = "Unmeasured rounds of each before the measured ones (JIT compilation, class loading).")
    int warmups;

    @Option(names = "--checkpoint-ms", defaultValue = "10000",
            description = "Checkpoint interval (heap state backend); 10 s is the production default "
                    + "(streaming.checkpoint-interval); 0 runs without checkpoints.")
    long checkpointMs;

    @Option(names = "--new-cluster-per-round",
            description = "Start a MiniCluster for every job run (its start-up, and the JIT compiling it, then count "
                    + "in every round) instead of submitting every run to one cluster, as to a running cluster.")
    boolean newClusterPerRound;

    @Option(names = "--no-kafka", description = "Skip the run from a broker holding the pre-produced events.")
    boolean skipKafka;

    @Option(names = "--no-file", description = "Skip the run from the pre-generated file.")
    boolean skipFile;

    @Option(names = "--in-process-broker",
            description = "Run the Kafka broker inside the benchmark's JVM (its threads, allocation and GC then count "
                    + "as the job's) instead of in a JVM of its own, as a broker runs in production.")
    boolean inProcessBroker;

    private String checkpoints;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FeatureJobBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || warmups < 0 || checkpointMs < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--rounds must be at least 1, --warmups and --checkpoint-ms at least 0");
        }
        var dir = Files.createTempDirectory("livepulse-bench");
        try {
            run(dir);
        } finally {
            // The input file, checkpoints and broker log are 100-300 MB per run at 64,000 users.
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return 0;
    }

    private void run(Path dir) throws Exception {
        var eventsFile = dir.resolve("events.bin");
        checkpoints = dir.resolve("checkpoints").toUri().toString();
        int events = writeLog(eventsFile);
        var limit = measureLimit(eventsFile);

        MiniCluster cluster = null;
        if (!newClusterPerRound) {
            var clusterConf = new Configuration();
            clusterConf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
            clusterConf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
            // Any free port: the launcher's apps (the collector listens on 8081) may run on the same machine.
            clusterConf.set(RestOptions.BIND_PORT, "0");
            flinkOptions().forEach(clusterConf::setString);
            cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(clusterConf)
                    .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build());
            cluster.start();
        }
        var flink = new Best();
        for (int round = 0; round < (skipFile ? 0 : warmups + rounds); round++) {
            flink.pairWith(limitPass(EncodedEventsSource.readAll(eventsFile)));
            measureJob(cluster, flink, round, "flink", events, () -> EncodedEventsSource.fromFile(eventsFile));
        }
        var kafka = new Best();
        if (!skipKafka) {
            try (var broker = inProcessBroker ? BenchBroker.inProcess(dir.resolve("kafka"))
                    : BenchBroker.childProcess(dir.resolve("broker"), topicPartitions())) {
                var topics = new TopicCatalog(BenchBroker.TOPIC_PREFIX, topicPartitions(), (short) 1);
                produce(broker.bootstrapServers(), topics, EncodedEventsSource.readAll(eventsFile));
                var endpoints = new KafkaEndpoints(broker.bootstrapServers(), topics, "bench");
                for (int round = 0; round < warmups + rounds; round++) {
                    String group = "bench-" + round;
                    kafka.pairWith(limitPass(EncodedEventsSource.readAll(eventsFile)));
                    double brokerCpu = broker.cpuSeconds();
                    measureJob(cluster, kafka, round, "kafka", events, () -> endpoints.events(group, true));
                    if (!inProcessBroker) {
                        CONSOLE.info(String.format(Locale.ROOT, "kafka round %d: the broker's JVM used %.2f CPU-s",
                                round, broker.cpuSeconds() - brokerCpu));
                    }
                }
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        CONSOLE.info(String.format(Locale.ROOT,
                "RESULT events=%d limit=%,.0f/s wall %,.0f/CPU-s (1 thread, best of its first %d passes) | flink %s | "
                        + "kafka %s | parallelism %d on %d cores (goal >= 0.30)",
                events, limit.wall(), limit.perCpu(), warmups + rounds, skipFile ? "skipped" : flink.summary(), skipKafka ? "skipped" : kafka.summary(),
                parallelism, Runtime.getRuntime().availableProcessors()));
    }

    private int topicPartitions() {
        return partitions == null ? parallelism : partitions;
    }

    /** Flink options given as {@code -Dflink.<key>=<value>} system properties, for trying cluster settings. */
    private static Map<String, String> flinkOptions() {
        var options = new TreeMap<String, String>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("flink."))
                .forEach(name -> options.put(name.substring("flink.".length()), System.getProperty(name)));
        if (!options.isEmpty()) {
            CONSOLE.info("Flink options from the command line: {}", options);
        }
        return options;
    }

    /**
     * Writes the synthetic log, encoded, to {@code file} and returns its size. The generated records (1.37 million
     * at 64,000 users, each with its strings) and their bytes then leave the heap: while they stayed live, the
     * garbage collector traced and copied them during every job round.
     */
    private int writeLog(Path file) throws Exception {
        var generator = new SyntheticEvents(42);
        var log = generator.shuffledWithin(generator.log(rooms, users, minutes), 2_000);
        List<byte[]> encoded = log.stream().map(r -> AvroCodec.standard().encode(r)).toList();
        CONSOLE.info("Generated {} Avro-encoded events ({} users, {} rooms, {} min of event time)", encoded.size(), users,
                rooms, minutes);
        EncodedEventsSource.write(encoded, file);
        return encoded.size();
    }

    /**
     * The single-threaded limit, {@code warmups + rounds} passes over the file's events (its JIT warm-up); prints
     * each and returns the best events/s of wall clock and per CPU-second.
     */
    private LimitPass measureLimit(Path file) throws Exception {
        List<byte[]> encoded = EncodedEventsSource.readAll(file);
        var best = new LimitPass(0, 0, 0);
        for (int round = 0; round < warmups + rounds; round++) {
            var pass = limitPass(encoded);
            CONSOLE.info(String.format(Locale.ROOT, "limit  round %d: %,.0f events/s wall, %,.0f events per CPU-s "
                    + "(1 thread, checksum %d)", round, pass.wall(), pass.perCpu(), pass.checksum()));
            best = new LimitPass(Math.max(best.wall(), pass.wall()), Math.max(best.perCpu(), pass.perCpu()),
                    pass.checksum());
        }
        return best;
    }

    /** Events per second of wall clock and per CPU-second of one limit pass, and its checksum. */
    private record LimitPass(double wall, double perCpu, long checksum) {}

    /**
     * One pass of the limit: decodes {@code encoded} and updates the hash maps on this thread. Also run right before
     * every job round, so that each round's ratio compares the job with the limit under the same conditions: on a
     * shared virtual machine the speed of a core drifts by 20-40 % within minutes.
     */
    private static LimitPass limitPass(List<byte[]> encoded) {
        var threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        long checksum = new HashMapAggregates(PARAMS).run(encoded);
        return new LimitPass(encoded.size() / seconds(start),
                encoded.size() / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9), checksum);
    }

    /** A source for one run of the job. */
    private interface SourceFactory {
        Source<Decoded, ?, ?> create() throws Exception;
    }

    /** Runs the job once: on {@code cluster}, or on a MiniCluster of its own when that is null. */
    private void measureJob(MiniCluster cluster, Best best, int round, String name, int events, SourceFactory source)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        // As in production (StreamingMain): snapshots go to files; the JobManager's memory refuses more than 5 MB.
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        conf.set(RestOptions.BIND_PORT, "0");
        var env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        if (checkpointMs > 0) {
            env.enableCheckpointing(checkpointMs);
        }
        var config = new StreamingConfig(PARAMS, Duration.ofSeconds(2), Duration.ofMinutes(30), Duration.ZERO,
                Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofSeconds(10), "heap", parallelism, 0, Duration.ZERO,
                false, "unused", "unused.", Path.of("unused"));
        var sinks = new FeatureSinks(List.of(new DiscardingSink<>()), List.of(new DiscardingSink<>()),
                List.of(new DiscardingSink<>()), List.of(new DiscardingSink<>()), List.of(new DiscardingSink<>()));
        long start = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        var gcBefore = GcCounts.now();
        var breakdown = new ThreadCpuBreakdown(ThreadCpuBreakdown.CLOCK_TICKS_PER_SECOND);
        JobExecutionResult result;
        if (cluster != null) {
            new FeatureJob(source.create(), sinks, config).build(env);
            result = cluster.executeJobBlocking(env.getStreamGraph().getJobGraph());
        } else {
            result = new FeatureJob(source.create(), sinks, config).execute(env);
        }
        var cpuByThread = breakdown.stop();
        long taskNanos = (long) (cpuByThread.seconds("task threads") * 1e9);
        best.add(round, name, events, start, os.getProcessCpuTime() - cpu, String.format(Locale.ROOT,
                "per process CPU-s (parallelism %d, incl. job start), %,.0f per task-thread CPU-s (%.1f s); %,.0f "
                        + "events/s of the job's net run time", parallelism, events / (taskNanos / 1e9), taskNanos / 1e9,
                events / (result.getNetRuntime() / 1e3)));
        best.addTaskCpu(round, events / (taskNanos / 1e9));
        CONSOLE.info("{} round {} CPU by thread group: {}", name, round, cpuByThread.summary());
        CONSOLE.info("{} round {} busiest threads (CPU-s): {}", name, round, cpuByThread.topThreads(12));
CONSOLE.info(String.format(Locale.ROOT, "%s round %d GC: %s; task threads allocated %.0f bytes per event",
                name, round, gcBefore.until(GcCounts.now()), cpuByThread.taskAllocatedBytes() / (double) events));
    }

    private static void produce(String bootstrap, TopicCatalog topics, List<byte[]> encoded) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            topics.ensureTopics(admin);
        }
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        // Fresh partitions answer NotLeaderOrFollower for a moment; idempotent retries can then fail with
        // out-of-order sequence errors. One request in flight keeps retries safe and in order.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long start = System.nanoTime();
        var failures = new AtomicReference<Exception>();
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            for (byte[] bytes : encoded) {
                var event = AvroCodec.standard().decode(bytes);
                String room = String.valueOf(((SpecificRecordBase) event).get("roomId"));
                producer.send(new ProducerRecord<>(topics.topicFor(EventType.of(event).orElseThrow()), room, bytes),
                        (metadata, e) -> {
                            if (e != null) {
                                failures.compareAndSet(null, e);
                            }
                        });
            }
        }
        if (failures.get() != null) {
            throw new IllegalStateException("pre-producing the events failed", failures.get());
        }
        CONSOLE.info(String.format(Locale.ROOT, "Pre-produced %d events to %s in %.1f s", encoded.size(),
                topics.eventTopics(), seconds(start)));
    }

    /**
     * The measured rounds of one kind (the first {@code warmups} rounds are not measured), each with the limit pass
     * run just before it. The ratios per core: wall-clock events/s over the machine's cores against the limit's
     * events/s (every core counted, used or not), and events per CPU-second of the whole process (task threads, GC,
     * JIT, Flink's runtime) against the limit's per CPU-second: the throughput per core the job actually used.
     */
    private final class Best {
        private final int cores = Runtime.getRuntime().availableProcessors();
        private final List<double[]> measured = new java.util.ArrayList<>();
        private LimitPass pairedLimit;
        private double taskCpuRatio;

        void pairWith(LimitPass limit) {
            pairedLimit = limit;
        }

        void addTaskCpu(int round, double perTaskCpuSecond) {
            if (round >= warmups) {
                taskCpuRatio = Math.max(taskCpuRatio, perTaskCpuSecond / pairedLimit.perCpu());
            }
        }

        void add(int round, String name, int events, long startNanos, long cpuNanos, String note) {
            double rate = events / seconds(startNanos);
            double perCpuSecond = events / (cpuNanos / 1e9);
            double wallRatio = rate / cores / pairedLimit.wall();
            double cpuRatio = perCpuSecond / pairedLimit.perCpu();
            CONSOLE.info(String.format(Locale.ROOT, "%-6s round %d: %,.0f events/s wall, %,.0f events per CPU-s %s; "
                            + "limit just before %,.0f/s wall, %,.0f/CPU-s: %.3f per core (wall), %.3f per CPU-s%s",
                    name, round, rate, perCpuSecond, note, pairedLimit.wall(), pairedLimit.perCpu(), wallRatio, cpuRatio,
                    round < warmups ? " warm-up" : ""));
            if (round >= warmups) {
                measured.add(new double[] {rate, perCpuSecond, wallRatio, cpuRatio});
            }
        }

        /** The best and the median round of each ratio. */
        String summary() {
            double[] wall = measured.stream().mapToDouble(r -> r[2]).sorted().toArray();
            double[] cpu = measured.stream().mapToDouble(r -> r[3]).sorted().toArray();
            double bestRate = measured.stream().mapToDouble(r -> r[0]).max().orElse(0);
            return String.format(Locale.ROOT, "best %,.0f/s wall: per core (wall) best %.3f median %.3f, per CPU-s "
                            + "best %.3f median %.3f, per task-thread CPU-s best %.3f", bestRate, wall[wall.length - 1],
                    median(wall), cpu[cpu.length - 1], median(cpu), taskCpuRatio);
        }

        private static double median(double[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    /** Collections and their time per garbage collector, since JVM start. */
    private record GcCounts(Map<String, long[]> countAndMillis) {
        static GcCounts now() {
            var counts = new TreeMap<String, long[]>();
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                counts.put(gc.getName(), new long[] {gc.getCollectionCount(), gc.getCollectionTime()});
            }
            return new GcCounts(counts);
        }

        String until(GcCounts later) {
            var text = new StringBuilder();
            later.countAndMillis.forEach((name, after) -> {
                long[] before = countAndMillis.getOrDefault(name, new long[2]);
                text.append(String.format(Locale.ROOT, "%s%s %d in %d ms", text.isEmpty() ? "" : ", ", name,
                        after[0] - before[0], after[1] - before[1]));
            });
            return text.toString();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
