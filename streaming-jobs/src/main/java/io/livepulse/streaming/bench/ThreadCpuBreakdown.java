package io.livepulse.streaming.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CPU time of every thread of this process (from {@code /proc/self/task/<tid>/stat}, so GC workers, JIT
 * compiler threads and the VM thread count as well as Java threads), sampled while a job runs because task
 * threads end with the job. {@link #stop()} attributes the process CPU time of the interval to thread groups:
 * the job's task threads, GC, JIT, Flink's runtime threads, the Kafka broker and clients, the benchmark itself,
 * and what threads that ended between two samples used (the process total minus the sampled threads). It also sums
 * the bytes the task threads allocated (from the first sample that saw each thread, so a few ms may be missed).
 */
final class ThreadCpuBreakdown {
    /** {@code getconf CLK_TCK} on Linux x86-64: /proc reports CPU time in these. */
    static final long CLOCK_TICKS_PER_SECOND = 100;
    /** Flink names a task thread {@code "<chain> (i/n)#attempt"}; the Kafka source reads in its fetcher threads. */
    private static final Pattern TASK = Pattern.compile(".*\\(\\d+/\\d+\\)#\\d+$|^Source Data Fetcher.*");
    /** The kernel keeps the first 15 bytes of a thread's name. */
    private static final int COMM_LENGTH = 15;
    private static final long PERIOD_MS = 100;
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path PROCESS_STAT = Path.of("/proc/self/stat");

    /** Thread groups in print order. */
    static final List<String> GROUPS = List.of("task threads", "GC", "JIT compiler", "VM thread", "Flink runtime",
            "Kafka", "benchmark main", "other", "ended between samples");

    private final long ticksPerSecond;
    private final long processStartTicks;
    private final Map<Integer, ThreadTicks> start = new HashMap<>();
    private final Map<Integer, ThreadTicks> latest = new HashMap<>();
    private final Set<String> taskNames = new HashSet<>();
    /** Bytes allocated per task thread (Java thread id): the first sample seen and the latest. */
    private final Map<Long, long[]> taskAllocated = new HashMap<>();
    private final byte[] buffer = new byte[1024];
    private final Thread sampler;
    private volatile boolean running = true;

    /** One thread's name and CPU time (user + system) in clock ticks. */
    record ThreadTicks(String comm, long ticks) {}

    /** CPU seconds per group and per thread name, and the process total, over one interval. */
    record Breakdown(Map<String, Double> secondsByGroup, Map<String, Double> secondsByThread, double processSeconds,
            long taskAllocatedBytes) {
        double seconds(String group) {
            return secondsByGroup.getOrDefault(group, 0.0);
        }

        /** One line: every group's CPU seconds and share of the process. */
        String summary() {
            var line = new StringBuilder(String.format(Locale.ROOT, "process %.2f CPU-s:", processSeconds));
            for (String group : GROUPS) {
                double s = seconds(group);
                if (s > 0) {
                    line.append(String.format(Locale.ROOT, " %s %.2f (%.0f%%),", group, s, 100 * s / processSeconds));
                }
            }
            line.setLength(line.length() - 1);
            return line.toString();
        }

        /** The {@code n} busiest thread names (threads of one name summed). */
        String topThreads(int n) {
            var line = new StringBuilder();
            secondsByThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                    .forEach(e -> line.append(String.format(Locale.ROOT, " [%s] %.2f", e.getKey(), e.getValue())));
            return line.toString().trim();
        }
    }

    ThreadCpuBreakdown(long ticksPerSecond) throws IOException {
        this.ticksPerSecond = ticksPerSecond;
        this.processStartTicks = processTicks();
        sample();
        start.putAll(latest);
        sampler = new Thread(this::sampleUntilStopped, "cpu-breakdown-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleUntilStopped() {
        while (running) {
            try {
                sample();
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | UncheckedIOException e) {
                // A thread ended while /proc was listed ("No such process"): the next sample, taken at once, reads
                // every live thread again, so nothing is lost but this partial sample.
            }
        }
    }

    private void sample() throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var names = new ArrayList<String>();
        var allocated = new HashMap<Long, Long>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && TASK.matcher(info.getThreadName()).matches()) {
                names.add(comm(info.getThreadName()));
                long bytes = threads.getThreadAllocatedBytes(info.getThreadId());
                if (bytes >= 0) {
                    allocated.put(info.getThreadId(), bytes);
                }
            }
        }
        var current = new HashMap<Integer, ThreadTicks>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    current.put(Integer.parseInt(task.getFileName().toString()), parse(read(task.resolve("stat"))));
                } catch (IOException ended) {
                    // The thread ended after the directory listing; its last sample stands.
                }
            }
        }
        synchronized (latest) {
            taskNames.addAll(names);
            allocated.forEach((id, bytes) -> taskAllocated.merge(id, new long[] {bytes, bytes},
                    (a, b) -> new long[] {a[0], Math.max(a[1], b[1])}));
            current.forEach((tid, t) -> latest.merge(tid, t, (a, b) -> b.ticks >= a.ticks ? b : a));
        }
    }

    /** Stops sampling and attributes the interval's process CPU time. */
    Breakdown stop() throws IOException, InterruptedException {
        running = false;
        sampler.join();
        sample();
        double process = (processTicks() - processStartTicks) / (double) ticksPerSecond;
        var byGroup = new LinkedHashMap<String, Double>();
        var byThread = new HashMap<String, Double>();
        synchronized (latest) {
            for (var e : latest.entrySet()) {
                var before = start.get(e.getKey());
                long ticks = e.getValue().ticks - (before == null ? 0 : before.ticks);
                if (ticks > 0) {
                    double seconds = ticks / (double) ticksPerSecond;
                    String comm = e.getValue().comm;
                    byGroup.merge(group(comm, taskNames), seconds, Double::sum);
                    byThread.merge(comm.replaceAll("[0-9]+$", "#"), seconds, Double::sum);
                }
            }
        }
        double sampled = byGroup.values().stream().mapToDouble(Double::doubleValue).sum();
        byGroup.put("ended between samples", Math.max(0, process - sampled));
        long allocatedBytes = 0;
        synchronized (latest) {
            for (long[] firstAndLast : taskAllocated.values()) {
                allocatedBytes += firstAndLast[1] - firstAndLast[0];
            }
        }
        return new Breakdown(byGroup, byThread, process, allocatedBytes);
    }

    /** The group of a thread with kernel name {@code comm}, given the (truncated) names of the job's task threads. */
    static String group(String comm, Set<String> taskComms) {
        if (taskComms.contains(comm)) {
            return "task threads";
        }
        if (comm.startsWith("G1 ") || comm.startsWith("GC Thread")) {
            return "GC";
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return "JIT compiler";
        }
        if (comm.equals("VM Thread") || comm.startsWith("VM Periodic")) {
            return "VM thread";
        }
        // The launcher runs main() in a thread the JVM does not rename: it keeps the process name.
        if (comm.equals("main") || comm.equals("java") || comm.startsWith("cpu-breakdown")) {
            return "benchmark main";
        }
        String lower = comm.toLowerCase(Locale.ROOT);
        if (lower.contains("kafka") || lower.startsWith("broker-") || lower.startsWith("data-plane")
                || lower.startsWith("raft") || lower.startsWith("controller") || lower.startsWith("quorum")
                || lower.startsWith("replica") || lower.startsWith("executor-") || lower.startsWith("logdirfailure")
                || lower.startsWith("transaction") || lower.startsWith("group-coordinat")) {
            return "Kafka";
        }
        if (lower.contains("flink") || lower.contains("pekko") || lower.startsWith("outputflusher")
                || lower.startsWith("checkpoint") || lower.startsWith("async") || lower.startsWith("jobmanager")
                || lower.startsWith("mini-cluster") || lower.startsWith("cluster-io") || lower.startsWith("pool-")
                || lower.startsWith("taskmanager") || lower.startsWith("periodic") || lower.startsWith("iomanager")
                || lower.startsWith("source coordin") || lower.startsWith("sourcecoordina")) {
            return "Flink runtime";
        }
        return "other";
    }

    static String comm(String javaName) {
        return javaName.length() <= COMM_LENGTH ? javaName : javaName.substring(0, COMM_LENGTH);
    }

    /** Name and utime + stime of one {@code stat} line; the name may hold spaces and parentheses. */
    static ThreadTicks parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).trim().split(" ");
        // After the name: state is field 3 of the line, utime 14 and stime 15.
        return new ThreadTicks(stat.substring(open + 1, close),
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    private long processTicks() throws IOException {
        return parse(read(PROCESS_STAT)).ticks;
    }

    /** Reads a small /proc file into a reused buffer: the sampler should not add to the GC load it measures. */
    private String read(Path file) throws IOException {
        try (var in = new FileInputStream(file.toFile())) {
            int length = 0;
            for (int n; length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
                length += n;
            }
            return new String(buffer, 0, length, StandardCharsets.US_ASCII);
        }
    }
}
