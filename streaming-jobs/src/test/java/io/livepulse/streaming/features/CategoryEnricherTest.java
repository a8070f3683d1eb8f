package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CategoryEnricherTest {

    @Test
    void observationsWaitForTheWatermarkAndTakeTheCategoryAtSessionEnd() throws Exception {
        try (var harness = new KeyedTwoInputStreamOperatorTestHarness<String, FitObservation, Activity, FitObservation>(
                new KeyedCoProcessOperator<>(new CategoryEnricher(Duration.ofSeconds(10))),
                FitObservation::roomId, Activity::roomId, Types.STRING)) {
            harness.open();
            // The observation arrives before the catalogue event that precedes it in event time.
            harness.processElement1(observation(50_000), 50_000);
            harness.processElement2(room(10_000, "games"), 10_000);
            harness.processElement2(room(60_000, "music"), 60_000);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processWatermark1(new Watermark(50_000));
            harness.processWatermark2(new Watermark(50_000));

            assertThat(harness.extractOutputValues()).extracting(FitObservation::scope)
                    .containsExactly("global", "games");
            harness.processWatermark1(new Watermark(200_000));
            harness.processWatermark2(new Watermark(200_000));
            assertThat(harness.numKeyedStateEntries()).as("only the catalogue is left: nothing pending")
                    .isEqualTo(1);
        }
    }

    @Test
    void eachObservationIsReleasedOnceWhenTheWatermarkPassesItsSessionEnd() throws Exception {
        try (var harness = new KeyedTwoInputStreamOperatorTestHarness<String, FitObservation, Activity, FitObservation>(
                new KeyedCoProcessOperator<>(new CategoryEnricher(Duration.ofSeconds(10))),
                FitObservation::roomId, Activity::roomId, Types.STRING)) {
            harness.open();
            harness.processElement2(room(0, "games"), 0);
            harness.processElement1(observation(30_000), 30_000);
            harness.processElement1(observation(20_000), 20_000);
            harness.processElement1(observation(20_000), 20_000);
            advance(harness, 25_000);
            assertThat(harness.extractOutputValues()).extracting(FitObservation::sessionEndMs)
                    .containsExactly(20_000L, 20_000L, 20_000L, 20_000L);
            // An observation whose session end the watermark already passed waits for the next watermark.
            harness.processElement1(observation(22_000), 22_000);
            assertThat(harness.extractOutputValues()).hasSize(4);
            advance(harness, 40_000);
            assertThat(harness.extractOutputValues()).extracting(FitObservation::sessionEndMs)
                    .containsExactly(20_000L, 20_000L, 20_000L, 20_000L, 22_000L, 22_000L, 30_000L, 30_000L);
            assertThat(harness.numKeyedStateEntries()).as("only the catalogue is left").isEqualTo(1);
        }
    }

    private static void advance(KeyedTwoInputStreamOperatorTestHarness<String, FitObservation, Activity, FitObservation>
            harness, long watermark) throws Exception {
        harness.processWatermark1(new Watermark(watermark));
        harness.processWatermark2(new Watermark(watermark));
    }

    private static FitObservation observation(long endMs) {
        return new FitObservation("r1", endMs, 1.0, 2.0, 0.5, 60_000, 1, 1, null);
    }

    private static Activity room(long timeMs, String category) {
        return new Activity(ActivityKind.ROOM, "room-" + timeMs, "s1", "r1", timeMs, Double.NaN, Double.NaN, 1, 0L,
                category);
    }
}
