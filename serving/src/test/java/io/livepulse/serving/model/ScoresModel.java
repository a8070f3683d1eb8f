package io.livepulse.serving.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.recommend.LiveCandidate;
import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.recommend.StreamerModel;
import io.livepulse.models.recommend.WatchedStreamer;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelRegistry.VerifiedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * A test recommender of kind {@code test-scores/1}: {@code scores.json} maps user -> streamer -> score, served
 * through the real {@link LiveRoomRanker} (by the model's scores alone). Lets the tests drive the watcher and the
 * API through real registry artifacts.
 */
public record ScoresModel(Map<String, Map<String, Double>> scores) implements StreamerModel {
    public static final String KIND = "test-scores/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final ModelLoader<ServedRanker> LOADER = ScoresModel::load;

    static ServedRanker load(VerifiedModel model) {
        if (!KIND.equals(model.manifest().kind())) {
            throw new IllegalArgumentException("unknown artifact kind '" + model.manifest().kind() + "'");
        }
        try {
            var scores = new ScoresModel(JSON.readValue(model.file("scores.json").toFile(),
                    new TypeReference<Map<String, Map<String, Double>>>() {}));
            return new ServedRanker(model.manifest(), new LiveRoomRanker(model.manifest().name(), scores,
                    RankerParams.of(model.manifest())));
        } catch (IOException e) {
            throw new UncheckedIOException("scores.json is unreadable: " + e.getMessage(), e);
        }
    }

    /** The score {@code served} gives {@code streamer} for {@code user} (rooms named after their streamers). */
    public static double scoreOf(ServedRanker served, String user, String streamer) {
        var query = new LiveRoomRanker.Query(user, List.of(), List.of(new LiveCandidate(streamer, streamer, null, 0)),
                s -> null);
        return served.ranker().rank(query, 1).get(0).score();
    }

    /** Writes a new version of {@code name} with these scores, ranked by the scores alone. */
    public static VerifiedModel write(ModelRegistry registry, String name, String kind,
            Map<String, Map<String, Double>> scores) {
        return write(registry, name, kind, scores, new RankerParams(0, false));
    }

    /** Writes a new version of {@code name} with these scores and ranker parameters. */
    public static VerifiedModel write(ModelRegistry registry, String name, String kind,
            Map<String, Map<String, Double>> scores, RankerParams params) {
        return registry.write(new ModelRegistry.Draft(name, kind, Map.of("rows", 1),
                Map.of(RankerParams.MANIFEST_KEY, params.asMap()), Map.of("ndcg@10", 0.5)),
                dir -> Files.write(dir.resolve("scores.json"), JSON.writeValueAsBytes(scores)));
    }

    @Override
    public boolean score(String userId, List<WatchedStreamer> history, String[] streamers, double[] out) {
        var known = scores.get(userId);
        for (int i = 0; i < streamers.length; i++) {
            Double v = known == null ? null : known.get(streamers[i]);
            out[i] = v == null ? Double.NaN : v;
        }
        return known != null;
    }
}
