package io.livepulse.serving.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelRegistry.VerifiedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** A test sentiment model of kind {@code test-lexicon/1}: {@code lexicon.json} maps a word to a score in [-1, 1]. */
public record LexiconModel(ModelManifest manifest, Map<String, Double> lexicon) implements TextClassifier {
    public static final String KIND = "test-lexicon/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final ModelLoader<TextClassifier> LOADER = LexiconModel::load;

    static LexiconModel load(VerifiedModel model) {
        if (!KIND.equals(model.manifest().kind())) {
            throw new IllegalArgumentException("unknown artifact kind '" + model.manifest().kind() + "'");
        }
        try {
            return new LexiconModel(model.manifest(), JSON.readValue(model.file("lexicon.json").toFile(),
                    new TypeReference<Map<String, Double>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VerifiedModel write(ModelRegistry registry, String name, Map<String, Double> lexicon) {
        return registry.write(new ModelRegistry.Draft(name, KIND, Map.of(), Map.of(), Map.of("accuracy", 0.9)),
                dir -> Files.write(dir.resolve("lexicon.json"), JSON.writeValueAsBytes(lexicon)));
    }

    @Override
    public Sentiment classify(String text) {
        double score = lexicon.entrySet().stream().filter(e -> text.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        score = Math.max(-1, Math.min(1, score));
        return new Sentiment(score > 0.2 ? "positive" : score < -0.2 ? "negative" : "neutral", score);
    }
}
