package io.livepulse.benchmarks.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The soak's viewers, seeded: {@code viewers} concurrent visits, served round robin, so at {@code rate} events/s each
 * viewer sends an event every {@code viewers / rate} seconds (10 s: well inside the heartbeat gap). A visit is a join,
 * heartbeats with some chat, and a leave; when it ends, another user joins some room. Every {@code invalidEvery}-th
 * event is sent without its {@code roomId}, which the collector must reject and dead-letter.
 */
final class SoakTraffic {
    private static final String[] CATEGORIES = {"games", "music", "talk", "sports", "outdoor"};

    /** One event as the collector receives it, with the id the accounting tracks it by. */
    record Event(String eventId, String json, boolean valid) {}

    private final Random random;
    private final int rooms;
    private final int users;
    private final int invalidEvery;
    private final Visit[] visits;
    private final Set<String> active = new HashSet<>();
    private long next;
    private int turn;

    private static final class Visit {
        String user;
        String room;
        int left;
        boolean joined;
    }

    SoakTraffic(long seed, int viewers, int rooms, int invalidEvery) {
        this.random = new Random(seed);
        this.rooms = rooms;
        this.users = viewers * 3;
        this.invalidEvery = invalidEvery;
        this.visits = new Visit[viewers];
        for (int i = 0; i < viewers; i++) {
            visits[i] = new Visit();
            begin(visits[i]);
        }
    }

    /** The rooms going live, at {@code nowMs}. */
    List<Event> roomsStarted(long nowMs) {
        var events = new ArrayList<Event>();
        for (int r = 0; r < rooms; r++) {
            events.add(room(r, RoomAction.STARTED, nowMs));
        }
        return events;
    }

    /**
     * A catalogue update of every room at {@code atMs}: sent after the soak, far enough in event time to move the
     * feature job's watermark past every session and window, so that all of them close.
     */
    List<Event> roomsUpdated(long atMs) {
        var events = new ArrayList<Event>();
        for (int r = 0; r < rooms; r++) {
            events.add(room(r, RoomAction.UPDATED, atMs));
        }
        return events;
    }

    /** The next event of the next viewer in turn, stamped {@code nowMs}. */
    Event next(long nowMs) {
        Visit v = visits[turn];
        turn = (turn + 1) % visits.length;
        String id = "soak-" + (next++);
        boolean invalid = invalidEvery > 0 && next % invalidEvery == 0;
        PlayerAction action;
        if (!v.joined) {
            action = PlayerAction.JOIN;
            v.joined = true;
        } else if (v.left <= 1) {
            action = PlayerAction.LEAVE;
        } else if (random.nextInt(100) < 15) {
            v.left--;
            return encode(ChatMessage.newBuilder().setEventId(id).setUserId(v.user).setRoomId(v.room)
                    .setEventTimeMs(nowMs).setKind(ChatKind.CHAT).setText("soak chat " + random.nextInt(1000))
                    .build(), id, invalid);
        } else {
            action = PlayerAction.HEARTBEAT;
        }
        var event = PlayerEvent.newBuilder().setEventId(id).setUserId(v.user).setRoomId(v.room)
                .setEventTimeMs(nowMs).setAction(action);
        if (action == PlayerAction.HEARTBEAT) {
            event.setBitrateKbps(1500.0 + random.nextInt(3000)).setBandwidthKbps(2000.0 + random.nextInt(8000));
        }
        v.left--;
        if (action == PlayerAction.LEAVE) {
            active.remove(v.user + "/" + v.room);
            begin(v);
        }
        return encode(event.build(), id, invalid);
    }

    private void begin(Visit v) {
        String key;
        do {
            v.user = "soak-user-" + random.nextInt(users);
            v.room = "soak-r" + random.nextInt(rooms);
            key = v.user + "/" + v.room;
        } while (active.contains(key));
        active.add(key);
        v.left = 3 + random.nextInt(30);
        v.joined = false;
    }

    private Event room(int r, RoomAction action, long atMs) {
        String id = "soak-room-" + r + "-" + action + "-" + atMs;
        return encode(RoomEvent.newBuilder().setEventId(id).setUserId("soak-streamer-" + r).setRoomId("soak-r" + r)
                .setEventTimeMs(atMs).setAction(action).setStreamerId("soak-streamer-" + r)
                .setCategory(CATEGORIES[r % CATEGORIES.length]).setTitle("soak room " + r).setLanguage("en")
                .build(), id, false);
    }

    private static Event encode(org.apache.avro.specific.SpecificRecord record, String id, boolean invalid) {
        if (!invalid) {
            return new Event(id, EventJson.toJsonString(record), true);
        }
        ObjectNode json = EventJson.toJson(record);
        json.remove("roomId");
        return new Event(id, json.toString(), false);
    }
}
