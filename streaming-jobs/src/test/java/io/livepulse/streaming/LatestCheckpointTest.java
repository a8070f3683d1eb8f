package io.livepulse.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestCheckpointTest {
    @Test
    void newestCompletedCheckpointAcrossJobsSkippingOneWithoutMetadata(@TempDir Path dir) throws Exception {
        completed(dir.resolve("job-a/chk-7"), "2026-01-01T10:00:00Z");
        completed(dir.resolve("job-b/chk-3"), "2026-01-01T10:05:00Z");
        completed(dir.resolve("job-b/chk-2"), "2026-01-01T10:04:00Z");
        Files.createDirectories(dir.resolve("job-b/chk-4")); // the JVM died while writing it
        Files.createDirectories(dir.resolve("job-b/shared"));

        assertThat(LatestCheckpoint.under(dir)).contains(dir.resolve("job-b/chk-3"));
    }

    @Test
    void noneWithoutACompletedCheckpoint(@TempDir Path dir) throws Exception {
        assertThat(LatestCheckpoint.under(dir.resolve("missing"))).isEmpty();
        Files.createDirectories(dir.resolve("job-a/chk-1"));
        assertThat(LatestCheckpoint.under(dir)).isEmpty();
    }

    private static void completed(Path checkpoint, String at) throws Exception {
        Files.createDirectories(checkpoint);
        Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(at)));
    }
}
