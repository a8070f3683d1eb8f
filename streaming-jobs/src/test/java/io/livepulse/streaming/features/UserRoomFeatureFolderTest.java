package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.livepulse.models.features.WatchSessions;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserRoomFeatureFolderTest {
    private static final Duration RETENTION = Duration.ofHours(1);
    private KeyedOneInputStreamOperatorTestHarness<String, WatchSession, UserRoomFeatures> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new UserRoomFeatureFolder(RETENTION), WatchSession::getRoomId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void sessionsAddUpAndStateIsClearedAfterRetention() throws Exception {
        harness.processElement(session(0, 60, 60_000, 2), 60_000);
        harness.processElement(session(600, 700, 100_000, 3), 700_000);

        assertThat(harness.extractOutputValues()).extracting(UserRoomFeatures::getWatchTimeMs)
                .containsExactly(60_000L, 160_000L);
        assertThat(harness.extractOutputValues().get(1).getSessions()).isEqualTo(2);
        assertThat(harness.getSideOutput(UserRoomFeatureFolder.FIT_OBSERVATIONS)).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(700_000 + RETENTION.toMillis() - 1);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(700_000 + RETENTION.toMillis());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anAmendedSessionReplacesTheOverlappingOneAndWithdrawsItsObservation() throws Exception {
        harness.processElement(session(0, 60, 60_000, 2), 60_000);
        harness.processElement(session(0, 90, 90_000, 4), 90_000);

        var last = harness.extractOutputValues().get(1);
        assertThat(last.getSessions()).isEqualTo(1);
        assertThat(last.getWatchTimeMs()).isEqualTo(90_000);
        assertThat(last.getInteractions()).isEqualTo(4);
        assertThat(harness.getSideOutput(UserRoomFeatureFolder.FIT_OBSERVATIONS))
                .extracting(r -> r.getValue().weight()).containsExactly(1, -1, 1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void viewersOfOneRoomFoldTheirOwnSessions() throws Exception {
        harness.processElement(session(0, 60, 60_000, 2), 60_000);
        harness.processElement(WatchSession.newBuilder(session(0, 90, 90_000, 4)).setUserId("u2").build(), 90_000);
        harness.processElement(session(600, 700, 100_000, 3), 700_000);

        assertThat(harness.extractOutputValues())
                .extracting(UserRoomFeatures::getUserId, UserRoomFeatures::getSessions, UserRoomFeatures::getWatchTimeMs)
                .containsExactly(tuple("u1", 1, 60_000L), tuple("u2", 1, 90_000L), tuple("u1", 2, 160_000L));
        assertThat(harness.getSideOutput(UserRoomFeatureFolder.FIT_OBSERVATIONS))
                .extracting(r -> r.getValue().weight()).as("nothing withdrawn: u2's session overlaps only u1's")
                .containsExactly(1, 1, 1);
        harness.processWatermark(90_000 + RETENTION.toMillis());
        assertThat(harness.numEventTimeTimers()).as("u2's cleanup is done, u1's is pending").isEqualTo(1);
        harness.processWatermark(700_000 + RETENTION.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private static WatchSession session(long startSeconds, long endSeconds, long watchMs, long interactions) {
        return WatchSession.newBuilder().setUserId("u1").setRoomId("r1").setStartTimeMs(startSeconds * 1000)
                .setEndTimeMs(endSeconds * 1000).setWatchTimeMs(watchMs).setHeartbeats(2).setTransmissionTerm(1.5)
                .setMeanBitrateKbps(3000.0).setMeanBandwidthKbps(4000.0).setInteractions(interactions)
                .setInteractionsPerMinute(WatchSessions.perMinute(interactions, watchMs)).setGiftCount(0).setGiftValueMinor(0)
                .build();
    }
}
