package io.livepulse.training.recommend;

import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.Room;
import io.livepulse.models.simulation.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The platform simulator's viewing log in the LiveRec format, and each streamer's room text (category, title,
 * tags) for the content model: what the recommender trains on when no real log is given.
 *
 * @param log the log as read back from {@code csv}, through the same loader a real file goes through
 * @param texts room text by log streamer index (null for a streamer without a room)
 */
record SimulatedLog(ViewingLog log, String[] texts) {

    /** Writes the simulator's log to {@code csv} unless it exists, then reads it back. */
    static SimulatedLog of(SimulationConfig config, Path csv) {
        var simulator = new PlatformSimulator(config);
        if (!Files.isRegularFile(csv)) {
            simulator.writeLiveRecLog(csv);
        }
        ViewingLog log = ViewingLog.read(csv);
        return new SimulatedLog(log, texts(simulator, log));
    }

    /** The text of each streamer's latest room. */
    static String[] texts(PlatformSimulator simulator, ViewingLog log) {
        Map<String, String> byStreamer = new HashMap<>();
        for (int day = 0; day < simulator.config().days(); day++) {
            for (Room room : simulator.roomsOfDay(day)) {
                byStreamer.put(room.streamerId(), room.category() + " " + room.title() + " "
                        + String.join(" ", room.tags()));
            }
        }
        String[] out = new String[log.streamers()];
        for (int s = 0; s < out.length; s++) {
            out[s] = byStreamer.get(log.streamerName(s));
        }
        return out;
    }
}
