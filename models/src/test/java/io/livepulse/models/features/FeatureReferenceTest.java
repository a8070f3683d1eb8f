package io.livepulse.models.features;

import static io.livepulse.models.features.Fixtures.event;
import static io.livepulse.models.features.Fixtures.gift;
import static io.livepulse.models.features.Fixtures.heartbeat;
import static io.livepulse.models.features.Fixtures.player;
import static io.livepulse.models.features.Fixtures.roomCategory;
import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.schemas.feature.FitModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureReferenceTest {
    private static final FeatureParams PARAMS =
            new FeatureParams(Duration.ofSeconds(60), 1000, Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void userRoomFeaturesSumSessionsAndFitsAreScopedByCategory() {
        var log = new ArrayList<Activity>(List.of(
                roomCategory("r1", 0, "games"),
                player(ActivityKind.JOIN, "u1", "r1", 0),
                heartbeat("u1", "r1", 30, 2000, 1000),
                gift("u1", "r1", 40, 1, 100),
                player(ActivityKind.LEAVE, "u1", "r1", 60),
                player(ActivityKind.JOIN, "u1", "r1", 300),
                heartbeat("u1", "r1", 330, 2000, 1000),
                event(ActivityKind.CHAT, "u1", "r1", 340),
                player(ActivityKind.LEAVE, "u1", "r1", 360),
                player(ActivityKind.JOIN, "u2", "r2", 0),
                player(ActivityKind.LEAVE, "u2", "r2", 30)));

        var result = FeatureReference.compute(log, PARAMS);

        assertThat(result.sessions()).hasSize(3);
        var u1 = result.userRoom().get("u1/r1");
        assertThat(u1.getSessions()).isEqualTo(2);
        assertThat(u1.getWatchTimeMs()).isEqualTo(120_000);
        assertThat(u1.getInteractions()).isEqualTo(2);
        assertThat(u1.getInteractionsPerMinute()).isEqualTo(1.0);
        assertThat(u1.getGiftCount()).isEqualTo(1);
        assertThat(result.userRoom().get("u2/r2").getTransmissionTerm()).isNull();
        assertThat(result.fitObservations()).containsEntry("INTERACTION/global", 3L)
                .containsEntry("INTERACTION/games", 2L)
                .containsEntry("INTERACTION/unknown", 1L)
                .containsEntry("WATCH_TIME/global", 2L);
        assertThat(FeatureReference.fitKey(FitModel.WATCH_TIME, "games")).isEqualTo("WATCH_TIME/games");
        // r1 events span 0..360 s: windows of 60 s sliding by 30 s; the room event itself is not a metric input.
        assertThat(result.roomMetrics()).containsKey(FeatureReference.roomWindowKey("r1", Fixtures.at(-30)))
                .containsKey(FeatureReference.roomWindowKey("r1", Fixtures.at(330)))
                .doesNotContainKey(FeatureReference.roomWindowKey("r1", Fixtures.at(120)));
        // The window [-30 s, 30 s) ends after the catalogue event at 0; r2 has no catalogue event.
        assertThat(result.roomMetrics().get(FeatureReference.roomWindowKey("r1", Fixtures.at(-30))).getCategory())
                .isEqualTo("games");
        assertThat(result.roomMetrics().get(FeatureReference.roomWindowKey("r2", Fixtures.at(0))).getCategory())
                .isNull();
    }

    @Test
    void categoryIsTheLatestCatalogueEventAtOrBeforeTheTime() {
        var catalogue = List.of(roomCategory("r1", 0, "games"), roomCategory("r1", 100, "music"));
        assertThat(FeatureReference.categoryAt(catalogue, Fixtures.at(50))).isEqualTo("games");
        assertThat(FeatureReference.categoryAt(catalogue, Fixtures.at(100))).isEqualTo("music");
        assertThat(FeatureReference.categoryAt(catalogue, Fixtures.at(-1))).isEqualTo("unknown");
        assertThat(FeatureReference.knownCategoryAt(catalogue, Fixtures.at(-1))).isNull();
        assertThat(FeatureReference.knownCategoryAt(catalogue, Fixtures.at(0))).isEqualTo("games");
    }
}
