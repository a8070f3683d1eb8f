package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedLogTest {
    static final Path SHARED = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    @Test
    void readsTwitch105kAsPublishedWithoutStopOrStream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("twitch105k.csv");
        Files.writeString(file, PublishedLog.TWITCH105K_HEADER + "\n"
                + "1093,43,0,93,8\n"
                + "1094,43,1,600,8\n"
                + "7,43,oops\n"
                + "1095,44,1,598,3\n");
        assertThat(PublishedLog.Format.detect(file)).isEqualTo(PublishedLog.Format.TWITCH105K);
        PublishedLog p = PublishedLog.twitch105k(file);
        ViewingLog log = p.log();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.rejected()).isEqualTo(1);
        assertThat(log.rejections().get(0).message()).startsWith("twitch105k.csv line 4:");
        int first = log.userFrom(0);
        assertThat(log.userId(0)).isEqualTo("43");
        assertThat(log.streamerName(log.streamer(first))).isEqualTo("0");
        assertThat(log.start(first)).isEqualTo(93);
        assertThat(log.stop(first)).isEqualTo(94);
        assertThat(log.stream(first)).isEqualTo(PublishedLog.NO_STREAM);
        // T = 600: test [351, 601), validation [101, 351)
        assertThat(p.protocol().testStart()).isEqualTo(351);
        assertThat(p.protocol().validationStart()).isEqualTo(101);
        assertThat(p.protocol().end()).isEqualTo(601);
        assertThat(p.protocol().asLiveSplit()).isEqualTo(LiveSplit.of(log));
    }

    @Test
    void readsDriverWithItsPublishedSplitAndSnapshotsAsAvailability(@TempDir Path dir) throws Exception {
        var train = new StringBuilder(PublishedLog.DRIVER_HEADER + "\n");
        for (int i = 0; i < 20; i++) {
            train.append("u").append(i % 3).append(",").append(i % 2 == 0 ? "5" : "6").append(",").append(i * 100)
                    .append("\n");
        }
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("test.csv"), PublishedLog.DRIVER_HEADER + "\nu0,6,5000\nu9,5,5100\n");
        Files.writeString(dir.resolve("room_state.csv"), PublishedLog.ROOM_STATE_HEADER + "\n"
                + "7,100,2,1 2\n" // room 7 has no entry: not rankable, skipped
                + "5,6500,1,u0\n"
                + "6,3000,0,\n");
        assertThat(PublishedLog.Format.detect(dir)).isEqualTo(PublishedLog.Format.DRIVER);
        assertThat(PublishedLog.Format.detect(dir.resolve("test.csv"))).isEqualTo(PublishedLog.Format.DRIVER);
        PublishedLog p = PublishedLog.read(dir.resolve("test.csv"), PublishedLog.Format.DRIVER);
        assertThat(p.log().size()).isEqualTo(22);
        assertThat(p.snapshots()).isEqualTo(2);
        RealLogProtocol protocol = p.protocol();
        assertThat(protocol.validationStart()).isEqualTo(1800); // row 18 of 20 by time
        assertThat(protocol.testStart()).isEqualTo(5000);
        var test = protocol.tasks(p.log(), LiveSplit.Period.TEST);
        assertThat(test).extracting(t -> p.log().userId(t.instance().user())).containsExactly("u0", "u9");
        // room 5 is a candidate at 5000 only through the snapshot at 6500 (entries are >= 1800 s away)
        assertThat(RealLogProtocolTest.names(p.log(), test.get(0).candidates())).containsExactlyInAnyOrder("5", "6");
        assertThat(test.get(1).instance().input()).isEmpty();
        var validation = protocol.tasks(p.log(), LiveSplit.Period.VALIDATION);
        assertThat(validation).extracting(t -> t.instance().targetStep()).containsExactlyInAnyOrder(1800, 1900);
    }

    @Test
    void rejectsADriverTestFileThatOverlapsTraining(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train.csv"), PublishedLog.DRIVER_HEADER + "\nu1,1,10\nu1,2,20\n");
        Files.writeString(dir.resolve("test.csv"), PublishedLog.DRIVER_HEADER + "\nu1,1,15\n");
        Files.writeString(dir.resolve("room_state.csv"), PublishedLog.ROOM_STATE_HEADER + "\n");
        assertThatThrownBy(() -> PublishedLog.driver(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.csv must continue train.csv in time");
    }

    @Test
    void liveRecFilesAreStillDetectedAsLiveRec(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("100k.csv");
        Files.writeString(file, ViewingLogTest.LINES);
        assertThat(PublishedLog.Format.detect(file)).isEqualTo(PublishedLog.Format.LIVEREC);
        assertThat(ViewingLog.read(file).size()).isEqualTo(4);
    }

    // Figures checked against an independent script over the same files (one pass in Python, 2026-12-07).
    @Test
    void twitch105kMatchesTheIssuesFigures() {
        PublishedLog p = PublishedLog.twitch105k(SHARED.resolve("twitch105k/twitch105k.csv"));
        assertThat(p.log().size()).isEqualTo(105_745);
        assertThat(p.log().users()).isEqualTo(2_000);
        assertThat(p.log().streamers()).isEqualTo(1_742);
        assertThat(p.log().rejected()).isZero();
        assertThat(p.protocol().testStart()).isEqualTo(6147 - 249);
        var test = p.protocol().tasks(p.log(), LiveSplit.Period.TEST);
        var validation = p.protocol().tasks(p.log(), LiveSplit.Period.VALIDATION);
        assertThat(test).hasSize(1424);
        assertThat(validation).hasSize(1459);
        var eval = new TaskEvaluation(p.log(), p.protocol().trainingPopularity(p.log()));
        ProtocolMetrics m = eval.evaluate(new LiveRoomRanker("repeat", null, new RankerParams(1, false)), test, null);
        assertThat(m.repeatShare()).isCloseTo(0.6552, within(1e-4));
        assertThat(m.meanCandidates()).isCloseTo(86.876, within(1e-3));
    }

    @Test
    void driverMatchesTheIssuesFigures() {
        PublishedLog p = PublishedLog.driver(SHARED.resolve("driver_live_rooms"));
        assertThat(p.log().size()).isEqualTo(71_464 + 16_442);
        assertThat(p.log().streamers()).isEqualTo(677);
        assertThat(p.snapshots()).isEqualTo(79_214);
        assertThat(p.protocol().validationStart()).isEqualTo(1_241_332);
        var test = p.protocol().tasks(p.log(), LiveSplit.Period.TEST);
        var validation = p.protocol().tasks(p.log(), LiveSplit.Period.VALIDATION);
        assertThat(test).hasSize(5172);
        assertThat(validation).hasSize(3387);
        var eval = new TaskEvaluation(p.log(), p.protocol().trainingPopularity(p.log()));
        ProtocolMetrics m = eval.evaluate(new LiveRoomRanker("repeat", null, new RankerParams(1, false)), test, null);
        assertThat(m.repeatShare()).isCloseTo(0.41937, within(1e-4));
        assertThat(m.meanCandidates()).isCloseTo(39.399, within(1e-3));
        assertThat(validation.stream().filter(t -> t.instance().input().length == 0).count()).isEqualTo(459);
    }
}
