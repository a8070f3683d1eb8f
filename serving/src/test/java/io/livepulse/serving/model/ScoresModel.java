package io.livepulse.serving.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelRegistry.VerifiedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test recommender of kind {@code test-scores/1}: {@code scores.json} maps user -> room -> score. Lets the
 * tests drive the watcher and the API through real registry artifacts.
 */
public record ScoresModel(ModelManifest manifest, Map<String, Map<String, Double>> scores) implements RoomScorer {
    public static final String KIND = "test-scores/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final ModelLoader<RoomScorer> LOADER = ScoresModel::load;

    static ScoresModel load(VerifiedModel model) {
        if (!KIND.equals(model.manifest().kind())) {
            throw new IllegalArgumentException("unknown artifact kind '" + model.manifest().kind() + "'");
        }
        try {
            return new ScoresModel(model.manifest(), JSON.readValue(model.file("scores.json").toFile(),
                    new TypeReference<Map<String, Map<String, Double>>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("scores.json is unreadable: " + e.getMessage(), e);
        }
    }

    /** Writes a new version of {@code name} with these scores. */
    public static VerifiedModel write(ModelRegistry registry, String name, String kind,
            Map<String, Map<String, Double>> scores) {
        return registry.write(new ModelRegistry.Draft(name, kind, Map.of("rows", 1), Map.of(), Map.of("ndcg@10", 0.5)),
                dir -> Files.write(dir.resolve("scores.json"), JSON.writeValueAsBytes(scores)));
    }

    @Override
    public Map<String, Double> score(String userId, List<String> recentStreamers, List<Candidate> candidates) {
        var known = scores.getOrDefault(userId, Map.of());
        var result = new LinkedHashMap<String, Double>();
        candidates.stream().map(Candidate::roomId).filter(known::containsKey).forEach(r -> result.put(r, known.get(r)));
        return result;
    }
}
