package io.livepulse.models.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a simulation planted, for checking fits and alerts downstream: the seed-model coefficients with the
 * definitions of the measured quantities, and every negative-sentiment burst.
 */
public record GroundTruth(SimulationConfig config, String chatSource, List<SentimentBurst> bursts) {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How each quantity of the seed model is measured from the events, per viewing session. */
    public static final List<String> DEFINITIONS = List.of(
            "session: a player JOIN to its LEAVE for one userId in one roomId",
            "W: minutes from JOIN to LEAVE (sessions cut by the room's ENDED event are censored)",
            "V, R: bitrateKbps and bandwidthKbps of the session's player events (constant within a session)",
            "T: k * log2(V) / R",
            "O: sum of giftCount of the viewer's gift events in the session",
            "I: number of the viewer's chat events in the session / W (chat messages per minute)",
            "sigma: sum of likeCount of the viewer's like events over all sessions / total minutes watched (likes per minute);"
                    + " a per-viewer constant, drawn log-normal with mean 1",
            "W = lambda1 * T + lambda2 * I + eps, eps ~ N(0, watchNoiseSd), W >= 1",
            "I = alpha1 * sigma + alpha2 * O + eps', eps' ~ N(0, interactionNoiseSd), I >= 0",
            "chat inside a burst window of the burst's room is chatRateMultiplier times busier and negative with"
                    + " probability negativeShare");

    /** The JSON form written beside a simulation's output. */
    public ObjectNode toJson() {
        var root = MAPPER.createObjectNode();
        var c = config.coefficients();
        var coefficients = root.putObject("coefficients");
        coefficients.put("k", c.k());
        coefficients.put("lambda1", c.lambda1());
        coefficients.put("lambda2", c.lambda2());
        coefficients.put("alpha1", c.alpha1());
        coefficients.put("alpha2", c.alpha2());
        coefficients.put("watchNoiseSd", c.watchNoiseSd());
        coefficients.put("interactionNoiseSd", c.interactionNoiseSd());
        var definitions = root.putArray("definitions");
        DEFINITIONS.forEach(definitions::add);
        var cfg = root.putObject("config");
        cfg.put("seed", config.seed());
        cfg.put("users", config.users());
        cfg.put("streamers", config.streamers());
        cfg.put("days", config.days());
        cfg.put("startMs", config.start().toEpochMilli());
        cfg.put("sessionsPerUserPerDay", config.sessionsPerUserPerDay());
        cfg.put("popularityExponent", config.popularityExponent());
        cfg.put("repeatProbability", config.repeatProbability());
        cfg.put("liveProbabilityPerDay", config.liveProbabilityPerDay());
        cfg.put("heartbeatIntervalMs", config.heartbeatInterval().toMillis());
        cfg.put("adClickThroughRate", config.adClickThroughRate());
        cfg.put("tasteCommunities", config.tasteCommunities());
        cfg.put("tasteShare", config.tasteShare());
        cfg.put("chatSource", chatSource);
        var array = root.putArray("bursts");
        for (SentimentBurst b : bursts) {
            var node = array.addObject();
            node.put("roomId", b.roomId());
            node.put("streamerId", b.streamerId());
            node.put("startMs", b.startMs());
            node.put("endMs", b.endMs());
            node.put("negativeShare", b.negativeShare());
            node.put("baselineNegativeShare", b.baselineNegativeShare());
            node.put("chatRateMultiplier", b.chatRateMultiplier());
        }
        return root;
    }

    /** Writes {@link #toJson()} to {@code file} atomically (temporary file, then rename). */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            MAPPER.writeValue(tmp.toFile(), toJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write ground truth " + file, e);
        }
    }
}
