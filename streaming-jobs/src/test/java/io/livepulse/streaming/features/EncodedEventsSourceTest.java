package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.schemas.AvroCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodedEventsSourceTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileReadsBackAndEveryRecordDecodesAsFromItsBytes() throws Exception {
        var events = new EventLogFixture(7).log(2, 5, 3);
        var records = new ArrayList<byte[]>();
        events.subList(0, 40).forEach(e -> records.add(AvroCodec.standard().encode(e)));
        records.add(new byte[] {1, 2, 3});
        records.add(new byte[0]);
        var file = dir.resolve("events.bin");

        EncodedEventsSource.write(records, file);
        var mapped = new EncodedEventsSource.FileRecords(file.toString());
        mapped.open(null);

        assertThat(EncodedEventsSource.readAll(file)).containsExactlyElementsOf(records);
        List<Decoded> decoded = new ArrayList<>();
        for (long i = records.size() - 1; i >= 0; i--) {
            decoded.add(0, mapped.map(i));
        }
        for (int i = 0; i < records.size(); i++) {
            var expected = Decoded.of(records.get(i));
            assertThat(decoded.get(i).activity()).isEqualTo(expected.activity());
            assertThat(decoded.get(i).rejectReason()).isEqualTo(expected.rejectReason());
        }
        assertThat(decoded.get(records.size() - 2).raw()).containsExactly(1, 2, 3);
    }
}
