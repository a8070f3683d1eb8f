package io.livepulse.ingestion.feed;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Where a feed (simulator or replayer) delivers its events: the collector over HTTP, or Kafka directly. */
public interface EventSender extends AutoCloseable {

    /** Counts of what the receiver did with a batch. */
    record Outcome(long accepted, long rejected, long duplicates, long retries) {
        public Outcome plus(Outcome o) {
            return new Outcome(accepted + o.accepted, rejected + o.rejected, duplicates + o.duplicates, retries + o.retries);
        }
    }

    /** Delivers the batch, retrying while the receiver is unavailable; returns once every event is settled. */
    Outcome send(List<SpecificRecord> batch) throws InterruptedException;

    /** Where events go, for progress lines. */
    String target();

    @Override
    void close();
}
