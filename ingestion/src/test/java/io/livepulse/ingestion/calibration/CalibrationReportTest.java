package io.livepulse.ingestion.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationReportTest {

    @Test
    void slopeOfAnExactZipfIsMinusOne() {
        var counts = new java.util.ArrayList<Integer>();
        for (int r = 1; r <= 100; r++) {
            counts.add((int) Math.round(1_000_000.0 / r));
        }
        assertThat(CalibrationReport.slope(counts, 100)).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(CalibrationReport.slope(List.of(5), 100)).isNaN();
    }

    @Test
    void reportsTheFiguresAndDrawsTheChart(@TempDir Path dir) throws Exception {
        var report = CalibrationReport.of(new PlatformSimulator(SimulationConfig.tiny(2)));
        assertThat(report.lines()).hasSize(6).anyMatch(l -> l.startsWith("mean interval: "));
        Path png = dir.resolve("c/calibration.png");
        report.writeChart(png);
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(500);
    }
}
