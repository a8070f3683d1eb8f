package io.livepulse.streaming.bench;

import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka broker a benchmark reads from: by default the embedded broker in a JVM of its own ({@code livepulse
 * broker}, as it runs in production), so that the CPU time, allocation and garbage collection of the benchmark's
 * process are the job's alone; or, for comparison, in the benchmark's own JVM.
 */
abstract class BenchBroker implements AutoCloseable {
    /** Prefix of the topics {@link #childProcess} creates. */
    static final String TOPIC_PREFIX = "bench.";
    private static final long START_TIMEOUT_SECONDS = 120;

    abstract String bootstrapServers();

    /** CPU seconds the broker's JVM has used so far; 0 for a broker inside this JVM (its threads count as ours). */
    abstract double cpuSeconds();

    @Override
    public abstract void close();

    static BenchBroker inProcess(Path dataDir) {
        var broker = InProcessKafkaBroker.start(dataDir, 0);
        return new BenchBroker() {
            @Override
            String bootstrapServers() {
                return broker.bootstrapServers();
            }

            @Override
            double cpuSeconds() {
                return 0;
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    /**
     * Starts {@code livepulse broker} with its data under {@code dir} and topics of {@code partitions} partitions,
     * from this JVM's classpath, and waits until its topics exist (whatever its logging prints). Its output goes to
     * {@code dir/broker.log}.
     */
    static BenchBroker childProcess(Path dir, int partitions) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String bootstrap = "localhost:" + port;
        Path config = dir.resolve("broker.properties");
        Files.write(config, List.of("data.dir=" + dir, "kafka.bootstrap-servers=", "kafka.embedded-port=" + port,
                "kafka.topic-prefix=" + TOPIC_PREFIX, "kafka.partitions=" + partitions, "kafka.replication-factor=1"));
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.livepulse.platform.launcher.LivePulseCli", "broker",
                "--config", config.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile()).start();
        // A benchmark stopped with Ctrl-C runs shutdown hooks, not the finally blocks that close the broker.
        var stopOnExit = new Thread(process::destroy, "stop-broker");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            awaitTopics(process, bootstrap, new TopicCatalog(TOPIC_PREFIX, partitions, (short) 1).eventTopics());
        } catch (IOException | RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        return new BenchBroker() {
            @Override
            String bootstrapServers() {
                return bootstrap;
            }

            @Override
            double cpuSeconds() {
                return processCpuTicks(process.pid()) / (double) ThreadCpuBreakdown.CLOCK_TICKS_PER_SECOND;
            }

            @Override
            public void close() {
                process.destroy();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook stops the broker.
                }
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Polls the broker until every one of {@code topics} exists; fails when the process exits or time runs out. */
    private static void awaitTopics(Process process, String bootstrap, List<String> topics)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the broker exited with " + process.exitValue() + " before its topics existed");
                }
                try {
                    if (admin.listTopics().names().get(2, TimeUnit.SECONDS).containsAll(topics)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // Not listening yet.
                }
                Thread.sleep(200);
            }
        }
        throw new IOException("the broker's topics " + topics + " did not appear within " + START_TIMEOUT_SECONDS + " s");
    }

    /** User plus system CPU time of process {@code pid}, in clock ticks; 0 once it has exited. */
    private static long processCpuTicks(long pid) {
        try {
            return ThreadCpuBreakdown.parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))).ticks();
        } catch (IOException e) {
            return 0;
        }
    }
}
