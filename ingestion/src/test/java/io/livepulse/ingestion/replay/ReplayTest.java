package io.livepulse.ingestion.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.Validated;
import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    private static final Path SHARED_DATA = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));
    private static final Instant ORIGIN = Instant.parse("2026-11-01T00:00:00Z");

    private static List<SpecificRecord> all(LiveRecReplay replay) {
        var list = new ArrayList<SpecificRecord>();
        replay.events().forEachRemaining(list::add);
        return list;
    }

    @Test
    void aSimulatedLogReplaysAsOrderedRoomAndPlayerEvents(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("100k.csv");
        long rows = new PlatformSimulator(SimulationConfig.tiny(5)).writeLiveRecLog(log);
        Files.writeString(log, "not,a,row\n1,x,s,1,2\n3,4,s,5,5\n", java.nio.file.StandardOpenOption.APPEND);
        var replay = LiveRecReplay.read(log, ORIGIN);
        assertThat(replay.intervals()).isEqualTo(rows);
        assertThat(replay.skippedRows()).isEqualTo(3);
        var events = all(replay);
        assertThat(events).hasSize((int) replay.eventCount());
        long previous = Long.MIN_VALUE;
        var joins = 0;
        var leaves = 0;
        var roomOpen = new HashMap<String, Boolean>();
        for (SpecificRecord e : events) {
            var parsed = EventJson.parse(EventJson.toJsonString(e).getBytes(StandardCharsets.UTF_8));
            assertThat(parsed).isInstanceOf(Validated.Valid.class);
            long t = (Long) e.get(e.getSchema().getField("eventTimeMs").pos());
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
            if (e instanceof RoomEvent r) {
                roomOpen.put(r.getRoomId(), r.getAction() == RoomAction.STARTED);
            } else if (e instanceof PlayerEvent p) {
                assertThat(roomOpen.get(p.getRoomId())).isTrue();
                assertThat(p.getBitrateKbps()).isPositive();
                joins += p.getAction() == PlayerAction.JOIN ? 1 : 0;
                leaves += p.getAction() == PlayerAction.LEAVE ? 1 : 0;
            }
        }
        assertThat(joins).isEqualTo(rows);
        assertThat(leaves).isEqualTo(rows);
        assertThat(roomOpen.values()).containsOnly(false);

        Path gz = dir.resolve("100k.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(log, out);
        }
        assertThat(all(LiveRecReplay.read(gz, ORIGIN))).isEqualTo(events);
    }

    @Test
    void theFirstStepsOfALogBecomeExactEvents(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("100k.csv");
        Files.writeString(log, "1,33842865744,mithrain,154,156\n2,33842865744,mithrain,155,156\n");
        var events = all(LiveRecReplay.read(log, ORIGIN));
        assertThat(events).extracting(e -> e.getClass().getSimpleName() + ":" + (e instanceof PlayerEvent p
                ? p.getUserId() + ":" + p.getAction() : ((RoomEvent) e).getAction()) + "@"
                + ((Long) e.get(3) - ORIGIN.toEpochMilli()) / 600_000)
                .containsExactly("RoomEvent:STARTED@154", "PlayerEvent:1:JOIN@154", "PlayerEvent:1:HEARTBEAT@155",
                        "PlayerEvent:2:JOIN@155", "PlayerEvent:1:LEAVE@156", "PlayerEvent:2:LEAVE@156",
                        "RoomEvent:ENDED@156");
    }

    @Test
    void twitchChatKeepsItsTimesChannelsAndText() {
        var result = ChatReplay.twitch(SHARED_DATA);
        assertThat(result.events()).hasSize(1_922);
        assertThat(result.events()).isSortedAccordingTo((a, b) -> Long.compare(a.getEventTimeMs(), b.getEventTimeMs()));
        assertThat(result.events()).extracting(m -> m.getRoomId()).contains("forsen", "sodapoppin");
        assertThat(result.events()).anyMatch(m -> m.getText().equals("OMEGALUL")
                && m.getEventTimeMs() == Instant.parse("2018-05-22T21:10:33.896Z").toEpochMilli());
    }

    @Test
    void corporaBecomeDanmakuOrChat() {
        var waimai = ChatReplay.corpus(SHARED_DATA, "waimai_10k", ORIGIN, 1_000);
        assertThat(waimai.events()).hasSize(11_987);
        assertThat(waimai.events().get(0).getKind()).isEqualTo(ChatKind.DANMAKU);
        assertThat(waimai.events().get(0).getText()).isEqualTo("很快，好吃，味道足，量大");
        var sst2 = ChatReplay.corpus(SHARED_DATA, "sst2", ORIGIN, 1_000);
        assertThat(sst2.events()).hasSize(67_349);
        assertThat(sst2.events().get(0).getKind()).isEqualTo(ChatKind.CHAT);
        assertThatThrownBy(() -> ChatReplay.corpus(SHARED_DATA, "weibo", ORIGIN, 1)).hasMessageContaining("one of");
    }
}
