package io.livepulse.models.sentiment;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frozen pre-trained transformer encoder run in this JVM (onnxruntime, one intra-op thread: the CPU is shared).
 * Each text becomes {@code [CLS state, mean of token states, max of token states]} of the last layer (3 x hidden
 * floats; padding excluded), computed in length-sorted batches so that little time goes to padding. Texts longer
 * than {@code maxTokens} word pieces are cut. Thread-safe: onnxruntime sessions and the tokenizer may be shared.
 */
public final class SentenceEncoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);

    /** The pooled blocks in a feature vector, in order. */
    public static final List<String> POOLING = List.of("cls", "mean", "max");

    private final PretrainedEncoder encoder;
    private final int maxTokens;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean typeIds;
    private final int hidden;

    public SentenceEncoder(PretrainedEncoder encoder, int maxTokens) {
        if (maxTokens < 8 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be in [8, 512], was " + maxTokens);
        }
        this.encoder = encoder;
        this.maxTokens = maxTokens;
        try {
            byte[] onnx = resource(encoder.onnxResources());
            this.env = OrtEnvironment.getEnvironment();
            var options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(onnx, options);
            Set<String> inputs = session.getInputNames();
            if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
                throw new IllegalStateException(encoder.id() + ": unexpected ONNX inputs " + inputs);
            }
            this.typeIds = inputs.contains("token_type_ids");
            try (InputStream in = open(encoder.tokenizerResources())) {
                this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                        "addSpecialTokens", "true",
                        "truncation", "true",
                        "padding", "false",
                        "maxLength", Integer.toString(maxTokens)));
            }
            this.hidden = (int) ((float[][][]) run(new long[][] {{0, 0}}, new long[][] {{1, 1}}))[0][0].length;
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot start the " + encoder.id() + " encoder: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the encoder that a registry version names ({@code params.encoder}, {@code params.maxTokens}).
     *
     * @throws RegistryException if the encoder is unknown, its files are not on the classpath or it does not start
     */
    static SentenceEncoder start(ModelManifest manifest, String id, int maxTokens) {
        try {
            return new SentenceEncoder(PretrainedEncoder.byId(id), maxTokens);
        } catch (RuntimeException | LinkageError e) {
            throw new RegistryException(manifest.name() + " v" + manifest.version() + ": cannot start encoder " + id
                    + " (" + e.getMessage() + ")", e);
        }
    }

    public PretrainedEncoder encoder() {
        return encoder;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Hidden size of the encoder; a feature vector has {@code 3 * hidden()} floats. */
    public int hidden() {
        return hidden;
    }

    public int dimension() {
        return POOLING.size() * hidden;
    }

    /** Word-piece ids of one text (with the special tokens), cut to {@code maxTokens}. */
    public long[] tokenIds(String text) {
        return tokenizer.encode(text).getIds();
    }

    /** Feature vectors of {@code texts}, in their order. */
    public float[][] encode(List<String> texts, int batchSize) {
        return encode(texts, batchSize, (done, total) -> {});
    }

    /** Progress: called after each batch with texts done and total. */
    @FunctionalInterface
    public interface Progress {
        void batchDone(int done, int total);
    }

    public float[][] encode(List<String> texts, int batchSize, Progress progress) {
        var out = new float[texts.size()][];
        forEachState(texts, batchSize, progress, (i, states, length) -> out[i] = pool(states, length));
        return out;
    }

    /** One text's last-layer token states {@code [token][hidden]} (special tokens included). */
    public float[][] tokenStates(String text) {
        var out = new float[1][][];
        forEachState(List.of(text), 1, (done, total) -> {},
                (i, states, length) -> out[0] = Arrays.copyOf(states, length));
        return out[0];
    }

    /** Receives one text's last-layer token states: rows {@code [0, length)} of {@code states} are its own. */
    @FunctionalInterface
    public interface StateConsumer {
        void accept(int index, float[][] states, int length);
    }

    /**
     * Runs the encoder over length-sorted batches and hands each text's padded last-layer token states (special
     * tokens included, cut to {@code maxTokens}) and true length on, text by text: for heads over the whole sequence.
     */
    public void forEachState(List<String> texts, int batchSize, Progress progress, StateConsumer consumer) {
        int n = texts.size();
        var ids = new long[n][];
        for (int i = 0; i < n; i++) {
            Encoding e = tokenizer.encode(texts.get(i).isBlank() ? "." : texts.get(i));
            ids[i] = e.getIds();
        }
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(i -> ids[i].length))
                .toArray(Integer[]::new);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int len = ids[order[to - 1]].length;
            long[][] batchIds = new long[to - from][len];
            long[][] mask = new long[to - from][len];
            for (int b = 0; b < to - from; b++) {
                long[] row = ids[order[from + b]];
                System.arraycopy(row, 0, batchIds[b], 0, row.length);
                for (int j = 0; j < row.length; j++) {
                    mask[b][j] = 1;
                }
            }
            float[][][] states;
            try {
                states = (float[][][]) run(batchIds, mask);
            } catch (OrtException e) {
                throw new IllegalStateException(encoder.id() + " failed on a batch: " + e.getMessage(), e);
            }
            for (int b = 0; b < to - from; b++) {
                consumer.accept(order[from + b], states[b], ids[order[from + b]].length);
            }
            progress.batchDone(to, n);
        }
    }

    /** One text's features. */
    public float[] encode(String text) {
        return encode(List.of(text), 1)[0];
    }

    /** [CLS, mean, max] of the first {@code length} token states. */
    public static float[] pool(float[][] states, int length) {
        int h = states[0].length;
        float[] f = new float[3 * h];
        System.arraycopy(states[0], 0, f, 0, h);
        for (int k = 0; k < h; k++) {
            f[2 * h + k] = Float.NEGATIVE_INFINITY;
        }
        for (int t = 0; t < length; t++) {
            float[] s = states[t];
            for (int k = 0; k < h; k++) {
                f[h + k] += s[k];
                f[2 * h + k] = Math.max(f[2 * h + k], s[k]);
            }
        }
        for (int k = 0; k < h; k++) {
            f[h + k] /= length;
        }
        return f;
    }

    private Object run(long[][] ids, long[][] mask) throws OrtException {
        var inputs = new HashMap<String, OnnxTensor>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[ids.length][ids[0].length]));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return result.get(0).getValue();
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static byte[] resource(String[] candidates) throws IOException {
        try (InputStream in = open(candidates)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(String[] candidates) {
        var tried = new ArrayList<String>();
        for (String name : candidates) {
            InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name);
            if (in != null) {
                return in;
            }
            tried.add(name);
        }
        throw new IllegalStateException("Encoder resource not on the classpath (tried " + tried + "); the"
                + " langchain4j-embeddings model jar must be a dependency");
    }

    /** Releases the onnxruntime session and the native tokenizer; a failure is logged, never thrown. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Cannot close the {} encoder session: {}", encoder.id(), e.getMessage());
        }
        tokenizer.close();
    }
}
