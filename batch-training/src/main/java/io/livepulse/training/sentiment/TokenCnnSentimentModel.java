package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import io.livepulse.models.sentiment.Sentiment;
import io.livepulse.models.sentiment.SentimentScorer;
import io.livepulse.models.sentiment.TokenCnnHead;

/**
 * A sentiment scorer of kind {@value #KIND}: a frozen pre-trained encoder ({@link SentenceEncoder}, onnxruntime)
 * whose per-token last-layer states feed a plain-Java {@link TokenCnnHead}. Encoder-bound like
 * {@link EncoderSentimentModel} (tens to hundreds of texts per CPU-second), so it serves offline and batch scoring.
 * Holds native onnxruntime resources: close it.
 */
public final class TokenCnnSentimentModel implements SentimentScorer, AutoCloseable {
    public static final String KIND = "sentiment-encoder-tokencnn/1";

    private final SentenceEncoder encoder;
    private final TokenCnnHead head;

    TokenCnnSentimentModel(SentenceEncoder encoder, TokenCnnHead head) {
        if (encoder.hidden() != head.channels()) {
            throw new IllegalArgumentException("Head reads " + head.channels() + " channels, "
                    + encoder.encoder().id() + " gives " + encoder.hidden());
        }
        this.encoder = encoder;
        this.head = head;
    }

    /** Reads a verified registry version and starts its encoder. */
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
        return new TokenCnnSentimentModel(new SentenceEncoder(PretrainedEncoder.byId(id), maxTokens.intValue()), head);
    }

    public TokenCnnHead head() {
        return head;
    }

    /** Class probabilities of one text, indexed like the head's classes. */
    public double[] probabilities(String text) {
        return head.probabilities(encoder.tokenStates(text));
    }

    @Override
    public Sentiment score(String text) {
        return head.score(encoder.tokenStates(text));
    }

    @Override
    public void close() {
        encoder.close();
    }
}
