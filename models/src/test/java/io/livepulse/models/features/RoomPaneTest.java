package io.livepulse.models.features;

import static io.livepulse.models.features.Fixtures.at;
import static io.livepulse.models.features.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomPaneTest {
    private static final Duration GAP = Duration.ofSeconds(60);

    @Test
    void playerEventsAtTheSameMillisecondAreOneALeaveIfAnyIsWhateverTheirOrderAndIds() {
        for (String leaveId : List.of("a-leave", "z-leave")) {
            var leave = Activity.of(ActivityKind.LEAVE, leaveId, "u1", "r1", at(20));
            var heartbeat = Activity.of(ActivityKind.HEARTBEAT, "m-heartbeat", "u1", "r1", at(20));
            var join = Activity.of(ActivityKind.JOIN, "j", "u1", "r1", at(5));
            var rejoin = Activity.of(ActivityKind.JOIN, "k", "u1", "r1", at(40));
            for (var events : List.of(List.of(join, leave, heartbeat, rejoin),
                    List.of(rejoin, heartbeat, leave, join))) {
                var m = RoomWindowMetrics.compute("r1", at(0), at(60), events, GAP);
                assertThat(m.getAvgWatchTimeMs()).as("15 s from the join; none from the leave at 20 s")
                        .isEqualTo(15_000.0);
                var untilLeave = RoomWindowMetrics.compute("r1", at(0), at(30),
                        events.stream().filter(a -> a.timeMs() < at(30)).toList(), GAP);
                assertThat(untilLeave.getConcurrentViewers()).as("the last time, 20 s, has a leave").isZero();
            }
        }
    }

    @Test
    void readsPanesWrittenWithEveryPlayerEventAsBefore() throws IOException {
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeLong(at(0)); // start
        out.writeLong(GAP.toMillis());
        out.writeLong(2); // interactions
        out.writeLong(0); // gift revenue
        out.writeLong(0); // order revenue
        out.writeInt(0); // subscriptions
        out.writeLong(0); // ad impressions
        out.writeLong(0); // ad clicks
        out.writeLong(0); // product clicks
        out.writeLong(0); // orders
        out.writeInt(1); // viewers
        out.writeUTF("u1");
        out.writeLong(2);
        out.writeBoolean(true);
        out.writeInt(3);
        for (Object[] e : new Object[][] {{1L, "j-1", ActivityKind.JOIN}, {4L, "l-2", ActivityKind.LEAVE},
                {4L, "h-3", ActivityKind.HEARTBEAT}}) {
            out.writeLong(at((Long) e[0]));
            out.writeUTF((String) e[1]);
            out.writeByte(((ActivityKind) e[2]).ordinal());
        }

        var pane = RoomPane.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        var viewer = pane.viewers.get(0);
        assertThat(viewer.players).isEqualTo(2);
        assertThat(viewer.joined()).isTrue();
        assertThat(viewer.lastLeave()).isTrue();
        assertThat(viewer.watchMs).isEqualTo(3_000);
        assertThat(roundTrip(pane).viewers.get(0)).usingRecursiveComparison().isEqualTo(viewer);
    }

    @Test
    void aWrittenPaneReadsBackTheSame() throws IOException {
        var pane = new RoomPane(at(0), GAP.toMillis());
        pane.add(Activity.of(ActivityKind.JOIN, "j", "u1", "r1", at(1)));
        pane.add(Activity.of(ActivityKind.LEAVE, "l", "u1", "r1", at(3)));
        pane.add(heartbeat("u2", "r1", 2, 3000, 8000));
        pane.add(Activity.of(ActivityKind.CHAT, "c", "u2", "r1", at(4)));

        var copy = roundTrip(pane);

        assertThat(copy).usingRecursiveComparison().isEqualTo(pane);
    }

    private static RoomPane roundTrip(RoomPane pane) throws IOException {
        var bytes = new ByteArrayOutputStream();
        pane.writeTo(new DataOutputStream(bytes));
        return RoomPane.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
