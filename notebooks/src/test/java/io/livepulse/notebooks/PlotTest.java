package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void drawsEveryKindOfChartAsAnImage() throws Exception {
        var xy = Plot.xy("t", "x", "y").line("a", new double[] {1, 2}, new double[] {3, 4})
                .scatter("b", new double[] {1, 2}, new double[] {2, 2});
        assertThat(xy.image().getWidth()).isEqualTo(Plot.WIDTH);
        assertThat(Plot.histogram("h", "v", new double[] {1, 2, 2, 3}, 3).image().getHeight()).isEqualTo(Plot.HEIGHT);
        assertThat(Plot.timeSeries("ts", "y").line("r", new long[] {0, 60_000}, new double[] {1, 2})
                .markers("alerts", new long[] {60_000}, new double[] {2}).image()).isNotNull();
        assertThat(Plot.bars("b", "y", List.of("x", "y")).bars("s", new double[] {1, 2}).image()).isNotNull();
        var heat = Plot.heatMap("confusion", "predicted", "actual", List.of("neg", "pos"), List.of("neg", "pos"),
                new int[][] {{5, 1}, {2, 7}});
        Path png = heat.savePng(dir.resolve("c.png"));
        assertThat(ImageIO.read(Files.newInputStream(png)).getWidth()).isPositive();
    }

    @Test
    void mixingAxesOrSizesIsRefusedWithAReason() {
        assertThatThrownBy(() -> Plot.xy("t", "x", "y").line("a", new long[] {1}, new double[] {1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Plot.timeSeries");
        assertThatThrownBy(() -> Plot.bars("b", "y", List.of("x")).bars("s", new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 values for 1 categories");
        assertThatThrownBy(() -> Plot.heatMap("c", "p", "a", List.of("x"), List.of("y"), new int[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 x 1");
    }
}
