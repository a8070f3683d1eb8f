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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forward pass of the text CNN trained with Deeplearning4j, in plain Java: symbol ids (padded with id 0 to
 * {@code maxLen}, unknown symbols id 1), embedding lookup, one 1-D convolution with "same" padding and ReLU,
 * max over positions, softmax layer. At load time each vocabulary entry's embedding is multiplied into the
 * convolution weights once, so scoring a text costs {@code maxLen * filters * kernel} additions.
 *
 * <p>Payload {@value #PAYLOAD} in a registry version of kind {@value #KIND}.
 */
public final class TextCnnModel implements SentimentScorer {
    public static final String KIND = "sentiment-textcnn/1";
    public static final String PAYLOAD = "textcnn.bin";
    private static final int MAGIC = 0x4C50434E; // "LPCN"

    private final Tokenizer symbols;
    private final Map<String, Integer> ids;
    private final List<String> vocabulary;
    private final int maxLen;
    private final int filters;
    private final int kernel;
    private final SentimentLabel[] classes;
    /** projected[v][f * kernel + j] = sum_c convW[f][c][j] * emb[v][c]. */
    private final float[][] projected;
    private final float[] convBias;
    private final float[][] outWeights;
    private final float[] outBias;
    private final float[][] embeddings;
    private final float[][][] convWeights;

    /**
     * @param embeddings [vocabulary][embedding]
     * @param convWeights [filters][embedding][kernel]
     * @param outWeights [filters][classes]
     */
    public TextCnnModel(Tokenizer symbols, List<String> vocabulary, int maxLen, List<SentimentLabel> classes,
            float[][] embeddings, float[][][] convWeights, float[] convBias, float[][] outWeights, float[] outBias) {
        this.symbols = symbols;
        this.vocabulary = List.copyOf(vocabulary);
        this.ids = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.put(vocabulary.get(i), i);
        }
        this.maxLen = maxLen;
        this.filters = convWeights.length;
        this.kernel = convWeights[0][0].length;
        this.classes = classes.toArray(SentimentLabel[]::new);
        this.embeddings = embeddings;
        this.convWeights = convWeights;
        this.convBias = convBias;
        this.outWeights = outWeights;
        this.outBias = outBias;
        if (embeddings.length != vocabulary.size() || outBias.length != classes.size()
                || outWeights.length != filters || convBias.length != filters) {
            throw new IllegalArgumentException("Inconsistent text CNN shapes: vocabulary " + vocabulary.size()
                    + ", embeddings " + embeddings.length + ", filters " + filters + ", classes " + classes.size());
        }
        int e = embeddings[0].length;
        projected = new float[embeddings.length][filters * kernel];
        for (int v = 0; v < embeddings.length; v++) {
            for (int f = 0; f < filters; f++) {
                for (int j = 0; j < kernel; j++) {
                    float s = 0;
                    for (int c = 0; c < e; c++) {
                        s += convWeights[f][c][j] * embeddings[v][c];
                    }
                    projected[v][f * kernel + j] = s;
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

    /** ReLU outputs of one filter at every position (for checking an export against its trainer). */
    public double[] convActivations(String text, int filter) {
        int[] x = encode(text);
        int padLeft = (kernel - 1) / 2;
        double[] out = new double[maxLen];
        for (int t = 0; t < maxLen; t++) {
            float s = convBias[filter];
            for (int j = 0; j < kernel; j++) {
                int pos = t + j - padLeft;
                if (pos >= 0 && pos < maxLen) {
                    s += projected[x[pos]][filter * kernel + j];
                }
            }
            out[t] = Math.max(0, s);
        }
        return out;
    }

    /** Class probabilities, indexed like the classes given at construction. */
    public double[] probabilities(String text) {
        int[] x = encode(text);
        int padLeft = (kernel - 1) / 2;
        double[] pooled = new double[filters];
        java.util.Arrays.fill(pooled, Double.NEGATIVE_INFINITY);
        for (int t = 0; t < maxLen; t++) {
            for (int f = 0; f < filters; f++) {
                float s = convBias[f];
                for (int j = 0; j < kernel; j++) {
                    int pos = t + j - padLeft;
                    if (pos >= 0 && pos < maxLen) {
                        s += projected[x[pos]][f * kernel + j];
                    }
                }
                double relu = Math.max(0, s);
                if (relu > pooled[f]) {
                    pooled[f] = relu;
                }
            }
        }
        double[] logits = new double[classes.length];
        for (int k = 0; k < logits.length; k++) {
            double z = outBias[k];
            for (int f = 0; f < filters; f++) {
                z += pooled[f] * outWeights[f][k];
            }
            logits[k] = z;
        }
        return ClassProbabilities.softmax(logits);
    }

    @Override
    public Sentiment score(String text) {
        double[] p = probabilities(text);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return new Sentiment(classes[best], ClassProbabilities.polarity(classes, p));
    }

    public void writeTo(Path dir) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PAYLOAD)),
                1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(1);
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
            out.writeInt(filters);
            out.writeInt(kernel);
            for (float[] row : embeddings) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
            for (float[][] f : convWeights) {
                for (float[] c : f) {
                    for (float v : c) {
                        out.writeFloat(v);
                    }
                }
            }
            for (float v : convBias) {
                out.writeFloat(v);
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
            if (in.readInt() != MAGIC || in.readInt() != 1) {
                throw new RegistryException(file + " is not a version-1 text CNN payload");
            }
            var symbols = Tokenizer.fromSpec(in.readUTF());
            int maxLen = in.readInt();
            int k = in.readInt();
            var classes = new SentimentLabel[k];
            for (int i = 0; i < k; i++) {
                classes[i] = SentimentLabel.valueOf(in.readUTF());
            }
            int v = in.readInt();
            var vocab = new java.util.ArrayList<String>(v);
            for (int i = 0; i < v; i++) {
                vocab.add(in.readUTF());
            }
            int e = in.readInt();
            int f = in.readInt();
            int kernel = in.readInt();
            float[][] emb = new float[v][e];
            for (float[] row : emb) {
                for (int i = 0; i < e; i++) {
                    row[i] = in.readFloat();
                }
            }
            float[][][] conv = new float[f][e][kernel];
            for (float[][] ff : conv) {
                for (float[] c : ff) {
                    for (int j = 0; j < kernel; j++) {
                        c[j] = in.readFloat();
                    }
                }
            }
            float[] convB = new float[f];
            for (int i = 0; i < f; i++) {
                convB[i] = in.readFloat();
            }
            float[][] outW = new float[f][k];
            for (float[] row : outW) {
                for (int i = 0; i < k; i++) {
                    row[i] = in.readFloat();
                }
            }
            float[] outB = new float[k];
            for (int i = 0; i < k; i++) {
                outB[i] = in.readFloat();
            }
            return new TextCnnModel(symbols, vocab, maxLen, List.of(classes), emb, conv, convB, outW, outB);
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException(file + ": malformed text CNN payload (" + e.getMessage() + ")", e);
        }
    }
}
