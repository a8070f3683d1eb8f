package io.livepulse.training.recommend;

import io.livepulse.models.recommend.RankingMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The evaluation report of one training run: {@value #FILE} and PNG charts in one directory. */
final class RecommenderReport {
    static final String FILE = "evaluation.md";
    static final String HIT_CHART = "hit-rates-test.png";
    static final String REPEAT_CHART = "repeat-vs-new-test.png";

    private RecommenderReport() {}

    static void write(Path dir, String source, Map<String, Object> data, List<ModelResult> results, String selectedAls)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), markdown(source, data, results, selectedAls), StandardCharsets.UTF_8);
        var hits = new DefaultCategoryDataset();
        var repeatNew = new DefaultCategoryDataset();
        for (ModelResult r : results) {
            hits.addValue(r.test().all().hr1(), "HR@1", r.name());
            hits.addValue(r.test().all().hr5(), "HR@5", r.name());
            hits.addValue(r.test().all().hr10(), "HR@10", r.name());
            repeatNew.addValue(r.test().repeat().hr10(), "repeat targets", r.name());
            repeatNew.addValue(r.test().fresh().hr10(), "new targets", r.name());
        }
        save(ChartFactory.createBarChart("Test period, live-availability protocol", "model", "hit rate", hits,
                PlotOrientation.VERTICAL, true, false, false), dir.resolve(HIT_CHART));
        save(ChartFactory.createBarChart("HR@10 on repeat vs new targets (test)", "model", "HR@10", repeatNew,
                PlotOrientation.VERTICAL, true, false, false), dir.resolve(REPEAT_CHART));
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        // model names such as "als-log-w-times-i+repeat" do not fit under a bar: slant them rather than cut them
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelWidthRatio(2f);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 560);
    }

    /** Copies the report files into a registry payload directory. */
    static void copyInto(Path reportDir, Path target) throws IOException {
        try (Stream<Path> files = Files.list(reportDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
    }

    static String markdown(String source, Map<String, Object> data, List<ModelResult> results, String selectedAls) {
        var md = new StringBuilder();
        md.append("# Recommender evaluation\n\n");
        md.append("Data: ").append(source).append("\n\n");
        data.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\nProtocol: LiveRec live-availability (RecSys 2021). Train on interactions starting before max-500, "
                + "validation targets in [max-500, max-250), test targets in the last 250 steps; one instance per user "
                + "(the last interaction in the period; input = the up to 16 before it); candidates = every streamer live "
                + "at the target's start step, ranked in full. Ties are broken by training popularity for every model. "
                + "ALS selected on validation HR@1: **").append(selectedAls).append("**.\n\n");
        md.append("![hit rates](").append(HIT_CHART).append(")\n![repeat vs new](").append(REPEAT_CHART).append(")\n\n");
        table(md, "Test period", results, true);
        table(md, "Validation period", results, false);
        md.append("\n## Cost\n\n| model | train s | peak heap MB | eval users/s (test) | mean live candidates |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (ModelResult r : results) {
            md.append("| ").append(r.name()).append(" | ").append(String.format(Locale.ROOT, "%.1f", r.trainSeconds()))
                    .append(" | ").append(r.peakHeapBytes() / (1 << 20)).append(" | ")
                    .append(Math.round(r.test().usersPerSecond())).append(" | ")
                    .append(Math.round(r.test().meanCandidates())).append(" |\n");
        }
        md.append("\n## Parameters\n\n");
        for (ModelResult r : results) {
            md.append("- ").append(r.name()).append(": ").append(r.params()).append('\n');
        }
        return md.toString();
    }

    private static void table(StringBuilder md, String title, List<ModelResult> results, boolean test) {
        md.append("\n## ").append(title).append("\n\n| model | HR@1 | HR@5 | HR@10 | NDCG@5 | NDCG@10 | MRR | "
                + "repeat HR@1 | repeat HR@10 | new HR@1 | new HR@10 | repeat share | coverage@10 |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ModelResult r : results) {
            RankingMetrics m = test ? r.test() : r.validation();
            md.append("| ").append(r.name());
            for (double v : new double[] {m.all().hr1(), m.all().hr5(), m.all().hr10(), m.all().ndcg5(),
                m.all().ndcg10(), m.mrr(), m.repeat().hr1(), m.repeat().hr10(), m.fresh().hr1(), m.fresh().hr10(),
                m.repeatShare(), m.coverage()}) {
                md.append(" | ").append(String.format(Locale.ROOT, "%.4f", v));
            }
            md.append(" |\n");
        }
    }
}
