package io.livepulse.models.features;

/** Fixed instants and events for the feature tests. */
final class Fixtures {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private Fixtures() {}

    static long at(long seconds) {
        return T0 + seconds * 1000;
    }

    static Activity player(ActivityKind kind, String user, String room, long seconds) {
        return Activity.of(kind, kind + "-" + user + "-" + room + "-" + seconds, user, room, at(seconds));
    }

    static Activity heartbeat(String user, String room, long seconds, double v, double r) {
        return new Activity(ActivityKind.HEARTBEAT, "hb-" + user + "-" + room + "-" + seconds, user, room, at(seconds),
                v, r, 1, 0L, null);
    }

    static Activity event(ActivityKind kind, String user, String room, long seconds) {
        return Activity.of(kind, kind + "-" + user + "-" + room + "-" + seconds, user, room, at(seconds));
    }

    static Activity gift(String user, String room, long seconds, int count, long valueMinor) {
        return new Activity(ActivityKind.GIFT, "gift-" + user + "-" + room + "-" + seconds, user, room, at(seconds),
                Double.NaN, Double.NaN, count, valueMinor, null);
    }

    static Activity order(String user, String room, long seconds, long amountMinor) {
        return new Activity(ActivityKind.ORDER, "order-" + user + "-" + room + "-" + seconds, user, room, at(seconds),
                Double.NaN, Double.NaN, 1, amountMinor, null);
    }

    static Activity roomCategory(String room, long seconds, String category) {
        return new Activity(ActivityKind.ROOM, "room-" + room + "-" + seconds, "streamer", room, at(seconds),
                Double.NaN, Double.NaN, 1, 0L, category);
    }
}
