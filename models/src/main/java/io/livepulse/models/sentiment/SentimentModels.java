package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.util.List;

/**
 * The one lookup from a registry version's kind to a loaded {@link SentimentModel}, used by serving, the streaming
 * job, the benchmark and the ensemble (whose members are loaded through it too).
 *
 * <pre>{@code
 * try (SentimentModel model = SentimentModels.load(registry, registry.latest("sentiment-waimai-cnn").orElseThrow())) {
 *     Sentiment s = model.score("太难吃了，再也不点了");
 * }
 * }</pre>
 */
public final class SentimentModels {
    /** The sentiment kinds this build reads. */
    public static final List<String> KINDS = List.of(LinearSentimentModel.KIND, TextCnnModel.KIND,
            EncoderSentimentModel.KIND, TokenCnnSentimentModel.KIND, EnsembleSentimentModel.KIND);

    private SentimentModels() {}

    /**
     * Reads a verified version of any sentiment kind; an ensemble's members are read from {@code registry}. The
     * encoder-backed kinds start their encoder here.
     *
     * @throws RegistryException if the kind is not one of {@link #KINDS} (naming it and them), the payload is
     *     malformed, or the encoder cannot start
     */
    public static SentimentModel load(ModelRegistry registry, ModelRegistry.VerifiedModel model) {
        var m = model.manifest();
        return switch (m.kind()) {
            case LinearSentimentModel.KIND -> PlainSentimentModel.of(m, LinearSentimentModel.load(model));
            case TextCnnModel.KIND -> PlainSentimentModel.of(m, TextCnnModel.load(model));
            case EncoderSentimentModel.KIND -> EncoderSentimentModel.load(model);
            case TokenCnnSentimentModel.KIND -> TokenCnnSentimentModel.load(model);
            case EnsembleSentimentModel.KIND -> EnsembleSentimentModel.load(registry, model);
            default -> throw new RegistryException(m.name() + " v" + m.version() + ": unknown sentiment kind '"
                    + m.kind() + "' (this build reads: " + String.join(", ", KINDS) + ")");
        };
    }
}
