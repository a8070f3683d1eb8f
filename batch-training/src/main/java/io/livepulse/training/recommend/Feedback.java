package io.livepulse.training.recommend;

import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.ViewingLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Implicit feedback of one user on one streamer from the training interactions: W (watched steps before the
 * validation cut) and I (number of watch sessions). A {@link Weighting} turns them into ALS's preference
 * strength r; ALS then uses the confidence c = 1 + alpha * r.
 */
record Feedback(int user, int streamer, int watchedSteps, int sessions) {

    /** How W and I become the ALS rating column (documented in docs/evaluation.md). */
    enum Weighting {
        /** r = ln(1 + W in 10-minute steps): long watches count more, with diminishing returns. */
        LOG_W,
        /** r = I, the number of sessions: each return visit counts once, however long. */
        SESSIONS,
        /** r = ln(1 + W) * (1 + ln I): watch time, boosted for streamers the user keeps coming back to. */
        LOG_W_TIMES_I;

        double rating(Feedback f) {
            return switch (this) {
                case LOG_W -> Math.log1p(f.watchedSteps());
                case SESSIONS -> f.sessions();
                case LOG_W_TIMES_I -> Math.log1p(f.watchedSteps()) * (1 + Math.log(f.sessions()));
            };
        }

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Aggregates the training interactions of {@code log} per (user, streamer). */
    static List<Feedback> of(ViewingLog log, LiveSplit split) {
        var out = new ArrayList<Feedback>();
        for (int u = 0; u < log.users(); u++) {
            var w = new HashMap<Integer, int[]>();
            for (int i = log.userFrom(u); i < log.userTo(u); i++) {
                if (split.isTraining(log, i)) {
                    int[] acc = w.computeIfAbsent(log.streamer(i), k -> new int[2]);
                    acc[0] += split.trainingSteps(log, i);
                    acc[1]++;
                }
            }
            int user = u;
            w.forEach((s, acc) -> out.add(new Feedback(user, s, acc[0], acc[1])));
        }
        return out;
    }
}
