package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.streaming.bench.SyntheticEvents;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** The seeded synthetic log ({@link SyntheticEvents}) with the helpers the tests need. */
final class EventLogFixture {
    static final long T0 = SyntheticEvents.T0;
    private final SyntheticEvents events;

    EventLogFixture(long seed) {
        this.events = new SyntheticEvents(seed);
    }

    List<SpecificRecord> log(int rooms, int users, int minutes) {
        return events.log(rooms, users, minutes);
    }

    List<SpecificRecord> shuffledWithin(List<SpecificRecord> log, long boundMs) {
        return events.shuffledWithin(log, boundMs);
    }

    static List<Activity> activities(List<SpecificRecord> log) {
        return log.stream().map(Activity::from).toList();
    }

    static long timeOf(SpecificRecord record) {
        return SyntheticEvents.timeOf(record);
    }
}
