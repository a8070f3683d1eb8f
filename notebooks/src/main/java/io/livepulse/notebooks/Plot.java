package io.livepulse.notebooks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart for notebooks, drawn with XChart and shown inline as PNG: the kernel renders any
 * {@link java.awt.image.RenderedImage}, so end a cell with {@code plot.image()}.
 *
 * <pre>{@code
 * Plot.histogram("W per user and room", "watch time (min)", minutes, 40).image();
 * Plot.timeSeries("CCU over the day", "viewers").line("room-7", windowEndMs, ccu).image();
 * }</pre>
 *
 * {@link #chart()} gives the XChart chart for any styling this class does not cover.
 */
public final class Plot {
    static final int WIDTH = 900;
    static final int HEIGHT = 420;

    private enum Axis { NUMBER, TIME, CATEGORY, HEAT }

    private final Chart<?, ?> chart;
    private final Axis axis;
    private final List<String> categories;

    private Plot(Chart<?, ?> chart, Axis axis, List<String> categories) {
        this.chart = chart;
        this.axis = axis;
        this.categories = categories;
    }

    private Plot(Chart<?, ?> chart, Axis axis) {
        this(chart, axis, List.of());
    }

    /** An empty chart with a numeric x axis; add {@link #line} and {@link #scatter} series. */
    public static Plot xy(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        c.getStyler().setLegendVisible(true);
        c.getStyler().setXAxisDecimalPattern("#,##0.##");
        c.getStyler().setYAxisDecimalPattern("#,##0.##");
        return new Plot(c, Axis.NUMBER);
    }

    /** An empty chart whose x axis is event time (epoch ms, shown in UTC); add {@link #line(String, long[], double[])}. */
    public static Plot timeSeries(String title, String yLabel) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("event time (UTC)")
                .yAxisTitle(yLabel).build();
        c.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        c.getStyler().setDatePattern("MM-dd HH:mm");
        return new Plot(c, Axis.TIME);
    }

    /** A histogram of {@code values} (NaN skipped) in {@code bins} equal-width bins. */
    public static Plot histogram(String title, String xLabel, double[] values, int bins) {
        var plot = xy(title, xLabel, "count").histogramSeries(xLabel, values, bins);
        ((XYChart) plot.chart).getStyler().setLegendVisible(false);
        return plot;
    }

    /** Bars per category; add one or more {@link #bars(String, double[])} series. */
    public static Plot bars(String title, String yLabel, List<String> categories) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel)
                .build();
        c.getStyler().setLegendVisible(true);
        return new Plot(c, Axis.CATEGORY, List.copyOf(categories));
    }

    /**
     * A heat map of counts, e.g. a confusion matrix: {@code counts[row][column]} with rows drawn top to bottom.
     *
     * @throws IllegalArgumentException if {@code counts} is not rows x columns
     */
    public static Plot heatMap(String title, String xLabel, String yLabel, List<String> columns, List<String> rows,
            int[][] counts) {
        if (counts.length != rows.size() || Arrays.stream(counts).anyMatch(r -> r.length != columns.size())) {
            throw new IllegalArgumentException("counts must be " + rows.size() + " x " + columns.size());
        }
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH / 2 + 200).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setShowValue(true);
        c.getStyler().setLegendVisible(false);
        var reversedRows = new ArrayList<>(rows);
        Collections.reverse(reversedRows);
        var data = new ArrayList<Number[]>();
        for (int r = 0; r < rows.size(); r++) {
            for (int col = 0; col < columns.size(); col++) {
                data.add(new Number[] {col, rows.size() - 1 - r, counts[r][col]});
            }
        }
        c.addSeries("counts", columns, reversedRows, data);
        return new Plot(c, Axis.HEAT);
    }

    /** Adds a line through (x, y), in x order as given. */
    public Plot line(String name, double[] x, double[] y) {
        xyChart(Axis.NUMBER).addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        return this;
    }

    /** Adds points (x, y). */
    public Plot scatter(String name, double[] x, double[] y) {
        var series = xyChart(Axis.NUMBER).addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        return this;
    }

    /** Adds a histogram series to a numeric chart, so several distributions can be overlaid. */
    public Plot histogramSeries(String name, double[] values, int bins) {
        var h = Histogram.of(values, bins);
        var series = xyChart(Axis.NUMBER).addSeries(name, h.edges(), h.countsPerEdge());
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.StepArea);
        series.setMarker(SeriesMarkers.NONE);
        return this;
    }

    /** Adds a line over event time. */
    public Plot line(String name, long[] epochMs, double[] y) {
        xyChart(Axis.TIME).addSeries(name, dates(epochMs), boxed(y)).setMarker(SeriesMarkers.NONE);
        return this;
    }

    /** Adds marked points over event time, e.g. the minutes an alert was raised. */
    public Plot markers(String name, long[] epochMs, double[] y) {
        var series = xyChart(Axis.TIME).addSeries(name, dates(epochMs), boxed(y));
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.DIAMOND);
        return this;
    }

    /** Adds one bar per category (same order as the categories). */
    public Plot bars(String name, double[] values) {
        if (axis != Axis.CATEGORY) {
            throw new IllegalStateException("bars need a chart made with Plot.bars(...)");
        }
        var c = (CategoryChart) chart;
        if (values.length != categories.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + categories.size()
                    + " categories");
        }
        c.addSeries(name, categories, boxed(values));
        return this;
    }

    /** The XChart chart, for styling. */
    public Chart<?, ?> chart() {
        return chart;
    }

    /** The chart drawn as an image (the kernel shows it as PNG). */
    public BufferedImage image() {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes the chart as a PNG file and returns its path. */
    public Path savePng(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private XYChart xyChart(Axis wanted) {
        if (axis != wanted) {
            throw new IllegalStateException("this chart's x axis is " + axis.name().toLowerCase(Locale.ROOT)
                    + "; use Plot." + (wanted == Axis.TIME ? "timeSeries" : "xy") + "(...) for this series");
        }
        return (XYChart) chart;
    }

    private static List<Date> dates(long[] epochMs) {
        var out = new ArrayList<Date>(epochMs.length);
        for (long ms : epochMs) {
            out.add(new Date(ms));
        }
        return out;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
