package io.livepulse.models.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Full-ranking metrics of one model on one period.
 *
 * @param all metrics over every target
 * @param repeat metrics over targets whose streamer is in the input
 * @param fresh metrics over the other targets
 * @param repeatShare share of repeat targets
 * @param mrr mean reciprocal rank over every target
 * @param coverage distinct streamers shown in some top 10, over distinct streamers that were candidates
 * @param meanCandidates mean number of live candidates per instance
 * @param usersPerSecond evaluation throughput
 */
public record RankingMetrics(HitRates all, HitRates repeat, HitRates fresh, double repeatShare, double mrr,
        double coverage, double meanCandidates, double usersPerSecond) {

    /**
     * HR@k and NDCG@k for k = 1, 5, 10 over {@code count} targets (0 when there are none).
     */
    public record HitRates(long count, double hr1, double hr5, double hr10, double ndcg1, double ndcg5,
            double ndcg10) {}

    /** Flat map for manifests and reports, keys such as {@code hr10}, {@code repeat.hr1}. */
    public Map<String, Object> asMap() {
        var map = new LinkedHashMap<String, Object>();
        put(map, "", all);
        put(map, "repeat.", repeat);
        put(map, "new.", fresh);
        map.put("repeatShare", repeatShare);
        map.put("mrr", mrr);
        map.put("coverage", coverage);
        map.put("meanCandidates", meanCandidates);
        map.put("usersPerSecond", usersPerSecond);
        return map;
    }

    /**
     * The published results' per-model object ({@code docs/results/recommenders-<dataset>.json}): HR@1, HR@5,
     * HR@10, NDCG@10 and MRR over every target, then {@code repeat} and {@code new} with HR@1 and HR@10.
     */
    public Map<String, Object> asReportMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("HR@1", all.hr1());
        map.put("HR@5", all.hr5());
        map.put("HR@10", all.hr10());
        map.put("NDCG@10", all.ndcg10());
        map.put("MRR", mrr);
        map.put("repeat", Map.of("HR@1", repeat.hr1(), "HR@10", repeat.hr10()));
        map.put("new", Map.of("HR@1", fresh.hr1(), "HR@10", fresh.hr10()));
        return map;
    }

    private static void put(Map<String, Object> map, String prefix, HitRates h) {
        map.put(prefix + "count", h.count());
        map.put(prefix + "hr1", h.hr1());
        map.put(prefix + "hr5", h.hr5());
        map.put(prefix + "hr10", h.hr10());
        map.put(prefix + "ndcg1", h.ndcg1());
        map.put(prefix + "ndcg5", h.ndcg5());
        map.put(prefix + "ndcg10", h.ndcg10());
    }
}
