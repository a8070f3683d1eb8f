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
 * A Kim-style CNN over a frozen encoder's per-token states, in plain Java: standardise each channel with the
 * training mean and standard deviation, parallel 1-D convolutions of several widths ("same" padding: positions
 * outside the text read zeros), ReLU, max over the text's positions, the pooled filters of all widths concatenated,
 * softmax layer. The forward pass of the Deeplearning4j network it was exported from, trained with the padding
 * positions masked.
 *
 * <p>Payload {@value #PAYLOAD}: magic, format 1, classes, channels, mean, std, branches (width, filters,
 * [width][channels][filters] weights, bias), output ([filters][classes] weights, bias).
 */
public final class TokenCnnHead {
    public static final String PAYLOAD = "token-cnn.bin";
    private static final int MAGIC = 0x4C50544B; // "LPTK"

    /**
     * One convolution width.
     *
     * @param weights [width][channels][filters], the layout of DL4J's Conv1D weight buffer
     * @param bias [filters]
     */
    public record Branch(float[][][] weights, float[] bias) {
        public Branch {
            if (weights.length == 0 || weights[0].length == 0 || weights[0][0].length != bias.length) {
                throw new IllegalArgumentException("A convolution branch needs width >= 1, channels >= 1 and one bias"
                        + " per filter");
            }
        }

        int width() {
            return weights.length;
        }

        int channels() {
            return weights[0].length;
        }

        int filters() {
            return bias.length;
        }
    }

    private final SentimentLabel[] classes;
    private final float[] mean;
    private final float[] std;
    private final List<Branch> branches;
    private final float[][] outWeights;
    private final float[] outBias;
    private final int totalFilters;

    /**
     * @param mean per-channel mean of the training token states
     * @param std per-channel standard deviation (> 0)
     * @param outWeights [sum of filters][classes]
     */
    public TokenCnnHead(List<SentimentLabel> classes, float[] mean, float[] std, List<Branch> branches,
            float[][] outWeights, float[] outBias) {
        this.classes = classes.toArray(SentimentLabel[]::new);
        this.mean = mean;
        this.std = std;
        this.branches = List.copyOf(branches);
        this.outWeights = outWeights;
        this.outBias = outBias;
        this.totalFilters = branches.stream().mapToInt(Branch::filters).sum();
        if (branches.isEmpty() || mean.length != std.length || outWeights.length != totalFilters
                || outBias.length != classes.size() || outWeights[0].length != classes.size()
                || branches.stream().anyMatch(b -> b.channels() != mean.length)) {
            throw new IllegalArgumentException("Token CNN shapes do not fit: " + mean.length + " channels, "
                    + totalFilters + " filters, " + outWeights.length + " output rows, " + classes.size()
                    + " classes");
        }
    }

    public List<SentimentLabel> classes() {
        return List.of(classes);
    }

    /** Channels of a token state (the encoder's hidden size). */
    public int channels() {
        return mean.length;
    }

    public int[] widths() {
        return branches.stream().mapToInt(Branch::width).toArray();
    }

    /** Class probabilities for one text's token states {@code [token][channel]} (at least one token). */
    public double[] probabilities(float[][] states) {
        int len = states.length;
        if (len == 0 || states[0].length != mean.length) {
            throw new IllegalArgumentException("Expected >= 1 token state of " + mean.length + " channels, got "
                    + len + (len == 0 ? "" : " of " + states[0].length));
        }
        float[][] z = new float[len][mean.length];
        for (int t = 0; t < len; t++) {
            for (int c = 0; c < mean.length; c++) {
                z[t][c] = (states[t][c] - mean[c]) / std[c];
            }
        }
        float[] pooled = new float[totalFilters]; // ReLU: the max over positions is never below 0
        int offset = 0;
        for (Branch branch : branches) {
            int width = branch.width();
            int filters = branch.filters();
            int padLeft = (width - 1) / 2;
            float[] acc = new float[filters];
            for (int t = 0; t < len; t++) {
                System.arraycopy(branch.bias(), 0, acc, 0, filters);
                for (int j = 0; j < width; j++) {
                    int pos = t + j - padLeft;
                    if (pos < 0 || pos >= len) {
                        continue;
                    }
                    float[][] w = branch.weights()[j];
                    float[] x = z[pos];
                    for (int c = 0; c < x.length; c++) {
                        float xc = x[c];
                        float[] row = w[c];
                        for (int f = 0; f < filters; f++) {
                            acc[f] += xc * row[f];
                        }
                    }
                }
                for (int f = 0; f < filters; f++) {
                    pooled[offset + f] = Math.max(pooled[offset + f], acc[f]);
                }
            }
            offset += filters;
        }
        double[] logits = new double[classes.length];
        for (int k = 0; k < classes.length; k++) {
            double s = outBias[k];
            for (int f = 0; f < totalFilters; f++) {
                s += pooled[f] * outWeights[f][k];
            }
            logits[k] = s;
        }
        return ClassProbabilities.softmax(logits);
    }

    public Sentiment score(float[][] states) {
        return ClassProbabilities.sentiment(classes, probabilities(states));
    }

    /** Writes {@value #PAYLOAD} into {@code dir}. */
    public void writeTo(Path dir) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PAYLOAD)),
                1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(1);
            PayloadFields.writeClasses(out, classes);
            out.writeInt(mean.length);
            PayloadFields.writeFloats(out, mean);
            PayloadFields.writeFloats(out, std);
            out.writeInt(branches.size());
            for (Branch b : branches) {
                out.writeInt(b.width());
                out.writeInt(b.filters());
                for (float[][] tap : b.weights()) {
                    for (float[] row : tap) {
                        PayloadFields.writeFloats(out, row);
                    }
                }
                PayloadFields.writeFloats(out, b.bias());
            }
            for (float[] row : outWeights) {
                PayloadFields.writeFloats(out, row);
            }
            PayloadFields.writeFloats(out, outBias);
        }
    }

    /** Reads {@value #PAYLOAD} from a registry version directory. */
    public static TokenCnnHead read(Path dir) {
        Path file = dir.resolve(PAYLOAD);
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != 1) {
                throw new RegistryException(file + " is not a token CNN head (format 1)");
            }
            var classes = PayloadFields.readClasses(in);
            int k = classes.size();
            int channels = in.readInt();
            float[] mean = PayloadFields.readFloats(in, channels);
            float[] std = PayloadFields.readFloats(in, channels);
            int n = in.readInt();
            var branches = new ArrayList<Branch>();
            int total = 0;
            for (int b = 0; b < n; b++) {
                int width = in.readInt();
                int filters = in.readInt();
                float[][][] w = new float[width][channels][];
                for (int j = 0; j < width; j++) {
                    for (int c = 0; c < channels; c++) {
                        w[j][c] = PayloadFields.readFloats(in, filters);
                    }
                }
                branches.add(new Branch(w, PayloadFields.readFloats(in, filters)));
                total += filters;
            }
            float[][] out = new float[total][];
            for (int f = 0; f < total; f++) {
                out[f] = PayloadFields.readFloats(in, k);
            }
            return new TokenCnnHead(classes, mean, std, branches, out, PayloadFields.readFloats(in, k));
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException("Cannot read token CNN head " + file + ": " + e.getMessage(), e);
        }
    }
}
