package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewingLogTest {
    static final String LINES = "1,33842865744,mithrain,154,156\n"
            + "1,33846768288,alptv,166,169\n"
            + "2,33842865744,mithrain,150,152\n"
            + "1,33886469056,mithrain,587,588\n";

    @Test
    void readsTheLiveRecFormatSortedByUserThenStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("100k.csv");
        Files.writeString(file, LINES);
        ViewingLog log = ViewingLog.read(file);
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.users()).isEqualTo(2);
        assertThat(log.streamers()).isEqualTo(2);
        assertThat(log.rejected()).isZero();
        int u1 = log.userId(0).equals("1") ? 0 : 1;
        assertThat(log.userTo(u1) - log.userFrom(u1)).isEqualTo(3);
        int first = log.userFrom(u1);
        assertThat(log.start(first)).isEqualTo(154);
        assertThat(log.stop(first)).isEqualTo(156);
        assertThat(log.stream(first)).isEqualTo(33842865744L);
        assertThat(log.streamerName(log.streamer(first))).isEqualTo("mithrain");
        assertThat(log.start(first + 2)).isEqualTo(587);
        assertThat(log.maxStep()).isEqualTo(588);
    }

    @Test
    void readsGzip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("full_a.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(LINES.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ViewingLog.read(file).size()).isEqualTo(4);
    }

    @Test
    void skipsAndCountsMalformedLinesWithReasons(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, LINES + "user,stream,streamer,start,stop\n1,2,x,10,5\n1,2,x\n\n");
        ViewingLog log = ViewingLog.read(file);
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.rejected()).isEqualTo(4);
        assertThat(log.rejections().get(0).message()).isEqualTo("stream id: line 5: not an integer: stream");
        assertThat(log.rejections().get(1).message())
                .isEqualTo("stop step: line 6: must be after the start step (10), found 5");
        assertThat(log.rejections().get(2).field()).isNull();
    }

    @Test
    void aFileWithoutAnyValidLineIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.csv");
        Files.writeString(file, "a;b;c\n");
        assertThatThrownBy(() -> ViewingLog.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no valid interaction line").hasMessageContaining("expected 5 comma-separated");
    }
}
