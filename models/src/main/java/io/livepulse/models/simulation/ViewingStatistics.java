package io.livepulse.models.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a viewing log that the simulator is calibrated on, computed the same way for a simulated log and
 * for the real LiveRec figures.
 *
 * @param viewerSlope least-squares slope of log(distinct viewers) against log(rank) over the top 1 % of
 *     streamers (at least 10 ranks): how fast popularity falls in the head
 * @param top1PercentShare share of all (streamer, viewer) pairs held by the top 1 % of streamers
 * @param meanIntervalsPerUser mean viewing intervals per active user over 43 days (LiveRec's span)
 * @param medianIntervalsPerUser median of the same
 * @param meanWatchStepsPerUser mean watched 10-minute steps per active user over 43 days
 * @param repeatShare share of intervals with a streamer the user watched before
 */
public record ViewingStatistics(double viewerSlope, double top1PercentShare, double meanIntervalsPerUser,
        double medianIntervalsPerUser, double meanWatchStepsPerUser, double repeatShare) {
    /** Days of the LiveRec log: per-user figures are scaled to it. */
    public static final int LIVEREC_DAYS = 43;
    /** Users of the LiveRec 100k log that twitch100k_aggregates describes. */
    public static final int LIVEREC_USERS = 100_000;

    /** The statistics of a simulation: intervals are sessions, steps are watch minutes / 10 (at least 1). */
    public static ViewingStatistics of(PlatformSimulator sim) {
        Map<String, Set<String>> viewers = new HashMap<>();
        Map<String, long[]> perUser = new HashMap<>();
        long sessions = 0;
        long repeats = 0;
        for (var it = sim.sessions(); it.hasNext(); ) {
            ViewingSession s = it.next();
            sessions++;
            repeats += s.repeat() ? 1 : 0;
            viewers.computeIfAbsent(s.room().streamerId(), k -> new HashSet<>()).add(s.userId());
            long[] acc = perUser.computeIfAbsent(s.userId(), k -> new long[2]);
            acc[0]++;
            acc[1] += Math.max(1, Math.round(s.watchMinutes() / 10.0));
        }
        double scale = LIVEREC_DAYS / (double) sim.config().days();
        long[] counts = viewers.values().stream().mapToLong(Set::size).toArray();
        double[] intervals = perUser.values().stream().mapToDouble(a -> a[0] * scale).toArray();
        double steps = perUser.values().stream().mapToDouble(a -> a[1] * scale).average().orElse(0);
        return new ViewingStatistics(slope(counts), topShare(counts), mean(intervals), median(intervals), steps,
                sessions == 0 ? 0 : repeats / (double) sessions);
    }

    /**
     * The real figures: viewers per streamer from {@code streamer_viewer_distribution.csv}, intervals and watch
     * steps per user from {@code rfm_user_segments.csv} (Frequency, Monetary) of twitch100k_aggregates, the
     * repeat share from twitch105k (the only real log here with streamer ids per interaction; the aggregates have
     * none).
     *
     * <p>The popularity figures depend on how many viewers there are (the head grows with the log), so the real
     * distribution is first thinned to {@code users} of its 100,000: each of a streamer's viewers is kept with
     * probability {@code users / 100,000} (seeded), and streamers left without viewers drop out, as in a
     * simulation of that many viewers. {@code users >= 100,000} keeps the full distribution.
     */
    public static ViewingStatistics real(Path aggregatesDir, Path twitch105kCsv, int users, long seed) {
        long[] counts = thin(column(aggregatesDir.resolve("streamer_viewer_distribution.csv"), 1).stream()
                .mapToLong(Math::round).toArray(), users / (double) LIVEREC_USERS, seed);
        double[] frequency = column(aggregatesDir.resolve("rfm_user_segments.csv"), 2).stream()
                .mapToDouble(Double::doubleValue).toArray();
        double monetary = column(aggregatesDir.resolve("rfm_user_segments.csv"), 3).stream()
                .mapToDouble(Double::doubleValue).average().orElse(0);
        return new ViewingStatistics(slope(counts), topShare(counts), mean(frequency), median(frequency), monetary,
                repeatShare(twitch105kCsv));
    }

    /** Each unit of each count kept with probability {@code keep}; zero counts dropped. */
    static long[] thin(long[] counts, double keep, long seed) {
        if (keep >= 1) {
            return counts;
        }
        var random = new java.util.SplittableRandom(seed);
        return Arrays.stream(counts).map(c -> {
            long kept = 0;
            for (long i = 0; i < c; i++) {
                kept += random.nextDouble() < keep ? 1 : 0;
            }
            return kept;
        }).filter(c -> c > 0).toArray();
    }

    /** Share of a user's interactions (in file order, by start step) with a streamer they watched before. */
    static double repeatShare(Path twitch105kCsv) {
        record Row(String user, String streamer, int start, long line) {}
        var rows = new ArrayList<Row>();
        try (BufferedReader r = Files.newBufferedReader(twitch105kCsv, StandardCharsets.UTF_8)) {
            r.readLine();
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", -1);
                if (f.length == 5) {
                    rows.add(new Row(f[1], f[2], Integer.parseInt(f[3].trim()), n++));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + twitch105kCsv + ": " + e.getMessage(), e);
        }
        rows.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
                : Long.compare(a.line(), b.line()));
        var seen = new HashSet<String>();
        long repeats = 0;
        for (Row row : rows) {
            if (!seen.add(row.user() + '\u0000' + row.streamer())) {
                repeats++;
            }
        }
        return rows.isEmpty() ? 0 : repeats / (double) rows.size();
    }

    /** Slope of log(count) on log(rank) over the top 1 % of ranks (at least 10). */
    static double slope(long[] counts) {
        long[] d = descending(counts);
        int n = Math.min(d.length, Math.max(10, d.length / 100));
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] <= 0) {
                break;
            }
            double x = Math.log(i + 1);
            double y = Math.log(d[i]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            m++;
        }
        return m < 2 ? Double.NaN : (m * sxy - sx * sy) / (m * sxx - sx * sx);
    }

    /** Share of the total held by the top 1 % of entries (at least one). */
    static double topShare(long[] counts) {
        long[] d = descending(counts);
        int k = Math.max(1, d.length / 100);
        double total = Arrays.stream(d).sum();
        double top = Arrays.stream(d, 0, Math.min(k, d.length)).sum();
        return total == 0 ? 0 : top / total;
    }

    private static long[] descending(long[] counts) {
        long[] d = counts.clone();
        Arrays.sort(d);
        for (int i = 0, j = d.length - 1; i < j; i++, j--) {
            long t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static List<Double> column(Path csv, int index) {
        var out = new ArrayList<Double>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                // a streamer name may itself contain no comma; the value columns are numeric
                String[] f = line.split(",", -1);
                if (f.length > index) {
                    try {
                        out.add(Double.parseDouble(f[index].trim()));
                    } catch (NumberFormatException e) {
                        // a malformed row is not a figure; counted by the size check below
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no numeric value in column " + index);
        }
        return out;
    }
}
