package io.livepulse.streaming.bench;

import io.livepulse.platform.kafka.InProcessKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka broker a benchmark reads from: by default the embedded broker in a JVM of its own ({@code livepulse
 * broker}, as it runs in production), so that the CPU time, allocation and garbage collection of the benchmark's
 * process are the job's alone; or, for comparison, in the benchmark's own JVM.
 */
abstract class BenchBroker implements AutoCloseable {
    /** What {@code LivePulseCli broker} prints once its topics exist. */
    private static final String READY = "LivePulse broker ready at ";
    private static final long START_TIMEOUT_SECONDS = 120;
    /** {@code getconf CLK_TCK} on Linux x86-64: /proc reports CPU time in these. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

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
     * Starts {@code livepulse broker} on any free port with its data under {@code dir} and topics of
     * {@code partitions} partitions, from this JVM's classpath, and waits until it is ready. Its output goes to
     * {@code dir/broker.log}.
     */
    static BenchBroker childProcess(Path dir, int partitions) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("broker.properties");
        Files.write(config, List.of("data.dir=" + dir, "kafka.bootstrap-servers=", "kafka.embedded-port=0",
                "kafka.topic-prefix=bench.", "kafka.partitions=" + partitions, "kafka.replication-factor=1"));
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.livepulse.platform.launcher.LivePulseCli", "broker",
                "--config", config.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var ready = new CompletableFuture<String>();
        var pump = new Thread(() -> pump(process, dir.resolve("broker.log"), ready), "broker-output");
        pump.setDaemon(true);
        pump.start();
        String bootstrap;
        try {
            bootstrap = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the broker did not start; its output is in " + dir.resolve("broker.log"), e);
        }
        return new BenchBroker() {
            @Override
            String bootstrapServers() {
                return bootstrap;
            }

            @Override
            double cpuSeconds() {
                return processCpuTicks(process.pid()) / CLOCK_TICKS_PER_SECOND;
            }

            @Override
            public void close() {
                process.destroy();
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

    private static void pump(Process process, Path log, CompletableFuture<String> ready) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = new PrintWriter(Files.newBufferedWriter(log))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println(line);
                int at = line.indexOf(READY);
                if (at >= 0) {
                    ready.complete(line.substring(at + READY.length()).trim());
                }
            }
            ready.completeExceptionally(new IllegalStateException("the broker exited with " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
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
