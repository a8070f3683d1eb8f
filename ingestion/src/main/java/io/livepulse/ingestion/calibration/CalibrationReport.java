package io.livepulse.ingestion.calibration;

import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.ViewingSession;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The statistics of a simulated viewing log next to the published Twitch-100k figures, and a PNG chart of
 * streamer popularity (rank against intervals, log-log) and interval lengths.
 */
public final class CalibrationReport {
    /** Published figures of the LiveRec Twitch-100k log (see shared/data/README.md). */
    public static final double PUBLISHED_MEAN_STEPS = 3.1;
    public static final double PUBLISHED_INTERVALS_PER_USER = 3_051_733 / 100_000.0;

    private final long intervals;
    private final long activeUsers;
    private final double meanSteps;
    private final double repeatShare;
    private final double topStreamerShare;
    private final double zipfSlope;
    private final List<Integer> perStreamer;
    private final long[] stepHistogram;
    private final int days;
    private final int users;

    private CalibrationReport(long intervals, long activeUsers, double meanSteps, double repeatShare,
            double topStreamerShare, double zipfSlope, List<Integer> perStreamer, long[] stepHistogram, int days, int users) {
        this.intervals = intervals;
        this.activeUsers = activeUsers;
        this.meanSteps = meanSteps;
        this.repeatShare = repeatShare;
        this.topStreamerShare = topStreamerShare;
        this.zipfSlope = zipfSlope;
        this.perStreamer = perStreamer;
        this.stepHistogram = stepHistogram;
        this.days = days;
        this.users = users;
    }

    public static CalibrationReport of(PlatformSimulator sim) {
        long n = 0;
        long steps = 0;
        long repeats = 0;
        var users = new HashSet<String>();
        Map<String, Integer> streamers = new HashMap<>();
        long[] histogram = new long[21];
        for (var it = sim.sessions(); it.hasNext(); ) {
            ViewingSession s = it.next();
            long length = Math.max(1, Math.round(s.watchMinutes() / 10.0));
            n++;
            steps += length;
            repeats += s.repeat() ? 1 : 0;
            users.add(s.userId());
            streamers.merge(s.room().streamerId(), 1, Integer::sum);
            histogram[(int) Math.min(20, length)]++;
        }
        var counts = new ArrayList<>(streamers.values());
        counts.sort(Comparator.reverseOrder());
        return new CalibrationReport(n, users.size(), steps / (double) Math.max(1, n), repeats / (double) Math.max(1, n),
                counts.isEmpty() ? 0 : counts.get(0) / (double) n, slope(counts, 100), counts, histogram,
                sim.config().days(), sim.config().users());
    }

    static double slope(List<Integer> descending, int ranks) {
        int n = Math.min(ranks, descending.size());
        if (n < 2) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double x = Math.log(i + 1);
            double y = Math.log(descending.get(i));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** The figures, one per line, with the published value where there is one. */
    public List<String> lines() {
        double perUser = intervals / (double) users * 43.0 / days;
        return List.of(
                String.format("intervals: %,d (%,d of %,d users active)", intervals, activeUsers, users),
                String.format("intervals per user over 43 days: %.1f (published %.1f)", perUser, PUBLISHED_INTERVALS_PER_USER),
                String.format("mean interval: %.2f steps of 10 minutes (published about %.1f)", meanSteps, PUBLISHED_MEAN_STEPS),
                String.format("repeat share (intervals with a streamer the viewer watched before): %.2f", repeatShare),
                String.format("streamers watched: %,d; most-watched streamer: %.1f %% of intervals", perStreamer.size(),
                        100 * topStreamerShare),
                String.format("Zipf slope of the 100 most-watched streamers (log intervals vs log rank): %.2f", zipfSlope));
    }

    /** Writes a 1200x500 PNG: popularity (log-log) on the left, interval lengths on the right. */
    public void writeChart(Path png) {
        var image = new BufferedImage(1200, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1200, 500);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        drawPopularity(g, 60, 40, 500, 400);
        drawLengths(g, 660, 40, 500, 400);
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + png, e);
        }
    }

    private void drawPopularity(Graphics2D g, int x0, int y0, int w, int h) {
        axes(g, x0, y0, w, h, "streamer popularity: rank (log) vs intervals (log); slope " + String.format("%.2f", zipfSlope));
        if (perStreamer.isEmpty()) {
            return;
        }
        double maxX = Math.log10(perStreamer.size());
        double maxY = Math.log10(perStreamer.get(0));
        g.setColor(new Color(31, 119, 180));
        for (int i = 0; i < perStreamer.size(); i++) {
            int px = x0 + (int) (w * Math.log10(i + 1) / Math.max(1e-9, maxX));
            int py = y0 + h - (int) (h * Math.log10(perStreamer.get(i)) / Math.max(1e-9, maxY));
            g.fillRect(px, py, 2, 2);
        }
        g.setColor(Color.GRAY);
        g.drawString("1 .. " + perStreamer.size() + " streamers; 1 .. " + perStreamer.get(0) + " intervals", x0 + 10, y0 + 15);
    }

    private void drawLengths(Graphics2D g, int x0, int y0, int w, int h) {
        axes(g, x0, y0, w, h, String.format("interval length in 10-minute steps (mean %.2f, published ~3.1)", meanSteps));
        long max = 1;
        for (long c : stepHistogram) {
            max = Math.max(max, c);
        }
        int bar = w / 20;
        g.setColor(new Color(255, 127, 14));
        for (int s = 1; s <= 20; s++) {
            int bh = (int) (h * stepHistogram[s] / (double) max);
            g.fillRect(x0 + (s - 1) * bar + 2, y0 + h - bh, bar - 4, bh);
        }
        g.setColor(Color.DARK_GRAY);
        for (int s = 1; s <= 20; s += 3) {
            g.drawString(s == 20 ? "20+" : Integer.toString(s), x0 + (s - 1) * bar + 4, y0 + h + 15);
        }
    }

    private static void axes(Graphics2D g, int x0, int y0, int w, int h, String title) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine(x0, y0 + h, x0 + w, y0 + h);
        g.drawLine(x0, y0, x0, y0 + h);
        g.drawString(title, x0, y0 - 12);
    }
}
