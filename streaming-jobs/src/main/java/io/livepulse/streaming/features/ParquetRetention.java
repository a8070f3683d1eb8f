package io.livepulse.streaming.features;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the offline tables' partitions ({@code <root>/<table>/date=YYYY-MM-DD/hour=HH}, see {@link ParquetTables})
 * whose hour ended more than {@code maxAge} ago, then the date directories left empty. A partition that the Flink
 * file sink is still writing (a hidden in-progress file in it: a late record for an old hour) is left for a later
 * run, so retention never breaks an uncommitted checkpoint. Anything not named like a partition is left alone.
 *
 * <p>The streaming app runs it every {@code retention.parquet-check-every}; {@code retention.parquet} is the age.
 */
public final class ParquetRetention implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ParquetRetention.class);
    private static final Pattern DATE = Pattern.compile("date=(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern HOUR = Pattern.compile("hour=(\\d{2})");

    /** The two settings: how old a partition may get, and how often to look. */
    public record Policy(Duration maxAge, Duration every) {
        public static Policy from(Settings s) {
            var maxAge = s.duration("retention.parquet");
            var every = s.duration("retention.parquet-check-every");
            s.check();
            if (maxAge.isZero() || maxAge.isNegative() || every.isZero() || every.isNegative()) {
                throw new ConfigException("retention.parquet and"
                        + " retention.parquet-check-every must be positive durations (e.g. 90d and 1h); set them in the"
                        + " --config file or with " + Settings.envName("retention.parquet"));
            }
            return new Policy(maxAge, every);
        }
    }

    private final Path root;
    private final Duration maxAge;
    private final Clock clock;

    public ParquetRetention(Path root, Duration maxAge, Clock clock) {
        this.root = root;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Deletes the expired partitions; returns them, relative to the root, in path order. */
    public List<Path> deleteExpired() throws IOException {
        var deleted = new ArrayList<Path>();
        if (!Files.isDirectory(root)) {
            return deleted;
        }
        long cutoffMs = clock.millis() - maxAge.toMillis();
        for (Path table : children(root)) {
            for (Path date : children(table)) {
                var day = DATE.matcher(date.getFileName().toString());
                if (!Files.isDirectory(date) || !day.matches()) {
                    continue;
                }
                LocalDate d;
                try {
                    d = LocalDate.parse(day.group(1));
                } catch (DateTimeParseException e) {
                    continue;
                }
                for (Path hour : children(date)) {
                    var h = HOUR.matcher(hour.getFileName().toString());
                    if (!Files.isDirectory(hour) || !h.matches() || Integer.parseInt(h.group(1)) > 23) {
                        continue;
                    }
                    long endMs = d.atStartOfDay(ZoneOffset.UTC).plusHours(Integer.parseInt(h.group(1)) + 1L)
                            .toInstant().toEpochMilli();
                    if (endMs <= cutoffMs && !beingWritten(hour)) {
                        deleteTree(hour);
                        deleted.add(root.relativize(hour));
                    }
                }
                if (children(date).isEmpty()) {
                    Files.delete(date);
                }
            }
        }
        deleted.sort(Comparator.naturalOrder());
        return deleted;
    }

    /** One scheduled run: failures are logged and the next run tries again. */
    @Override
    public void run() {
        try {
            var deleted = deleteExpired();
            if (!deleted.isEmpty()) {
                LOG.info("Deleted {} Parquet partitions older than {} under {}", deleted.size(), maxAge, root);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Parquet retention under {} failed this time; it runs again later: {}", root, e.toString());
        }
    }

    private static boolean beingWritten(Path partition) throws IOException {
        try (Stream<Path> files = Files.walk(partition)) {
            return files.anyMatch(f -> f.getFileName().toString().contains("inprogress"));
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
