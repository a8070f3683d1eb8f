package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.ModelRegistry;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train sentiment-report}: reads the latest sentiment models' metrics from the registry and writes a
 * Markdown table ({@code sentiment-table.md}), an accuracy/macro-F1 bar chart ({@code sentiment-accuracy.png})
 * and one confusion-matrix chart per model ({@code confusion-<model>.png}).
 */
@Command(name = "sentiment-report", mixinStandardHelpOptions = true,
        description = "Accuracy table and PNG charts of the registered sentiment models.")
public final class SentimentReportCommand implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final List<String> KINDS = List.of("lr", "nb", "zh-lr", "cnn", "enc", "tok", "ens");
    private static final List<String> LABELS = List.of("TF-IDF + LR", "TF-IDF + NB", "TF-IDF + LR, zh pooled",
            "text CNN", "encoder + head", "encoder tokens + CNN", "ensemble");
    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
        new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3)};

    @Option(names = "--data-dir", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--out", defaultValue = "docs/sentiment", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out;

    record Row(String corpus, String kind, ModelManifest manifest, Map<String, Object> test, Map<String, Object> shortText) {}

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        var registry = new ModelRegistry(dataDir.resolve("models"));
        var rows = new ArrayList<Row>();
        for (SentimentCorpus c : SentimentCorpus.values()) {
            for (String kind : KINDS) {
                if (kind.equals("zh-lr")) {
                    // the pooled Chinese model: one registry entry, metrics per corpus
                    var pooled = registry.latest("sentiment-zh-lr");
                    if (pooled.isPresent() && pooled.get().manifest().metrics().get("perCorpus") instanceof Map<?, ?> per
                            && per.get(c.id()) instanceof Map<?, ?> mine) {
                        rows.add(new Row(c.id(), kind, pooled.get().manifest(), (Map<String, Object>) mine.get("test"),
                                (Map<String, Object>) mine.get("shortText")));
                    }
                    continue;
                }
                var latest = registry.latest("sentiment-" + c.id() + "-" + kind);
                if (latest.isPresent()) {
                    var m = latest.get().manifest();
                    rows.add(new Row(c.id(), kind, m, (Map<String, Object>) m.metrics().get("test"),
                            (Map<String, Object>) m.metrics().get("shortText")));
                }
            }
        }
        Files.createDirectories(out);
        var md = new StringBuilder("| corpus | model | version | test texts | accuracy | macro-F1 | short texts (<= 20 chars)"
                + " | short accuracy | confusion (rows gold, cols predicted) |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | v%d | %s | %.4f | %.4f | %s | %.4f | `%s` |%n", r.corpus(),
                    r.kind(), r.manifest().version(), r.test().get("examples"), num(r.test().get("accuracy")),
                    num(r.test().get("macroF1")), r.shortText().get("examples"), num(r.shortText().get("accuracy")),
                    r.test().get("confusion")));
            confusionChart(r);
        }
        Files.writeString(out.resolve("sentiment-table.md"), md);
        accuracyChart(rows);
        CONSOLE.info("Wrote {} rows, sentiment-accuracy.png and {} confusion charts to {}", rows.size(), rows.size(),
                out.toAbsolutePath());
        return 0;
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private void accuracyChart(List<Row> rows) throws IOException {
        var corpora = rows.stream().map(Row::corpus).distinct().toList();
        int w = 1100;
        int h = 460;
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        int left = 60;
        int top = 50;
        int bottom = h - 70;
        int plotW = w - left - 30;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Sentiment: held-out test accuracy (bar) and macro-F1 (tick) per corpus and model", left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double lo = 0.4;
        for (int i = 0; i <= 6; i++) {
            double v = lo + i * 0.1;
            int y = yOf(v, lo, top, bottom);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f", v), left - 30, y + 4);
        }
        int group = plotW / Math.max(1, corpora.size());
        int bar = Math.min(60, (group - 30) / KINDS.size());
        for (int ci = 0; ci < corpora.size(); ci++) {
            String c = corpora.get(ci);
            int gx = left + ci * group + 15;
            for (int ki = 0; ki < KINDS.size(); ki++) {
                String kind = KINDS.get(ki);
                var row = rows.stream().filter(r -> r.corpus().equals(c) && r.kind().equals(kind)).findFirst();
                if (row.isEmpty()) {
                    continue;
                }
                double acc = num(row.get().test().get("accuracy"));
                double f1 = num(row.get().test().get("macroF1"));
                int x = gx + ki * bar;
                int y = yOf(acc, lo, top, bottom);
                g.setColor(COLORS[ki]);
                g.fillRect(x, y, bar - 4, bottom - y);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2));
                int yf = yOf(f1, lo, top, bottom);
                g.drawLine(x, yf, x + bar - 5, yf);
                g.drawString(String.format(Locale.ROOT, "%.3f", acc), x, y - 4);
            }
            g.setColor(Color.BLACK);
            g.drawString(c, gx, bottom + 18);
        }
        int lx = left;
        for (int ki = 0; ki < KINDS.size(); ki++) {
            g.setColor(COLORS[ki]);
            g.fillRect(lx, h - 32, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(LABELS.get(ki), lx + 20, h - 20);
            lx += 20 + g.getFontMetrics().stringWidth(LABELS.get(ki)) + 24;
        }
        g.dispose();
        ImageIO.write(img, "png", out.resolve("sentiment-accuracy.png").toFile());
    }

    private static int yOf(double v, double lo, int top, int bottom) {
        double clamped = Math.max(lo, Math.min(1.0, v));
        return (int) Math.round(bottom - (clamped - lo) / (1.0 - lo) * (bottom - top));
    }

    @SuppressWarnings("unchecked")
    private void confusionChart(Row r) throws IOException {
        var cm = (List<List<Number>>) r.test().get("confusion");
        var classes = (List<String>) r.manifest().trainingData().get("classes");
        int k = cm.size();
        int cell = 90;
        int left = 110;
        int top = 70;
        int w = left + k * cell + 30;
        int h = top + k * cell + 50;
        var img = new BufferedImage(Math.max(w, 380), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString("sentiment-" + r.corpus() + "-" + r.kind() + " v" + r.manifest().version(), 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "accuracy %.4f  macro-F1 %.4f  (rows gold, cols predicted)",
                num(r.test().get("accuracy")), num(r.test().get("macroF1"))), 10, 40);
        for (int i = 0; i < k; i++) {
            long rowSum = cm.get(i).stream().mapToLong(Number::longValue).sum();
            g.setColor(Color.BLACK);
            g.drawString(classes == null ? "class " + i : classes.get(i), 10, top + i * cell + cell / 2);
            g.drawString(classes == null ? "class " + i : classes.get(i), left + i * cell + 8, top - 6);
            for (int j = 0; j < k; j++) {
                long v = cm.get(i).get(j).longValue();
                double frac = rowSum == 0 ? 0 : (double) v / rowSum;
                int shade = (int) Math.round(255 - frac * 180);
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + j * cell, top + i * cell, cell - 2, cell - 2);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%d", v), left + j * cell + 10, top + i * cell + cell / 2 - 4);
                g.drawString(String.format(Locale.ROOT, "%.1f%%", frac * 100), left + j * cell + 10,
                        top + i * cell + cell / 2 + 12);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", out.resolve("confusion-" + r.corpus() + "-" + r.kind() + ".png").toFile());
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }
}
