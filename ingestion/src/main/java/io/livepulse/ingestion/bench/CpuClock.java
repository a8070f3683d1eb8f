package io.livepulse.ingestion.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM, split by thread group, read at the start and end of a benchmark phase. On a shared
 * machine the wall clock is stretched by other processes; CPU time is much less so.
 */
final class CpuClock {
    static final String LOAD_GENERATOR = "load generator";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Process CPU and the CPU of each live Java thread (by id) at one instant. */
    record Reading(long wallNanos, long processCpuNanos, Map<Long, Long> threadCpuNanos, Map<Long, String> groups) {}

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
        var cpu = new HashMap<Long, Long>();
        var groups = new HashMap<Long, String>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                cpu.put(info.getThreadId(), THREADS.getThreadCpuTime(info.getThreadId()));
                groups.put(info.getThreadId(), group(info.getThreadName()));
            }
        }
        return new Reading(System.nanoTime(), OS.getProcessCpuTime(), cpu, groups);
    }

    /** Threads that ended during the phase are counted under "other (GC, JIT, ...)" with the JVM's own threads. */
    static Cost between(Reading start, Reading end) {
        var groups = new TreeMap<String, Double>();
        double javaThreads = 0;
        for (var e : end.threadCpuNanos().entrySet()) {
            long before = start.threadCpuNanos().getOrDefault(e.getKey(), 0L);
            if (e.getValue() > 0) {
                double seconds = (e.getValue() - Math.max(0, before)) / 1e9;
                groups.merge(end.groups().get(e.getKey()), seconds, Double::sum);
                javaThreads += seconds;
            }
        }
        double process = (end.processCpuNanos() - start.processCpuNanos()) / 1e9;
        groups.put("other (GC, JIT, ...)", process - javaThreads);
        return new Cost((end.wallNanos() - start.wallNanos()) / 1e9, process, groups);
    }

    private static String group(String name) {
        if (name.startsWith("HttpClient-") || name.startsWith("load-generator-")) {
            return LOAD_GENERATOR;
        } else if (name.startsWith("JettyServerThreadPool") || name.startsWith("qtp")) {
            return "collector HTTP threads";
        } else if (name.startsWith("kafka-producer-network-thread")) {
            return "producer I/O thread";
        } else if (name.equals("main")) {
            return "main (plain producer)";
        }
        return "broker and other Java threads";
    }
}
