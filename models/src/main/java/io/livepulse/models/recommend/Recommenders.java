package io.livepulse.models.recommend;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one lookup from a registry entry to the ranker it describes, by kind: ALS factors ({@value AlsFactors#KIND}),
 * the next-streamer network ({@value NextStreamerNet#KIND}), the sequence network ({@value LiveSequenceNet#KIND}),
 * or a ranker without a trained model ({@value #MODEL_FREE_KIND}: the repeat, content and popularity rankers). Each carries its {@link RankerParams}
 * (repeat blend, content cold start) in its manifest. Serving, the offline evaluation and the notebooks all load
 * recommenders here.
 */
public final class Recommenders {
    /** A ranker with no trained payload; its file {@value #MODEL_FREE_FILE} restates its parameters. */
    public static final String MODEL_FREE_KIND = "live-room-ranker/1";
    public static final String MODEL_FREE_FILE = "ranker.txt";
    /** Every kind {@link #load} reads. */
    public static final String KINDS = AlsFactors.KIND + ", " + NextStreamerNet.KIND + ", " + LiveSequenceNet.KIND
            + ", " + MODEL_FREE_KIND;

    private Recommenders() {}

    /**
     * The ranker of a verified registry entry, named after it.
     *
     * @throws RegistryException for a kind this build does not read, or a payload or parameters it cannot parse
     */
    public static LiveRoomRanker load(ModelRegistry.VerifiedModel model) {
        var m = model.manifest();
        RankerParams params;
        try {
            params = RankerParams.of(m);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(e.getMessage(), e);
        }
        StreamerModel scorer = switch (m.kind()) {
            case AlsFactors.KIND -> AlsFactors.load(model);
            case NextStreamerNet.KIND -> NextStreamerNet.load(model);
            case LiveSequenceNet.KIND -> LiveSequenceNet.load(model);
            case MODEL_FREE_KIND -> {
                model.file(MODEL_FREE_FILE);
                yield null;
            }
            default -> throw new RegistryException(m.name() + " v" + m.version() + ": unknown recommender kind '"
                    + m.kind() + "' (this build reads: " + KINDS + ")");
        };
        return new LiveRoomRanker(m.name(), scorer, params);
    }

    /** Writes the payload of a {@value #MODEL_FREE_KIND} entry into a registry draft's directory. */
    public static void writeModelFree(RankerParams params, Path dir) throws IOException {
        Files.writeString(dir.resolve(MODEL_FREE_FILE), "repeatWeight=" + params.repeatWeight() + "\ncontent="
                + params.content() + "\n", StandardCharsets.UTF_8);
    }
}
