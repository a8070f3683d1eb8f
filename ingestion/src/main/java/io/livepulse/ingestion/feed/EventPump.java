package io.livepulse.ingestion.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives events from a feed into a sender in batches, paced, with a progress line (rate, and ETA when the
 * total is known) every {@code progressEvery}. In live mode each event's time is set to the wall clock when it
 * is sent, so downstream live metrics see "now".
 */
public final class EventPump {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final EventSender sender;
    private final Pacing pacing;
    private final int batchSize;
    private final boolean live;
    private final Duration progressEvery;

    public EventPump(EventSender sender, Pacing pacing, int batchSize, boolean live, Duration progressEvery) {
        this.sender = sender;
        this.pacing = pacing;
        this.batchSize = batchSize;
        this.live = live;
        this.progressEvery = progressEvery;
    }

    /**
     * Sends until the events run out, {@code maxEvents} were sent (0: no limit) or {@code stop} says so.
     *
     * @param expectedTotal for the ETA; 0 when unknown
     */
    public EventSender.Outcome run(Iterator<SpecificRecord> events, long maxEvents, long expectedTotal,
            BooleanSupplier stop) throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = start;
        long sent = 0;
        long firstTime = Long.MIN_VALUE;
        long lastEventTime = 0;
        var total = new EventSender.Outcome(0, 0, 0, 0);
        var batch = new ArrayList<SpecificRecord>(batchSize);
        while (events.hasNext() && (maxEvents == 0 || sent < maxEvents) && !stop.getAsBoolean()) {
            SpecificRecord event = events.next();
            long t = timeOf(event);
            if (firstTime == Long.MIN_VALUE) {
                firstTime = t;
            }
            lastEventTime = t;
            long wait = pacing.dueNanos(sent, t, firstTime) - (System.nanoTime() - start);
            if (wait > 0) {
                if (!batch.isEmpty()) {
                    total = total.plus(sender.send(batch));
                    batch.clear();
                }
                wait = pacing.dueNanos(sent, t, firstTime) - (System.nanoTime() - start);
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            if (live) {
                event.put(event.getSchema().getField("eventTimeMs").pos(), System.currentTimeMillis());
            }
            batch.add(event);
            sent++;
            if (batch.size() >= batchSize) {
                total = total.plus(sender.send(batch));
                batch.clear();
            }
            long now = System.nanoTime();
            if (now - lastProgress >= progressEvery.toNanos()) {
                lastProgress = now;
                progress(sent, expectedTotal, now - start, total, lastEventTime);
            }
        }
        if (!batch.isEmpty()) {
            total = total.plus(sender.send(batch));
        }
        progress(sent, expectedTotal, System.nanoTime() - start, total, lastEventTime);
        return total;
    }

    private void progress(long sent, long expectedTotal, long elapsedNanos, EventSender.Outcome o, long eventTimeMs) {
        double seconds = Math.max(1e-9, elapsedNanos / 1e9);
        double rate = sent / seconds;
        String eta = expectedTotal > 0 && rate > 0
                ? String.format(", %.0f%% done, ETA %ds", 100.0 * sent / expectedTotal,
                        (long) (Math.max(0, expectedTotal - sent) / rate))
                : "";
        CONSOLE.info("feed: {} events sent to {} ({} events/s){}; accepted {}, rejected {}, duplicates {}, retries {};"
                + " event time {}", sent, sender.target(), String.format("%.1f", rate), eta, o.accepted(), o.rejected(),
                o.duplicates(), o.retries(), live ? "live (now)" : Instant.ofEpochMilli(eventTimeMs));
    }

    static long timeOf(SpecificRecord event) {
        return (Long) event.get(event.getSchema().getField("eventTimeMs").pos());
    }
}
