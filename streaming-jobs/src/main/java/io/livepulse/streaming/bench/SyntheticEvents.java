package io.livepulse.streaming.bench;

import io.livepulse.schemas.EventType;
import io.livepulse.schemas.SampleEvents;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/** A seeded synthetic event log of rooms and viewers: sessions with heartbeats, interactions, commerce, catalogue. */
public final class SyntheticEvents {
    public static final long T0 = 1_767_261_600_000L; // 2026-01-01T10:00:00Z
    private static final String[] CATEGORIES = {"games", "music", "chat"};
    private static final EventType[] INTERACTIONS = {EventType.CHAT, EventType.CHAT, EventType.LIKE, EventType.SHARE,
            EventType.FOLLOW, EventType.GIFT};
    private static final EventType[] COMMERCE = {EventType.AD_IMPRESSION, EventType.AD_IMPRESSION, EventType.AD_CLICK,
            EventType.PRODUCT_CLICK, EventType.ORDER, EventType.SUBSCRIPTION};

    private final Random random;
    private final SampleEvents samples;

    public SyntheticEvents(long seed) {
        this.random = new Random(seed);
        this.samples = new SampleEvents(seed);
    }

    /** Events in event-time order, spanning about {@code minutes} minutes from {@link #T0}. */
    public List<SpecificRecord> log(int rooms, int users, int minutes) {
        var events = new ArrayList<SpecificRecord>();
        for (int r = 0; r < rooms; r++) {
            events.add(room("r" + r, T0, CATEGORIES[r % CATEGORIES.length], RoomAction.STARTED));
        }
        events.add(room("r1", T0 + minutes * 30_000L, "music", RoomAction.UPDATED));
        for (int u = 0; u < users; u++) {
            int sessions = 1 + random.nextInt(3);
            for (int s = 0; s < sessions; s++) {
                String user = "u" + u;
                String room = "r" + random.nextInt(rooms);
                long start = T0 + random.nextInt(minutes * 60_000);
                int heartbeats = 1 + random.nextInt(12);
                events.add(player(user, room, start, PlayerAction.JOIN));
                long t = start;
                for (int h = 0; h < heartbeats; h++) {
                    t += 10_000 + random.nextInt(15_000);
                    events.add(PlayerEvent.newBuilder(player(user, room, t, PlayerAction.HEARTBEAT))
                            .setBitrateKbps(new double[] {1500, 3000, 6000}[random.nextInt(3)])
                            .setBandwidthKbps(2000.0 + random.nextInt(20_000)).build());
                }
                int interactions = random.nextInt(6);
                for (int i = 0; i < interactions; i++) {
                    long at = start + (long) (random.nextDouble() * (t - start));
                    events.add(withUserRoom(samples.next(INTERACTIONS[random.nextInt(INTERACTIONS.length)], at), user, room));
                }
                if (random.nextInt(10) < 7) {
                    events.add(player(user, room, t + 1000 + random.nextInt(5000), PlayerAction.LEAVE));
                }
            }
        }
        for (int r = 0; r < rooms; r++) {
            for (int i = 0; i < 20; i++) {
                long at = T0 + random.nextInt(minutes * 60_000);
                events.add(withUserRoom(samples.next(COMMERCE[random.nextInt(COMMERCE.length)], at),
                        "u" + random.nextInt(users), "r" + r));
            }
        }
        events.sort(Comparator.comparingLong(SyntheticEvents::timeOf));
        return events;
    }

    /** The log reordered so that no event arrives more than {@code boundMs} after a later event. */
    public List<SpecificRecord> shuffledWithin(List<SpecificRecord> log, long boundMs) {
        var jittered = new ArrayList<long[]>();
        for (int i = 0; i < log.size(); i++) {
            jittered.add(new long[] {timeOf(log.get(i)) + (long) (random.nextDouble() * boundMs), i});
        }
        jittered.sort(Comparator.comparingLong(a -> a[0]));
        return jittered.stream().map(a -> log.get((int) a[1])).toList();
    }

    public static long timeOf(SpecificRecord record) {
        return (Long) ((SpecificRecordBase) record).get("eventTimeMs");
    }

    private PlayerEvent player(String user, String room, long t, PlayerAction action) {
        var base = (PlayerEvent) samples.next(EventType.PLAYER, t);
        return PlayerEvent.newBuilder(base).setUserId(user).setRoomId(room).setAction(action)
                .setBitrateKbps(null).setBandwidthKbps(null).build();
    }

    private RoomEvent room(String room, long t, String category, RoomAction action) {
        return RoomEvent.newBuilder((RoomEvent) samples.next(EventType.ROOM, t)).setRoomId(room).setCategory(category)
                .setAction(action).build();
    }

    private static SpecificRecord withUserRoom(SpecificRecord record, String user, String room) {
        var r = (SpecificRecordBase) record;
        r.put("userId", user);
        r.put("roomId", room);
        return record;
    }
}
