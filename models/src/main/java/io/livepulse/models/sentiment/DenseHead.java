package io.livepulse.models.sentiment;

import io.livepulse.models.registry.RegistryException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small classifier over a fixed-length feature vector (e.g. a frozen sentence encoder's output), in plain Java:
 * standardise each input with the training mean and standard deviation, then dense layers (ReLU between them,
 * softmax at the end). With one layer it is multinomial logistic regression. The forward pass of the
 * Deeplearning4j network it was exported from (same weights; DL4J's dense W is [in][out]).
 *
 * <p>Payload {@value #PAYLOAD}: magic, format 1, classes, input size, mean, std, layers ([in][out] weights, bias).
 */
public final class DenseHead {
    public static final String PAYLOAD = "dense-head.bin";
    private static final int MAGIC = 0x4C50444E; // "LPDN"

    /**
     * One dense layer.
     *
     * @param weights [in][out]
     * @param bias [out]
     */
    public record Layer(float[][] weights, float[] bias) {
        public Layer {
            if (weights.length == 0 || weights[0].length != bias.length) {
                throw new IllegalArgumentException("A dense layer needs >= 1 input and one bias per output: "
                        + weights.length + " inputs, " + (weights.length == 0 ? 0 : weights[0].length) + " outputs, "
                        + bias.length + " biases");
            }
        }

        int in() {
            return weights.length;
        }

        int out() {
            return bias.length;
        }
    }

    private final SentimentLabel[] classes;
    private final float[] mean;
    private final float[] std;
    private final List<Layer> layers;

    public DenseHead(List<SentimentLabel> classes, float[] mean, float[] std, List<Layer> layers) {
        if (layers.isEmpty() || mean.length != std.length || layers.get(0).in() != mean.length
                || layers.get(layers.size() - 1).out() != classes.size()) {
            throw new IllegalArgumentException("Dense head shapes do not fit: " + mean.length + " inputs, "
                    + classes.size() + " classes, " + layers.size() + " layers");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new IllegalArgumentException("Layer " + i + " takes " + layers.get(i).in() + " inputs but layer "
                        + (i - 1) + " gives " + layers.get(i - 1).out());
            }
        }
        this.classes = classes.toArray(SentimentLabel[]::new);
        this.mean = mean.clone();
        this.std = std.clone();
        this.layers = List.copyOf(layers);
    }

    public List<SentimentLabel> classes() {
        return List.of(classes);
    }

    public int inputs() {
        return mean.length;
    }

    /** Class probabilities of one feature vector. */
    public double[] probabilities(float[] features) {
        if (features.length != mean.length) {
            throw new IllegalArgumentException("Expected " + mean.length + " features, got " + features.length);
        }
        double[] x = new double[features.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (features[i] - mean[i]) / std[i];
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            double[] y = new double[layer.out()];
            for (int o = 0; o < y.length; o++) {
                y[o] = layer.bias()[o];
            }
            for (int i = 0; i < x.length; i++) {
                double xi = x[i];
                if (xi == 0) {
                    continue;
                }
                float[] w = layer.weights()[i];
                for (int o = 0; o < y.length; o++) {
                    y[o] += xi * w[o];
                }
            }
            if (l < layers.size() - 1) {
                for (int o = 0; o < y.length; o++) {
                    y[o] = Math.max(0, y[o]);
                }
            }
            x = y;
        }
        return ClassProbabilities.softmax(x);
    }

    /** The most probable class and P(positive) - P(negative). */
    public Sentiment score(float[] features) {
        return ClassProbabilities.sentiment(classes, probabilities(features));
    }

    public void writeTo(Path dir) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PAYLOAD)),
                1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(1);
            PayloadFields.writeClasses(out, classes);
            out.writeInt(mean.length);
            PayloadFields.writeFloats(out, mean);
            PayloadFields.writeFloats(out, std);
            out.writeInt(layers.size());
            for (Layer layer : layers) {
                out.writeInt(layer.in());
                out.writeInt(layer.out());
                for (float[] row : layer.weights()) {
                    PayloadFields.writeFloats(out, row);
                }
                PayloadFields.writeFloats(out, layer.bias());
            }
        }
    }

    /** Reads {@value #PAYLOAD} from a version directory; {@link RegistryException} if it is malformed. */
    public static DenseHead read(Path dir) {
        Path file = dir.resolve(PAYLOAD);
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != 1) {
                throw new RegistryException(file + " is not a format-1 dense head payload");
            }
            var classes = PayloadFields.readClasses(in);
            int n = in.readInt();
            float[] mean = PayloadFields.readFloats(in, n);
            float[] std = PayloadFields.readFloats(in, n);
            int count = in.readInt();
            var layers = new ArrayList<Layer>();
            for (int l = 0; l < count; l++) {
                int rows = in.readInt();
                int cols = in.readInt();
                float[][] w = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    w[r] = PayloadFields.readFloats(in, cols);
                }
                layers.add(new Layer(w, PayloadFields.readFloats(in, cols)));
            }
            return new DenseHead(classes, mean, std, layers);
        } catch (IOException | IllegalArgumentException | NegativeArraySizeException e) {
            throw new RegistryException(file + ": malformed dense head payload (" + e.getMessage() + ")", e);
        }
    }
}
