package io.livepulse.training.recommend;

import io.livepulse.models.recommend.RankingMetrics;
import java.util.Map;

/**
 * One trained (or baseline) model with its figures on both periods.
 *
 * @param name report and registry name, e.g. {@code als-log-w}
 * @param params training parameters
 * @param validation metrics on the validation period (model selection uses HR@1 only)
 * @param test metrics on the test period
 * @param trainSeconds wall-clock training time (0 for baselines)
 * @param peakHeapBytes peak heap while training (sum of the heap pools' peaks; 0 for baselines)
 */
record ModelResult(String name, Map<String, Object> params, RankingMetrics validation, RankingMetrics test,
        double trainSeconds, long peakHeapBytes) {}
