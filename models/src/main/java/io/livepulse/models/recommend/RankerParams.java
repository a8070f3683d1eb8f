package io.livepulse.models.recommend;

import io.livepulse.models.registry.ModelManifest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link LiveRoomRanker} combines its signals, read from a model's manifest ({@code params.ranker}) so that
 * serving ranks exactly as the evaluation that selected the model did.
 *
 * @param repeatWeight weight of the repeat signal added to the model score; 0 ranks by the model alone, a large
 *     weight puts the user's own streamers first (by visits, then by recency)
 * @param content whether rooms are scored by text similarity to the user's streamers when the model cannot score
 *     the user
 */
public record RankerParams(double repeatWeight, boolean content) {
    /** The key of the ranker's parameters in a manifest's {@code params}. */
    public static final String MANIFEST_KEY = "ranker";
    /** Without a model: the user's streamers first, then rooms like theirs, then popular rooms. */
    public static final RankerParams MODEL_FREE = new RankerParams(1.0, true);

    public RankerParams {
        if (!(repeatWeight >= 0) || Double.isInfinite(repeatWeight)) {
            throw new IllegalArgumentException("repeatWeight must be a finite number >= 0, got " + repeatWeight);
        }
    }

    /** For a manifest's {@code params}. */
    public Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("repeatWeight", repeatWeight);
        m.put("content", content);
        return m;
    }

    /** The parameters a manifest states; a model trained before they were recorded ranks by its scores alone. */
    public static RankerParams of(ModelManifest manifest) {
        Object raw = manifest.params() == null ? null : manifest.params().get(MANIFEST_KEY);
        if (raw == null) {
            return new RankerParams(0, false);
        }
        if (!(raw instanceof Map<?, ?> m) || !(m.get("repeatWeight") instanceof Number w)
                || !(m.get("content") instanceof Boolean content)) {
            throw new IllegalArgumentException(manifest.name() + " v" + manifest.version() + ": params."
                    + MANIFEST_KEY + " must be {repeatWeight: number, content: boolean}, got " + raw);
        }
        return new RankerParams(w.doubleValue(), content);
    }
}
