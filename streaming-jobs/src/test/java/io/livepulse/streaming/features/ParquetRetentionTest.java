package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T18:30:00Z");

    private static Path file(Path root, String relative) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x");
    }

    @Test
    void partitionsWhoseHourEndedBeforeTheCutoffAreDeletedAndNothingElse(@TempDir Path root) throws Exception {
        // cutoff: 2026-11-07T18:30Z (30 days)
        file(root, "room_metrics/date=2026-11-06/hour=23/part-0.parquet");
        file(root, "room_metrics/date=2026-11-07/hour=17/part-0.parquet");
        file(root, "room_metrics/date=2026-11-07/hour=17/part-1.parquet");
        file(root, "room_metrics/date=2026-11-07/hour=18/part-0.parquet"); // ends 19:00, after the cutoff
        file(root, "room_metrics/date=2026-12-07/hour=18/part-0.parquet");
        file(root, "user_room_features/date=2026-10-01/hour=00/part-0.parquet");
        file(root, "user_room_features/date=2026-10-02/hour=05/.part-0.parquet.inprogress.1234"); // being written
        file(root, "user_room_features/notes.txt");
        file(root, "user_room_features/date=garbage/hour=01/part-0.parquet");
        file(root, "user_room_features/date=2026-10-03/hour=99/part-0.parquet");

        var retention = new ParquetRetention(root, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
        var deleted = retention.deleteExpired();

        assertThat(deleted).extracting(Path::toString).containsExactly(
                "room_metrics/date=2026-11-06/hour=23",
                "room_metrics/date=2026-11-07/hour=17",
                "user_room_features/date=2026-10-01/hour=00");
        assertThat(remaining(root)).containsExactly(
                "room_metrics/date=2026-11-07/hour=18/part-0.parquet",
                "room_metrics/date=2026-12-07/hour=18/part-0.parquet",
                "user_room_features/date=2026-10-02/hour=05/.part-0.parquet.inprogress.1234",
                "user_room_features/date=2026-10-03/hour=99/part-0.parquet",
                "user_room_features/date=garbage/hour=01/part-0.parquet",
                "user_room_features/notes.txt");
        assertThat(root.resolve("room_metrics/date=2026-11-06")).doesNotExist();
        assertThat(root.resolve("user_room_features/date=2026-10-01")).doesNotExist();
        assertThat(retention.deleteExpired()).isEmpty();
    }

    @Test
    void aMissingRootIsNotAnError(@TempDir Path dir) throws Exception {
        var retention = new ParquetRetention(dir.resolve("none"), Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(retention.deleteExpired()).isEmpty();
    }

    @Test
    void thePolicyComesFromTheSettingsAndMustBePositive() {
        var defaults = ParquetRetention.Policy.from(Settings.of(Map.of()));
        assertThat(defaults.maxAge()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.every()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ParquetRetention.Policy.from(Settings.of(Map.of("retention.parquet", "0s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention.parquet");
    }

    private static List<String> remaining(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
