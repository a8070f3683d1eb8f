package io.livepulse.streaming.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of a local job's task threads (named {@code "<task> (i/n)#attempt"}, plus Kafka source fetchers),
 * sampled every few milliseconds while the job runs because the threads end with it. Unlike the process CPU time,
 * it leaves out job start-up, the JobManager, garbage collection and the JIT, so it measures what the operators
 * cost per event; on a shared machine it is also far steadier than wall-clock time.
 */
final class TaskThreadCpu implements AutoCloseable {
    private static final Pattern TASK = Pattern.compile(".*\\(\\d+/\\d+\\)#\\d+$|^Source Data Fetcher.*");
    private static final long PERIOD_MS = 10;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuByThread = new HashMap<>();
    /** Task threads already running when sampling started (a previous job's), and their CPU time then. */
    private final Map<Long, Long> before = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    TaskThreadCpu() {
        sample();
        before.putAll(cpuByThread);
        sampler = new Thread(this::sampleUntilClosed, "task-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleUntilClosed() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sample() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && TASK.matcher(info.getThreadName()).matches()) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    synchronized (cpuByThread) {
                        cpuByThread.merge(info.getThreadId(), cpu, Math::max);
                    }
                }
            }
        }
    }

    /** Stops sampling and returns the task threads' CPU time in nanoseconds (the last few ms of each may be missed). */
    long stopNanos() throws InterruptedException {
        running = false;
        sampler.join();
        synchronized (cpuByThread) {
            return cpuByThread.entrySet().stream()
                    .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }
}
