package io.livepulse.models.recommend;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequence-aware next-streamer model in plain Java (payload {@value #FILE} of registry kind {@value #KIND}), in
 * the spirit of LiveRec (Rappaz et al., RecSys 2021): an LSTM reads the user's last {@value #SEQUENCE_LENGTH}
 * streamers and each live candidate is scored from that state together with the two signals of live
 * recommendation, availability (how long the candidate's stream has been live) and repeat (whether, how often and
 * how recently the user watched the candidate).
 *
 * <p>Everything it reads is in a ranking request: the history ({@link WatchedStreamer}: streamer, visits, last
 * time) and the live rooms ({@link LiveCandidate#liveForMs}). The sequence is the user's distinct streamers
 * ordered by their latest watch, oldest first, the last {@value #SEQUENCE_LENGTH} kept, left-padded. Training
 * (DL4J, {@code batch-training}) builds its inputs with {@link #sequence} and {@link #features}, and a test checks
 * that this forward pass gives DL4J's outputs.
 *
 * <p>Forward pass, D the embedding width: {@code x_t = E[s_t]}; LSTM with DL4J's gate layout ({@code z = x W + h R
 * + b}, blocks [cell input (tanh), forget, output, input gate]); {@code u = h_L}; for candidate c: {@code m = [u *
 * C[c], C[c], f(c)]}, {@code d = relu(m W3 + b3)}, score {@code = d w4 + b4} (the logit; DL4J's output is its
 * sigmoid).
 */
public final class LiveSequenceNet implements StreamerModel {
    public static final String KIND = "live-sequence-lstm/1";
    public static final String FILE = "sequence-lstm.bin";
    /** Streamers in the input sequence. */
    public static final int SEQUENCE_LENGTH = 16;
    /** Index of padding in the sequence and of streamers outside the vocabulary. */
    public static final int PAD = 0;
    public static final int UNKNOWN = 1;
    /** Vocabulary index of the first real streamer. */
    public static final int FIRST_STREAMER = 2;
    /**
     * Candidate features: watched before (0/1), log(1 + visits), recency (1 for the most recently watched streamer,
     * down to 1/m for the m-th, 0 when never watched), most recent (0/1), stream age known (0/1), log(1 + hours
     * live).
     */
    public static final int FEATURES = 6;
    private static final int MAGIC = 0x4C50534E; // "LPSN"
    private static final int FORMAT_VERSION = 1;
    private static final float MS_PER_HOUR = 3_600_000f;

    private final String[] vocab;
    private final int dim;
    private final int dense;
    private final float[] seqEmbedding;
    private final float[] lstmW;
    private final float[] lstmR;
    private final float[] lstmB;
    private final float[] candEmbedding;
    private final float[] w3;
    private final float[] b3;
    private final float[] w4;
    private final float b4;
    private final Map<String, Integer> index;

    /**
     * @param vocab streamer ids of vocabulary indices {@value #FIRST_STREAMER}.. (padding and unknown come first)
     * @param dim width of the embeddings and of the LSTM state
     * @param dense width of the ReLU layer
     * @param seqEmbedding {@code [V][dim]}, V = vocab.length + 2, row-major like all weights here
     * @param lstmW {@code [dim][4 dim]}
     * @param lstmR {@code [dim][4 dim]}
     * @param lstmB {@code [4 dim]}
     * @param candEmbedding {@code [V][dim]}
     * @param w3 {@code [2 dim + FEATURES][dense]}
     * @param w4 {@code [dense]}
     */
    public LiveSequenceNet(String[] vocab, int dim, int dense, float[] seqEmbedding, float[] lstmW, float[] lstmR,
            float[] lstmB, float[] candEmbedding, float[] w3, float[] b3, float[] w4, float b4) {
        int v = vocab.length + FIRST_STREAMER;
        int in = 2 * dim + FEATURES;
        check("sequence embedding", seqEmbedding.length, (long) v * dim);
        check("LSTM input weights", lstmW.length, 4L * dim * dim);
        check("LSTM recurrent weights", lstmR.length, 4L * dim * dim);
        check("LSTM bias", lstmB.length, 4L * dim);
        check("candidate embedding", candEmbedding.length, (long) v * dim);
        check("dense weights", w3.length, (long) in * dense);
        check("dense bias", b3.length, dense);
        check("output weights", w4.length, dense);
        this.vocab = vocab;
        this.dim = dim;
        this.dense = dense;
        this.seqEmbedding = seqEmbedding;
        this.lstmW = lstmW;
        this.lstmR = lstmR;
        this.lstmB = lstmB;
        this.candEmbedding = candEmbedding;
        this.w3 = w3;
        this.b3 = b3;
        this.w4 = w4;
        this.b4 = b4;
        this.index = indexOf(vocab);
    }

    private static void check(String what, int actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " has " + actual + " values, the shapes need " + expected);
        }
    }

    /** Vocabulary index by streamer id: {@value #FIRST_STREAMER} + position in {@code vocab}. */
    public static Map<String, Integer> indexOf(String[] vocab) {
        var index = new HashMap<String, Integer>(vocab.length * 2);
        for (int i = 0; i < vocab.length; i++) {
            if (index.put(vocab[i], FIRST_STREAMER + i) != null) {
                throw new IllegalArgumentException("streamer " + vocab[i] + " occurs twice in the vocabulary");
            }
        }
        return index;
    }

    public int vocabularySize() {
        return vocab.length;
    }

    public int dim() {
        return dim;
    }

    /** The history ordered by latest watch, oldest first (ties as the ranker's repeat signal orders them). */
    public static List<WatchedStreamer> byRecency(List<WatchedStreamer> history) {
        var sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparingLong(WatchedStreamer::lastTimeMs)
                .thenComparingLong(WatchedStreamer::watchMs)
                .thenComparing(WatchedStreamer::streamerId, LiveRoomRanker::compareIds));
        return sorted;
    }

    /**
     * The input sequence of a history sorted by {@link #byRecency}: the last {@value #SEQUENCE_LENGTH} streamers'
     * vocabulary indices, oldest first, left-padded with {@value #PAD}; unknown streamers are {@value #UNKNOWN}.
     */
    public static int[] sequence(List<WatchedStreamer> sorted, Map<String, Integer> index) {
        int[] seq = new int[SEQUENCE_LENGTH];
        int n = Math.min(SEQUENCE_LENGTH, sorted.size());
        int from = sorted.size() - n;
        for (int i = 0; i < n; i++) {
            seq[SEQUENCE_LENGTH - n + i] = index.getOrDefault(sorted.get(from + i).streamerId(), UNKNOWN);
        }
        return seq;
    }

    /** Vocabulary index of a candidate streamer ({@value #UNKNOWN} outside the vocabulary). */
    public static int candidate(String streamerId, Map<String, Integer> index) {
        return index.getOrDefault(streamerId, UNKNOWN);
    }

    /**
     * The {@value #FEATURES} features of one candidate into {@code out[offset..]}.
     *
     * @param sorted the history by {@link #byRecency}
     * @param position the candidate streamer's position in {@code sorted}, -1 when the user never watched it
     */
    public static void features(List<WatchedStreamer> sorted, int position, long liveForMs, float[] out, int offset) {
        if (position >= 0) {
            int m = sorted.size();
            out[offset] = 1f;
            out[offset + 1] = (float) Math.log1p(sorted.get(position).visits());
            out[offset + 2] = (position + 1) / (float) m;
            out[offset + 3] = position == m - 1 ? 1f : 0f;
        }
        if (liveForMs != LiveCandidate.UNKNOWN_AGE) {
            out[offset + 4] = 1f;
            out[offset + 5] = (float) Math.log1p(liveForMs / MS_PER_HOUR);
        }
    }

    /** Position of each streamer in a sorted history. */
    public static Map<String, Integer> positions(List<WatchedStreamer> sorted) {
        var at = new HashMap<String, Integer>(sorted.size() * 2);
        for (int i = 0; i < sorted.size(); i++) {
            at.put(sorted.get(i).streamerId(), i);
        }
        return at;
    }

    /** The LSTM's last state for a sequence of vocabulary indices. */
    public float[] userState(int[] sequence) {
        int g = 4 * dim;
        float[] h = new float[dim];
        float[] c = new float[dim];
        float[] z = new float[g];
        for (int idx : sequence) {
            if (idx < 0 || idx >= vocab.length + FIRST_STREAMER) {
                throw new IllegalArgumentException("vocabulary index " + idx + " is outside [0, "
                        + (vocab.length + FIRST_STREAMER) + ")");
            }
            System.arraycopy(lstmB, 0, z, 0, g);
            int xo = idx * dim;
            for (int k = 0; k < dim; k++) {
                float x = seqEmbedding[xo + k];
                float hk = h[k];
                int wo = k * g;
                for (int j = 0; j < g; j++) {
                    z[j] += x * lstmW[wo + j] + hk * lstmR[wo + j];
                }
            }
            for (int j = 0; j < dim; j++) {
                float a = (float) Math.tanh(z[j]);
                float f = sigmoid(z[dim + j]);
                float o = sigmoid(z[2 * dim + j]);
                float i = sigmoid(z[3 * dim + j]);
                c[j] = f * c[j] + i * a;
                h[j] = o * (float) Math.tanh(c[j]);
            }
        }
        return h;
    }

    /** The logit of one candidate given the user's state and the candidate's features. */
    public float logit(float[] user, int candidate, float[] features, int offset) {
        int in = 2 * dim + FEATURES;
        float[] m = new float[in];
        int co = candidate * dim;
        for (int k = 0; k < dim; k++) {
            m[k] = user[k] * candEmbedding[co + k];
            m[dim + k] = candEmbedding[co + k];
        }
        System.arraycopy(features, offset, m, 2 * dim, FEATURES);
        float out = b4;
        for (int j = 0; j < dense; j++) {
            float d = b3[j];
            for (int k = 0; k < in; k++) {
                d += m[k] * w3[k * dense + j];
            }
            if (d > 0) {
                out += d * w4[j];
            }
        }
        return out;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    @Override
    public boolean score(String userId, List<WatchedStreamer> history, String[] streamers, double[] scores) {
        var unknownAge = new ArrayList<LiveCandidate>(streamers.length);
        for (String s : streamers) {
            unknownAge.add(new LiveCandidate(s, s, null, 0));
        }
        return score(userId, history, unknownAge, streamers, scores);
    }

    /** Scores every candidate; false (no score) only for a user without history. */
    @Override
    public boolean score(String userId, List<WatchedStreamer> history, List<LiveCandidate> candidates,
            String[] streamers, double[] scores) {
        if (history.isEmpty()) {
            return false;
        }
        var sorted = byRecency(history);
        float[] user = userState(sequence(sorted, index));
        var positions = positions(sorted);
        float[] f = new float[FEATURES];
        for (int i = 0; i < streamers.length; i++) {
            java.util.Arrays.fill(f, 0f);
            features(sorted, positions.getOrDefault(streamers[i], -1), candidates.get(i).liveForMs(), f, 0);
            scores[i] = logit(user, candidate(streamers[i], index), f, 0);
        }
        return true;
    }

    public static LiveSequenceNet load(ModelRegistry.VerifiedModel model) {
        return read(model.file(KIND, FILE));
    }

    /**
     * Reads an export written by {@link #write}.
     *
     * @throws RegistryException when the file is not such an export, was written by another format version, is
     *     truncated or has trailing bytes, or its shapes do not fit together
     */
    public static LiveSequenceNet read(Path file) {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new RegistryException(file + " is not a live sequence network export (" + KIND + ")");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new RegistryException(file + ": export format " + version + ", this build reads format "
                        + FORMAT_VERSION);
            }
            int n = in.readInt();
            int dim = in.readInt();
            int dense = in.readInt();
            int features = in.readInt();
            if (features != FEATURES) {
                throw new RegistryException(file + ": the export scores " + features + " candidate features, this"
                        + " build computes " + FEATURES);
            }
            if (n < 0 || dim <= 0 || dense <= 0 || n > 10_000_000 || dim > 4096 || dense > 4096) {
                throw new RegistryException(file + ": implausible shapes (vocabulary " + n + ", dim " + dim
                        + ", dense " + dense + ")");
            }
            String[] vocab = new String[n];
            for (int i = 0; i < n; i++) {
                vocab[i] = in.readUTF();
            }
            int v = n + FIRST_STREAMER;
            var net = new LiveSequenceNet(vocab, dim, dense, floats(in, v * dim), floats(in, 4 * dim * dim),
                    floats(in, 4 * dim * dim), floats(in, 4 * dim), floats(in, v * dim),
                    floats(in, (2 * dim + FEATURES) * dense), floats(in, dense), floats(in, dense), in.readFloat());
            if (in.read() != -1) {
                throw new RegistryException(file + ": trailing bytes after the weights (not an export of vocabulary "
                        + n + ", dim " + dim + ", dense " + dense + ")");
            }
            return net;
        } catch (EOFException e) {
            throw new RegistryException(file + ": truncated live sequence network export", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException(file + ": cannot read the live sequence network (" + e.getMessage() + ")", e);
        }
    }

    public void write(Path file) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(vocab.length);
            out.writeInt(dim);
            out.writeInt(dense);
            out.writeInt(FEATURES);
            for (String s : vocab) {
                out.writeUTF(s);
            }
            for (float[] a : new float[][] {seqEmbedding, lstmW, lstmR, lstmB, candEmbedding, w3, b3, w4}) {
                for (float f : a) {
                    out.writeFloat(f);
                }
            }
            out.writeFloat(b4);
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
