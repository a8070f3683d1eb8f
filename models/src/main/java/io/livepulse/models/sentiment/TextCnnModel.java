package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forward pass of the text CNN trained with Deeplearning4j, in plain Java: symbol ids (padded with id 0 to
 * {@code maxLen}, unknown symbols id 1), embedding lookup, one or more parallel 1-D convolutions of different
 * widths (Kim 2014) with "same" padding and ReLU, max over positions, the pooled filters of all widths
 * concatenated, softmax layer. At load time each vocabulary entry's embedding is multiplied into the convolution
 * weights once, so scoring a text costs {@code maxLen * sum(filters * width)} additions.
 *
 * <p>Payload {@value #PAYLOAD} in a registry version of kind {@value #KIND}; format 2 holds several widths,
 * format 1 (one width) is still read.
 */
public final class TextCnnModel implements SentimentScorer {
    public static final String KIND = "sentiment-textcnn/1";
    public static final String PAYLOAD = "textcnn.bin";
    private static final int MAGIC = 0x4C50434E; // "LPCN"

    /**
     * One convolution width.
     *
     * @param weights [filters][embedding][width]
     * @param bias [filters]
     */
    public record Branch(float[][][] weights, float[] bias) {
        public Branch {
            if (weights.length == 0 || weights.length != bias.length) {
                throw new IllegalArgumentException("A convolution branch needs as many biases as filters (>= 1): "
                        + weights.length + " filters, " + bias.length + " biases");
            }
        }

        int filters() {
            return weights.length;
        }

        int width() {
            return weights[0][0].length;
        }
    }

    private final Tokenizer symbols;
    private final Map<String, Integer> ids;
    private final List<String> vocabulary;
    private final int maxLen;
    private final List<Branch> branches;
    private final int totalFilters;
    private final SentimentLabel[] classes;
    /** projected[b][v][j * filters + f] = sum_c weights[f][c][j] * emb[v][c] for branch b (filters innermost). */
    private final float[][][] projected;
    private final float[][] outWeights;
    private final float[] outBias;
    private final float[][] embeddings;

    /**
     * @param embeddings [vocabulary][embedding]
     * @param branches the convolution widths, in the order their pooled filters are concatenated
     * @param outWeights [sum of filters][classes]
     */
    public TextCnnModel(Tokenizer symbols, List<String> vocabulary, int maxLen, List<SentimentLabel> classes,
            float[][] embeddings, List<Branch> branches, float[][] outWeights, float[] outBias) {
        this.symbols = symbols;
        this.vocabulary = List.copyOf(vocabulary);
        this.ids = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.put(vocabulary.get(i), i);
        }
        this.maxLen = maxLen;
        this.branches = List.copyOf(branches);
        this.totalFilters = branches.stream().mapToInt(Branch::filters).sum();
        this.classes = classes.toArray(SentimentLabel[]::new);
        this.embeddings = embeddings;
        this.outWeights = outWeights;
        this.outBias = outBias;
        if (branches.isEmpty() || embeddings.length != vocabulary.size() || outBias.length != classes.size()
                || outWeights.length != totalFilters || maxLen < 1) {
            throw new IllegalArgumentException("Inconsistent text CNN shapes: vocabulary " + vocabulary.size()
                    + ", embeddings " + embeddings.length + ", filters " + totalFilters + ", output rows "
                    + outWeights.length + ", classes " + classes.size() + ", maxLen " + maxLen);
        }
        int e = embeddings[0].length;
        projected = new float[branches.size()][][];
        for (int b = 0; b < branches.size(); b++) {
            var w = branches.get(b).weights();
            int width = branches.get(b).width();
            if (w[0].length != e) {
                throw new IllegalArgumentException("Branch " + b + " expects embedding size " + w[0].length
                        + ", embeddings have " + e);
            }
            projected[b] = new float[embeddings.length][w.length * width];
            for (int v = 0; v < embeddings.length; v++) {
                for (int f = 0; f < w.length; f++) {
                    for (int j = 0; j < width; j++) {
                        float s = 0;
                        for (int c = 0; c < e; c++) {
                            s += w[f][c][j] * embeddings[v][c];
                        }
                        projected[b][v][j * w.length + f] = s;
                    }
                }
            }
        }
    }

    int[] encode(String text) {
        int[] x = new int[maxLen];
        var syms = symbols.tokenize(ChatNormalizer.normalize(text));
        for (int i = 0; i < Math.min(maxLen, syms.size()); i++) {
            x[i] = ids.getOrDefault(syms.get(i), 1);
        }
        return x;
    }

    /** The symbol tokenizer (characters or words) the model reads after {@link ChatNormalizer}. */
    public List<SentimentLabel> classes() {
        return List.of(classes);
    }

    public Tokenizer symbols() {
        return symbols;
    }

    /** The convolution widths, in concatenation order. */
    public int[] widths() {
        return branches.stream().mapToInt(Branch::width).toArray();
    }

    /**
     * ReLU outputs of one filter at every position (for checking an export against its trainer); filters are
     * numbered across branches in concatenation order.
     */
    public double[] convActivations(String text, int filter) {
        int b = 0;
        int f = filter;
        while (f >= branches.get(b).filters()) {
            f -= branches.get(b).filters();
            b++;
        }
        int[] x = encode(text);
        double[] out = new double[maxLen];
        for (int t = 0; t < maxLen; t++) {
            out[t] = Math.max(0, preActivation(b, f, x, t));
        }
        return out;
    }

    private float preActivation(int b, int f, int[] x, int t) {
        int width = branches.get(b).width();
        int filters = branches.get(b).filters();
        int padLeft = (width - 1) / 2;
        float s = branches.get(b).bias()[f];
        float[][] proj = projected[b];
        for (int j = 0; j < width; j++) {
            int pos = t + j - padLeft;
            if (pos >= 0 && pos < maxLen) {
                s += proj[x[pos]][j * filters + f];
            }
        }
        return s;
    }

    /** Class probabilities, indexed like the classes given at construction. */
    public double[] probabilities(String text) {
        int[] x = encode(text);
        float[] pooled = new float[totalFilters]; // ReLU: the max over positions is never below 0
        int offset = 0;
        for (int b = 0; b < branches.size(); b++) {
            var branch = branches.get(b);
            int filters = branch.filters();
            int width = branch.width();
            int padLeft = (width - 1) / 2;
            float[] bias = branch.bias();
            float[][] proj = projected[b];
            float[] acc = new float[filters];
            for (int t = 0; t < maxLen; t++) {
                System.arraycopy(bias, 0, acc, 0, filters);
                for (int j = 0; j < width; j++) {
                    int pos = t + j - padLeft;
                    if (pos < 0 || pos >= maxLen) {
                        continue;
                    }
                    float[] row = proj[x[pos]];
                    int base = j * filters;
                    for (int f = 0; f < filters; f++) {
                        acc[f] += row[base + f];
                    }
                }
                for (int f = 0; f < filters; f++) {
                    pooled[offset + f] = Math.max(pooled[offset + f], acc[f]);
                }
            }
            offset += filters;
        }
        double[] logits = new double[classes.length];
        for (int k = 0; k < logits.length; k++) {
            double z = outBias[k];
            for (int f = 0; f < totalFilters; f++) {
                z += pooled[f] * outWeights[f][k];
            }
            logits[k] = z;
        }
        return ClassProbabilities.softmax(logits);
    }

    @Override
    public Sentiment score(String text) {
        return ClassProbabilities.sentiment(classes, probabilities(text));
    }

    public void writeTo(Path dir) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PAYLOAD)),
                1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(2);
            out.writeUTF(symbols.spec());
            out.writeInt(maxLen);
            out.writeInt(classes.length);
            for (SentimentLabel c : classes) {
                out.writeUTF(c.name());
            }
            out.writeInt(vocabulary.size());
            for (String s : vocabulary) {
                out.writeUTF(s);
            }
            int e = embeddings[0].length;
            out.writeInt(e);
            for (float[] row : embeddings) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
            out.writeInt(branches.size());
            for (Branch b : branches) {
                out.writeInt(b.filters());
                out.writeInt(b.width());
                for (float[][] f : b.weights()) {
                    for (float[] c : f) {
                        for (float v : c) {
                            out.writeFloat(v);
                        }
                    }
                }
                for (float v : b.bias()) {
                    out.writeFloat(v);
                }
            }
            for (float[] row : outWeights) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
            for (float v : outBias) {
                out.writeFloat(v);
            }
        }
    }

    /** Reads a verified registry version; {@link RegistryException} if it is not a text CNN or is malformed. */
    public static TextCnnModel load(ModelRegistry.VerifiedModel model) {
        var m = model.manifest();
        if (!KIND.equals(m.kind())) {
            throw new RegistryException(m.name() + " v" + m.version() + " is of kind " + m.kind() + ", not " + KIND);
        }
        Path file = model.file(PAYLOAD);
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = in.readInt();
            int format = in.readInt();
            if (magic != MAGIC || (format != 1 && format != 2)) {
                throw new RegistryException(file + " is not a format-1 or format-2 text CNN payload");
            }
            var symbols = Tokenizer.fromSpec(in.readUTF());
            int maxLen = in.readInt();
            int k = in.readInt();
            var classes = new SentimentLabel[k];
            for (int i = 0; i < k; i++) {
                classes[i] = SentimentLabel.valueOf(in.readUTF());
            }
            int v = in.readInt();
            var vocab = new ArrayList<String>(v);
            for (int i = 0; i < v; i++) {
                vocab.add(in.readUTF());
            }
            int e = in.readInt();
            var branches = new ArrayList<Branch>();
            float[][] emb;
            if (format == 1) {
                int f = in.readInt();
                int width = in.readInt();
                emb = readMatrix(in, v, e);
                branches.add(new Branch(readConv(in, f, e, width), PayloadFields.readFloats(in, f)));
            } else {
                emb = readMatrix(in, v, e);
                int n = in.readInt();
                for (int b = 0; b < n; b++) {
                    int f = in.readInt();
                    int width = in.readInt();
                    branches.add(new Branch(readConv(in, f, e, width), PayloadFields.readFloats(in, f)));
                }
            }
            int total = branches.stream().mapToInt(Branch::filters).sum();
            float[][] outW = readMatrix(in, total, k);
            float[] outB = PayloadFields.readFloats(in, k);
            return new TextCnnModel(symbols, vocab, maxLen, List.of(classes), emb, branches, outW, outB);
        } catch (IOException | IllegalArgumentException | NegativeArraySizeException e) {
            throw new RegistryException(file + ": malformed text CNN payload (" + e.getMessage() + ")", e);
        }
    }

    private static float[][] readMatrix(DataInputStream in, int rows, int cols) throws IOException {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int i = 0; i < cols; i++) {
                row[i] = in.readFloat();
            }
        }
        return m;
    }

    private static float[][][] readConv(DataInputStream in, int filters, int e, int width) throws IOException {
        float[][][] conv = new float[filters][e][width];
        for (float[][] f : conv) {
            for (float[] c : f) {
                for (int j = 0; j < width; j++) {
                    c[j] = in.readFloat();
                }
            }
        }
        return conv;
    }

    @Override
    public String toString() {
        return "TextCnnModel[maxLen=" + maxLen + ", widths=" + Arrays.toString(widths()) + ", filters=" + totalFilters
                + ", vocabulary=" + vocabulary.size() + "]";
    }
}
