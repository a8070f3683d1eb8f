package io.livepulse.models.features;

import static io.livepulse.models.features.Fixtures.at;
import static io.livepulse.models.features.Fixtures.gift;
import static io.livepulse.models.features.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PaneCombinerTest {
    private static final Duration GAP = Duration.ofSeconds(60);
    private static final Duration SIZE = Duration.ofSeconds(60);
    private static final long PANE_MS = 10_000;

    /**
     * One combiner slides over rooms of very different sizes, so its table grows, then serves small windows from a
     * prefix of it, then grows again: every window must equal a fresh computation from the window's events. The user
     * ids are built from "Aa" and "BB", which share a hash code, so the lookups probe past occupied slots.
     */
    @Test
    void aReusedCombinerGivesWhatAFreshComputationGivesWhateverTheWindowSizes() {
        var random = new Random(5);
        var combiner = new PaneCombiner();
        int windows = 0;
        for (int viewers : new int[] {3, 400, 1, 0, 40, 1_000, 2}) {
            var events = roomEvents(random, viewers);
            var panes = new TreeMap<Long, RoomPane>();
            for (Activity a : events) {
                long start = a.timeMs() - Math.floorMod(a.timeMs(), PANE_MS);
                panes.computeIfAbsent(start, s -> new RoomPane(s, GAP.toMillis())).add(a);
            }
            long first = at(-50) - Math.floorMod(at(-50), PANE_MS);
            for (long from = first; from <= at(120); from += PANE_MS) {
                long start = from;
                long end = start + SIZE.toMillis();
                var inWindow = new ArrayList<>(panes.subMap(start, end).values());
                var windowEvents = events.stream().filter(a -> a.timeMs() >= start && a.timeMs() < end).toList();
                var expected = RoomWindowMetrics.compute("r1", start, end, windowEvents, GAP, "music");
                assertThat(combiner.combine("r1", start, end, inWindow, GAP, "music"))
                        .as("%d viewers, window at %d", viewers, start).isEqualTo(expected);
                windows++;
            }
        }
        assertThat(windows).isGreaterThanOrEqualTo(7 * 17);
    }

    @Test
    void aPaneViewerEndsUpSharingTheIdStringOfTheWindowsFirstPane() {
        String first = new String("u7");
        String later = new String("u7");
        var earlier = new RoomPane(at(0), GAP.toMillis());
        earlier.add(heartbeat(first, "r1", 1, 3000, 8000));
        var pane = new RoomPane(at(10), GAP.toMillis());
        pane.add(heartbeat(later, "r1", 11, 3000, 8000));
        assertThat(pane.viewers.get(0).userId).isNotSameAs(first);

        var metrics = new PaneCombiner().combine("r1", at(0), at(60), List.of(earlier, pane), GAP, null);

        assertThat(pane.viewers.get(0).userId).isSameAs(first);
        assertThat(metrics.getAvgWatchTimeMs()).isEqualTo(10_000.0);
    }

    private static List<Activity> roomEvents(Random random, int viewers) {
        var events = new ArrayList<Activity>();
        String[] halves = {"Aa", "BB"};
        for (int v = 0; v < viewers; v++) {
            String user = halves[v % 2] + halves[(v / 2) % 2] + halves[(v / 4) % 2] + "-" + (v / 8);
            long t = random.nextInt(100);
            for (int h = 0; h < 1 + random.nextInt(5); h++) {
                events.add(heartbeat(user, "r1", t, 3000, 8000));
                t += 5 + random.nextInt(30);
            }
            if (random.nextBoolean()) {
                events.add(gift(user, "r1", random.nextInt(120), 1, 100));
            }
        }
        return events;
    }
}
