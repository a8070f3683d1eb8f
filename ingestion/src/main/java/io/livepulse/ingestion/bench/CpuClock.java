package io.livepulse.ingestion.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM, split by thread group, read at the start and end of a benchmark phase. On a shared
 * machine the wall clock is stretched by other processes; CPU time is much less so.
 *
 * <p>Each thread's CPU comes from Linux ({@code /proc/self/task/<tid>/schedstat}, nanoseconds, and {@code comm},
 * the first 15 characters of its name), so the JVM's own threads are split too: garbage collection, the JIT
 * compilers, the VM thread. Elsewhere only the process total is known.
 */
final class CpuClock {
    static final String LOAD_GENERATOR = "load generator";
    static final String ENDED = "threads that ended in the phase";
    static final String JIT = "JIT compilers";
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Process CPU and, per Linux thread id, the thread's name and CPU at one instant. */
    record Reading(long wallNanos, long processCpuNanos, Map<Long, ThreadCpu> threads) {}

    /** A thread's name as Linux shows it (at most 15 characters) and its CPU time so far. */
    record ThreadCpu(String name, long cpuNanos) {}

    /** What a phase cost; {@code groups} splits the process CPU by thread group (seconds). */
    record Cost(double wallSeconds, double processCpuSeconds, Map<String, Double> groups) {
        double loadGeneratorCpuSeconds() {
            return groups.getOrDefault(LOAD_GENERATOR, 0.0);
        }

        double systemUnderTestCpuSeconds() {
            return processCpuSeconds - loadGeneratorCpuSeconds();
        }
    }

    private CpuClock() {}

    static Reading read() {
        var threads = new HashMap<Long, ThreadCpu>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(
                            Files.readString(task.resolve("comm")).trim(),
                            Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')))));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while the directory was listed; its CPU shows up under ENDED
                    continue;
                }
            }
        } catch (IOException e) {
            threads.clear();
        }
        return new Reading(System.nanoTime(), OS.getProcessCpuTime(), threads);
    }

    /**
     * The phase's CPU by group. Threads that ended during the phase are no longer listed at its end; their CPU is
     * the part of the process total that no listed thread accounts for.
     */
    static Cost between(Reading start, Reading end) {
        var groups = new TreeMap<String, Double>();
        double listed = 0;
        for (var e : end.threads().entrySet()) {
            var before = start.threads().get(e.getKey());
            double seconds = (e.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos())) / 1e9;
            if (seconds > 0) {
                groups.merge(group(e.getValue().name()), seconds, Double::sum);
                listed += seconds;
            }
        }
        double process = (end.processCpuNanos() - start.processCpuNanos()) / 1e9;
        if (!end.threads().isEmpty()) {
            groups.put(ENDED, Math.max(0, process - listed));
        }
        return new Cost((end.wallNanos() - start.wallNanos()) / 1e9, process, groups);
    }

    /**
     * Waits (up to {@code max}) until the JIT compilers have been nearly idle for a moment, so that work queued
     * while a phase was being prepared (building its records or bodies) is not compiled on the phase's clock.
     * Returns the seconds waited.
     */
    static double awaitQuietCompilers(java.time.Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long last = compilerNanos(read());
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() - start < max.toNanos()) {
            Thread.sleep(100);
            long now = compilerNanos(read());
            quiet = now - last < 5_000_000 ? quiet + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long compilerNanos(Reading reading) {
        long sum = 0;
        for (ThreadCpu t : reading.threads().values()) {
            if (JIT.equals(group(t.name()))) {
                sum += t.cpuNanos();
            }
        }
        return sum;
    }

    /** The group of a thread, by its (possibly cut) Linux name. */
    static String group(String name) {
        if (name.startsWith("HttpClient") || name.startsWith("load-generator") || name.startsWith("loadgen")) {
            return LOAD_GENERATOR;
        } else if (name.startsWith("JettyServerThre") || name.startsWith("qtp")) {
            return "collector HTTP threads";
        } else if (name.startsWith("kafka-producer-")) {
            return "producer I/O thread";
        } else if (name.equals("main") || name.equals("java")) {
            return "main (plain producer)";
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "GC (and VM thread)";
        } else if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return JIT;
        } else if (name.startsWith("data-plane-kafk") || name.startsWith("kafka-") || name.startsWith("broker-")
                || name.startsWith("quorum-") || name.startsWith("controller-") || name.startsWith("group-coord")) {
            return "broker";
        }
        return "other threads";
    }
}
