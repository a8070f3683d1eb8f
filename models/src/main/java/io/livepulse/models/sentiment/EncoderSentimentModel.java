package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.util.Arrays;
import java.util.List;

/**
 * A sentiment model of kind {@value #KIND}: a frozen pre-trained encoder ({@link SentenceEncoder}, onnxruntime)
 * whose pooled token states feed a {@link DenseHead}. The most accurate model here and the slowest (tens to hundreds
 * of texts per CPU-second against tens of thousands for the TF-IDF models). Holds native onnxruntime resources:
 * close it.
 */
public final class EncoderSentimentModel implements SentimentModel {
    public static final String KIND = "sentiment-encoder-head/1";

    private final ModelManifest manifest;
    private final SentenceEncoder encoder;
    private final List<String> pooling;
    private final DenseHead head;

    EncoderSentimentModel(ModelManifest manifest, SentenceEncoder encoder, List<String> pooling, DenseHead head) {
        this.manifest = manifest;
        this.encoder = encoder;
        this.pooling = List.copyOf(pooling);
        this.head = head;
        if (select(new float[encoder.dimension()], pooling, encoder.hidden()).length != head.inputs()) {
            throw new IllegalArgumentException("Head takes " + head.inputs() + " features, " + pooling + " of "
                    + encoder.encoder().id() + " gives a different number");
        }
    }

    /**
     * Reads a verified registry version and starts its encoder.
     *
     * @throws RegistryException if the kind, the manifest params or the head are wrong, or the encoder cannot start
     */
    public static EncoderSentimentModel load(ModelRegistry.VerifiedModel model) {
        var m = model.manifest();
        if (!KIND.equals(m.kind())) {
            throw new RegistryException(m.name() + " v" + m.version() + " is of kind " + m.kind() + ", not " + KIND);
        }
        var params = m.params();
        if (!(params.get("encoder") instanceof String id) || !(params.get("maxTokens") instanceof Number maxTokens)
                || !(params.get("pooling") instanceof List<?> pooling)) {
            throw new RegistryException(m.name() + " v" + m.version() + ": manifest params lack encoder, maxTokens or"
                    + " pooling");
        }
        var head = DenseHead.read(model.dir());
        var encoder = SentenceEncoder.start(m, id, maxTokens.intValue());
        try {
            return new EncoderSentimentModel(m, encoder, pooling.stream().map(String::valueOf).toList(), head);
        } catch (IllegalArgumentException e) {
            encoder.close();
            throw new RegistryException(m.name() + " v" + m.version() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    public SentenceEncoder encoder() {
        return encoder;
    }

    public DenseHead head() {
        return head;
    }

    @Override
    public List<SentimentLabel> classes() {
        return head.classes();
    }

    @Override
    public double[] probabilities(String text) {
        return head.probabilities(select(encoder.encode(text), pooling, encoder.hidden()));
    }

    @Override
    public Sentiment score(String text) {
        return head.score(select(encoder.encode(text), pooling, encoder.hidden()));
    }

    /** Scores many texts, encoded in length-sorted batches of 32 (several times faster than one by one). */
    @Override
    public List<Sentiment> scoreAll(List<String> texts) {
        float[][] features = encoder.encode(texts, 32);
        return Arrays.stream(features).map(f -> head.score(select(f, pooling, encoder.hidden()))).toList();
    }

    @Override
    public int tokenCount(String text) {
        return encoder.tokenIds(ChatNormalizer.normalize(text)).length;
    }

    @Override
    public boolean runsEncoder() {
        return true;
    }

    /** The blocks named by {@code pooling} (in {@link SentenceEncoder#POOLING} order) of one feature vector. */
    public static float[] select(float[] features, List<String> pooling, int hidden) {
        var blocks = SentenceEncoder.POOLING.stream().filter(pooling::contains).toList();
        float[] out = new float[blocks.size() * hidden];
        for (int b = 0; b < blocks.size(); b++) {
            int from = SentenceEncoder.POOLING.indexOf(blocks.get(b)) * hidden;
            System.arraycopy(features, from, out, b * hidden, hidden);
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
