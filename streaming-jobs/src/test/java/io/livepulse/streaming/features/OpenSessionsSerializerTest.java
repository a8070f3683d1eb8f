package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.features.SessionTotals;
import io.livepulse.models.features.WatchSessions;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class OpenSessionsSerializerTest {
    private static final long GAP = 60_000;

    @Test
    void windowsAndPlayerTimesRoundTripAndWatchTimeMatchesTheReference() throws IOException {
        var random = new Random(7);
        var open = new OpenSessions();
        var reference = new TreeMap<Long, Boolean>();
        for (int i = 0; i < 500; i++) {
            long time = 1_767_261_600_000L + random.nextInt(600) * 1_000L;
            boolean leave = random.nextInt(10) == 0;
            open.addPlayerTime(time, leave);
            reference.merge(time, leave, Boolean::logicalOr);
        }
        var first = new SessionTotals("u", "r", reference.firstKey(), reference.firstKey() + 100_000, 1, 0, 0, 0, 0,
                0, 0, 0, 0, 0);
        var second = new SessionTotals("u", "r", reference.firstKey() + 300_000, reference.lastKey(), 1, 0, 0, 0, 0,
                0, 0, 0, 0, 0);
        open.replace(0, 0, second);
        open.replace(0, 0, first);
        assertThat(open.windows()).containsExactly(first, second);

        var out = new DataOutputSerializer(64);
        OpenSessionsSerializer.INSTANCE.serialize(open, out);
        var back = OpenSessionsSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.windows()).containsExactly(first, second);
        assertThat(back.playerTimes()).isEqualTo(reference.size());
        for (SessionTotals w : List.of(first, second)) {
            long expected = WatchSessions.watchTimeMs(reference.subMap(w.firstMs(), true, w.lastMs() + GAP, false));
            assertThat(open.watchTimeMs(w.firstMs(), w.lastMs() + GAP)).isEqualTo(expected);
            assertThat(back.watchTimeMs(w.firstMs(), w.lastMs() + GAP)).isEqualTo(expected);
        }
        assertThat(out.length()).as("about two bytes per player time").isLessThan(reference.size() * 3 + 200);
    }

    @Test
    void aCopyIsIndependentAndExpiringDropsOnlyTheExpiredWindowsTimes() {
        var open = new OpenSessions();
        var early = new SessionTotals("u", "r", 0, 10_000, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var late = new SessionTotals("u", "r", 200_000, 210_000, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        open.replace(0, 0, early);
        open.replace(0, 0, late);
        for (long t : new long[] {0, 5_000, 10_000, 200_000, 210_000}) {
            open.addPlayerTime(t, false);
        }
        var copy = OpenSessionsSerializer.INSTANCE.copy(open);
        open.expire(List.of(early), GAP);
        assertThat(open.windows()).containsExactly(late);
        assertThat(times(open)).containsExactly(200_000L, 210_000L);
        assertThat(copy.windows()).containsExactly(early, late);
        assertThat(times(copy)).containsExactly(0L, 5_000L, 10_000L, 200_000L, 210_000L);
    }

    @Test
    void truncatedStateIsAClearError() throws IOException {
        var open = new OpenSessions();
        open.replace(0, 0, new SessionTotals("u", "r", 0, 10_000, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        open.addPlayerTime(0, false);
        open.addPlayerTime(10_000, true);
        var out = new DataOutputSerializer(64);
        OpenSessionsSerializer.INSTANCE.serialize(open, out);
        byte[] cut = Arrays.copyOf(out.getCopyOfBuffer(), out.length() - 2);
        assertThatThrownBy(() -> OpenSessionsSerializer.INSTANCE.deserialize(new DataInputDeserializer(cut)))
                .isInstanceOf(IOException.class);
    }

    private static List<Long> times(OpenSessions s) {
        return java.util.stream.IntStream.range(0, s.playerTimes()).mapToObj(s::timeAt).toList();
    }
}
