package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ThreeClassEncoderHeadTest {
    @Test
    void theExportedHeadScoresAsTheNetworkAtTheFittedTemperature() {
        var p = EncoderParams.defaults().with(List.of("cls"), 5, 1.0, 0.0, 64);
        var net = EncoderSentimentTraining.network(4, 3, p);
        var rnd = new Random(7);
        float[][] norm = {{0.1f, -0.2f, 0.3f, 0f}, {1.5f, 0.5f, 2f, 1f}};
        double temperature = 1.7;
        var head = ThreeClassEncoderHead.export(net, norm, temperature);
        for (int i = 0; i < 20; i++) {
            float[] x = new float[4];
            float[] z = new float[4];
            for (int k = 0; k < 4; k++) {
                x[k] = (float) rnd.nextGaussian() * 3;
                z[k] = (x[k] - norm[0][k]) / norm[1][k];
            }
            double[] dl4j = net.output(Nd4j.create(new float[][] {z}), false).toDoubleVector();
            assertThat(head.probabilities(x)).containsExactly(TemperatureScaling.rescale(dl4j, temperature),
                    within(1e-5));
        }
    }
}
