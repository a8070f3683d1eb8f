package io.livepulse.models.recommend;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The neural next-streamer model in plain Java, payload {@value #FILE} of registry kind {@value #KIND}. The
 * input is the user's streamers as a visit- and recency-weighted bag over a vocabulary of streamers
 * ({@link #encode}); one ReLU hidden layer; the output a logit per vocabulary streamer. Training (DL4J) and
 * this forward pass share {@link #encode}, and a test checks both give the same probabilities.
 */
public final class NextStreamerNet implements StreamerModel {
    public static final String KIND = "next-streamer-mlp/1";
    public static final String FILE = "mlp.bin";
    /** Weight of an input interaction per step back in the sequence (the newest has weight 1). */
    public static final float RECENCY_DECAY = 0.8f;
    private static final int MAGIC = 0x4C504D4C;

    private final String[] vocab;
    private final int hidden;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;
    private final Map<String, Integer> index = new HashMap<>();

    /**
     * @param w1 input-to-hidden weights, row-major {@code [vocab][hidden]}
     * @param w2 hidden-to-output weights, row-major {@code [hidden][vocab]}
     */
    public NextStreamerNet(String[] vocab, int hidden, float[] w1, float[] b1, float[] w2, float[] b2) {
        int n = vocab.length;
        if (w1.length != n * hidden || b1.length != hidden || w2.length != hidden * n || b2.length != n) {
            throw new IllegalArgumentException("weight shapes do not match vocabulary " + n + " and hidden " + hidden);
        }
        this.vocab = vocab;
        this.hidden = hidden;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        for (int i = 0; i < n; i++) {
            index.put(vocab[i], i);
        }
    }

    public int vocabularySize() {
        return vocab.length;
    }

    public int hidden() {
        return hidden;
    }

    /**
     * Input vector of a sequence of vocabulary indices, oldest first; -1 (out of vocabulary) is skipped. It is the
     * history's encoding ({@link #score}) of the same interactions: each streamer weighs its number of occurrences
     * times {@link #RECENCY_DECAY}{@code ^r}, r its rank among the sequence's streamers by latest occurrence (0 =
     * the most recent).
     */
    public static void encode(int[] recentVocab, float[] x) {
        encode(recentVocab, x, 0);
    }

    /** {@link #encode(int[], float[])} into {@code x} starting at {@code offset} (one row of a batch). */
    public static void encode(int[] recentVocab, float[] x, int offset) {
        var sparse = sparse(recentVocab);
        for (int i = 0; i < sparse.index().length; i++) {
            x[offset + sparse.index()[i]] += sparse.weight()[i];
        }
    }

    /** The non-zero entries of an input vector. */
    private record Sparse(int[] index, float[] weight) {}

    private static Sparse sparse(int[] recentVocab) {
        int[] index = new int[recentVocab.length];
        int[] visits = new int[recentVocab.length];
        int distinct = 0;
        for (int p = recentVocab.length - 1; p >= 0; p--) {
            int v = recentVocab[p];
            if (v < 0) {
                continue;
            }
            int seen = -1;
            for (int d = 0; d < distinct; d++) {
                if (index[d] == v) {
                    seen = d;
                }
            }
            if (seen >= 0) {
                visits[seen]++;
            } else {
                index[distinct] = v;
                visits[distinct++] = 1;
            }
        }
        return ranked(Arrays.copyOf(index, distinct), Arrays.copyOf(visits, distinct));
    }

    /** Weights of distinct vocabulary streamers given most recent first, with their visits. */
    private static Sparse ranked(int[] byRecency, int[] visits) {
        float[] weight = new float[byRecency.length];
        float w = 1f;
        for (int r = 0; r < byRecency.length; r++) {
            weight[r] = visits[r] * w;
            w *= RECENCY_DECAY;
        }
        return new Sparse(byRecency, weight);
    }

    /** Output logits for a sequence of vocabulary indices, oldest first. */
    public float[] logits(int[] recentVocab) {
        return logits(sparse(recentVocab));
    }

    private float[] logits(Sparse x) {
        int n = vocab.length;
        var h = new float[hidden];
        System.arraycopy(b1, 0, h, 0, hidden);
        for (int i = 0; i < x.index().length; i++) {
            int off = x.index()[i] * hidden;
            float w = x.weight()[i];
            for (int j = 0; j < hidden; j++) {
                h[j] += w * w1[off + j];
            }
        }
        var out = new float[n];
        System.arraycopy(b2, 0, out, 0, n);
        for (int j = 0; j < hidden; j++) {
            float a = Math.max(0f, h[j]);
            if (a != 0f) {
                int off = j * n;
                for (int v = 0; v < n; v++) {
                    out[v] += a * w2[off + v];
                }
            }
        }
        return out;
    }

    /** Softmax of {@link #logits}. */
    public double[] probabilities(int[] recentVocab) {
        float[] z = logits(recentVocab);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public boolean score(String userId, List<WatchedStreamer> history, String[] streamers, double[] scores) {
        var known = new ArrayList<WatchedStreamer>(history.size());
        for (WatchedStreamer w : history) {
            if (index.containsKey(w.streamerId())) {
                known.add(w);
            }
        }
        if (known.isEmpty()) {
            return false;
        }
        known.sort(Comparator.comparingLong(WatchedStreamer::lastTimeMs).reversed()
                .thenComparing(WatchedStreamer::streamerId, (a, b) -> LiveRoomRanker.compareIds(b, a)));
        int[] byRecency = new int[known.size()];
        int[] visits = new int[known.size()];
        for (int r = 0; r < byRecency.length; r++) {
            byRecency[r] = index.get(known.get(r).streamerId());
            visits[r] = known.get(r).visits();
        }
        float[] z = logits(ranked(byRecency, visits));
        for (int i = 0; i < streamers.length; i++) {
            Integer v = index.get(streamers[i]);
            scores[i] = v == null ? Double.NaN : z[v];
        }
        return true;
    }

    /** Vocabulary index of every streamer of {@code log}, -1 when out of vocabulary. */
    public int[] vocabularyOf(ViewingLog log) {
        int[] toVocab = new int[log.streamers()];
        for (int s = 0; s < toVocab.length; s++) {
            toVocab[s] = index.getOrDefault(log.streamerName(s), -1);
        }
        return toVocab;
    }

    public static NextStreamerNet load(ModelRegistry.VerifiedModel model) {
        return read(model.file(KIND, FILE));
    }

    public static NextStreamerNet read(Path file) {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new RegistryException(file + " is not a next-streamer network file");
            }
            int n = in.readInt();
            int hidden = in.readInt();
            String[] vocab = new String[n];
            for (int i = 0; i < n; i++) {
                vocab[i] = in.readUTF();
            }
            return new NextStreamerNet(vocab, hidden, floats(in, n * hidden), floats(in, hidden), floats(in, hidden * n),
                    floats(in, n));
        } catch (IOException e) {
            throw new RegistryException(file + ": cannot read the network (" + e.getMessage() + ")", e);
        }
    }

    public void write(Path file) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(vocab.length);
            out.writeInt(hidden);
            for (String v : vocab) {
                out.writeUTF(v);
            }
            for (float[] a : new float[][] {w1, b1, w2, b2}) {
                for (float f : a) {
                    out.writeFloat(f);
                }
            }
        }
    }

    private static float[] floats(DataInputStream in, int n) throws IOException {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }
}
