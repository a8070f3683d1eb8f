package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.util.List;

/**
 * A sentiment model of kind {@value #KIND}: a frozen pre-trained encoder ({@link SentenceEncoder}, onnxruntime)
 * whose per-token last-layer states feed a plain-Java {@link TokenCnnHead}. Encoder-bound like
 * {@link EncoderSentimentModel} (tens to hundreds of texts per CPU-second). Holds native onnxruntime resources:
 * close it.
 */
public final class TokenCnnSentimentModel implements SentimentModel {
    public static final String KIND = "sentiment-encoder-tokencnn/1";

    private final ModelManifest manifest;
    private final SentenceEncoder encoder;
    private final TokenCnnHead head;

    TokenCnnSentimentModel(ModelManifest manifest, SentenceEncoder encoder, TokenCnnHead head) {
        if (encoder.hidden() != head.channels()) {
            throw new IllegalArgumentException("Head reads " + head.channels() + " channels, "
                    + encoder.encoder().id() + " gives " + encoder.hidden());
        }
        this.manifest = manifest;
        this.encoder = encoder;
        this.head = head;
    }

    /**
     * Reads a verified registry version and starts its encoder.
     *
     * @throws RegistryException if the kind, the manifest params or the head are wrong, or the encoder cannot start
     */
    public static TokenCnnSentimentModel load(ModelRegistry.VerifiedModel model) {
        var m = model.manifest();
        if (!KIND.equals(m.kind())) {
            throw new RegistryException(m.name() + " v" + m.version() + " is of kind " + m.kind() + ", not " + KIND);
        }
        if (!(m.params().get("encoder") instanceof String id)
                || !(m.params().get("maxTokens") instanceof Number maxTokens)) {
            throw new RegistryException(m.name() + " v" + m.version() + ": manifest params lack encoder or maxTokens");
        }
        var head = TokenCnnHead.read(model.dir());
        var encoder = SentenceEncoder.start(m, id, maxTokens.intValue());
        try {
            return new TokenCnnSentimentModel(m, encoder, head);
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

    public TokenCnnHead head() {
        return head;
    }

    @Override
    public List<SentimentLabel> classes() {
        return head.classes();
    }

    @Override
    public double[] probabilities(String text) {
        return head.probabilities(encoder.tokenStates(text));
    }

    @Override
    public Sentiment score(String text) {
        return head.score(encoder.tokenStates(text));
    }

    @Override
    public int tokenCount(String text) {
        return encoder.tokenIds(ChatNormalizer.normalize(text)).length;
    }

    @Override
    public boolean runsEncoder() {
        return true;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
