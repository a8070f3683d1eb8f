package io.livepulse.models.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Full-ranking figures of one model on one split of the real-log protocol ({@link RealLogProtocol}).
 *
 * @param all every target
 * @param repeat targets whose streamer is in the input
 * @param fresh the other targets ("new")
 * @param repeatShare share of repeat targets
 * @param meanCandidates mean candidates per instance
 */
public record ProtocolMetrics(Group all, Group repeat, Group fresh, double repeatShare, double meanCandidates) {

    /**
     * Figures over {@code count} targets (all 0 when there are none); one relevant item, so NDCG@10 is
     * {@code 1 / log2(rank + 1)} within the top 10.
     */
    public record Group(long count, double hr1, double hr5, double hr10, double ndcg10, double mrr) {
        /** The figures of these 1-based ranks. */
        public static Group of(int[] ranks) {
            if (ranks.length == 0) {
                return new Group(0, 0, 0, 0, 0, 0);
            }
            double h1 = 0;
            double h5 = 0;
            double h10 = 0;
            double n10 = 0;
            double rr = 0;
            for (int r : ranks) {
                if (r < 1) {
                    throw new IllegalArgumentException("ranks are 1-based, got " + r);
                }
                h1 += r <= 1 ? 1 : 0;
                h5 += r <= 5 ? 1 : 0;
                if (r <= 10) {
                    h10++;
                    n10 += 1 / (Math.log(r + 1) / Math.log(2));
                }
                rr += 1.0 / r;
            }
            int n = ranks.length;
            return new Group(n, h1 / n, h5 / n, h10 / n, n10 / n, rr / n);
        }

        /** {@code HR@1 .. MRR} under the report's key names. */
        public Map<String, Object> asMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("HR@1", hr1);
            m.put("HR@5", hr5);
            m.put("HR@10", hr10);
            m.put("NDCG@10", ndcg10);
            m.put("MRR", mrr);
            return m;
        }
    }

    private static Map<String, Object> hitRates(Group g) {
        var m = new LinkedHashMap<String, Object>();
        m.put("HR@1", g.hr1);
        m.put("HR@10", g.hr10);
        return m;
    }

    /**
     * The per-model JSON object: the five figures over all targets, then {@code repeat} and {@code new}
     * with HR@1 and HR@10.
     */
    public Map<String, Object> asReportMap() {
        var m = all.asMap();
        m.put("repeat", hitRates(repeat));
        m.put("new", hitRates(fresh));
        return m;
    }
}
