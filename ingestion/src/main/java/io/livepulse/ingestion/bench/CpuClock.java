package io.livepulse.ingestion.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM, and of the load generator's threads, read at the start and end of a benchmark phase.
 * On a shared machine the wall clock is stretched by other processes; CPU time is much less so.
 */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Process CPU and per-thread CPU (by thread id, of load generator threads) at one instant. */
    record Reading(long wallNanos, long processCpuNanos, Map<Long, Long> loadGeneratorCpuNanos) {}

    /** What a phase cost. */
    record Cost(double wallSeconds, double processCpuSeconds, double loadGeneratorCpuSeconds) {
        double systemUnderTestCpuSeconds() {
            return processCpuSeconds - loadGeneratorCpuSeconds;
        }
    }

    private CpuClock() {}

    static Reading read() {
        var loadGenerator = new HashMap<Long, Long>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && isLoadGenerator(info.getThreadName())) {
                loadGenerator.put(info.getThreadId(), THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return new Reading(System.nanoTime(), OS.getProcessCpuTime(), loadGenerator);
    }

    static Cost between(Reading start, Reading end) {
        long generator = 0;
        for (var e : end.loadGeneratorCpuNanos().entrySet()) {
            long before = start.loadGeneratorCpuNanos().getOrDefault(e.getKey(), 0L);
            if (e.getValue() > 0) {
                generator += e.getValue() - Math.max(0, before);
            }
        }
        return new Cost((end.wallNanos() - start.wallNanos()) / 1e9,
                (end.processCpuNanos() - start.processCpuNanos()) / 1e9, generator / 1e9);
    }

    /** The HTTP client's own threads and the benchmark's client pool ({@code load-generator-*}). */
    private static boolean isLoadGenerator(String name) {
        return name.startsWith("HttpClient-") || name.startsWith("load-generator-");
    }
}
