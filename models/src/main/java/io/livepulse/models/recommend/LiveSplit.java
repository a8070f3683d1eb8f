package io.livepulse.models.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live-availability protocol of LiveRec (Rappaz, McAuley, Aberer, RecSys 2021): train on interactions that
 * start before {@code max - 500}, validate on targets starting in {@code [max - 500, max - 250)}, test on targets
 * in the last 250 steps. One instance per user and period: the user's last interaction starting in the period is
 * the target, the up to 16 interactions before it the input, and the candidates every streamer live at the
 * target's start step.
 *
 * @param maxStep the end of observed time (largest stop step)
 * @param validationStart first step of the validation period ({@code maxStep - 500})
 * @param testStart first step of the test period ({@code maxStep - 250})
 */
public record LiveSplit(int maxStep, int validationStart, int testStart) {
    public static final int VALIDATION_STEPS = 500;
    public static final int TEST_STEPS = 250;
    public static final int INPUT_LENGTH = 16;

    /** The split of a log, with the LiveRec offsets. */
    public static LiveSplit of(ViewingLog log) {
        int max = log.maxStep();
        if (max <= VALIDATION_STEPS) {
            throw new IllegalArgumentException("the log spans " + max + " steps; the protocol needs more than "
                    + VALIDATION_STEPS + " (train before max-500, validation, test in the last 250)");
        }
        return new LiveSplit(max, max - VALIDATION_STEPS, max - TEST_STEPS);
    }

    /** Which period an instance's target lies in. */
    public enum Period {
        VALIDATION,
        TEST
    }

    public int periodStart(Period period) {
        return period == Period.VALIDATION ? validationStart : testStart;
    }

    public int periodEnd(Period period) {
        return period == Period.VALIDATION ? testStart : maxStep;
    }

    /** Whether interaction {@code i} may be used for training: it starts before the validation period. */
    public boolean isTraining(ViewingLog log, int i) {
        return log.start(i) < validationStart;
    }

    /**
     * Watched steps of interaction {@code i} that lie before the validation period: training never sees time
     * after the cut, even of a session that started before it.
     */
    public int trainingSteps(ViewingLog log, int i) {
        return Math.max(0, Math.min(log.stop(i), validationStart) - log.start(i));
    }

    /** Interactions per streamer among the training interactions (the popularity baseline and its ties). */
    public double[] trainingPopularity(ViewingLog log) {
        double[] counts = new double[log.streamers()];
        for (int i = 0; i < log.size(); i++) {
            if (isTraining(log, i)) {
                counts[log.streamer(i)]++;
            }
        }
        return counts;
    }

    /** One evaluation instance per user who has a target in the period, in user order. */
    public List<EvalInstance> instances(ViewingLog log, Period period) {
        int from = periodStart(period);
        int to = periodEnd(period);
        var out = new ArrayList<EvalInstance>();
        for (int u = 0; u < log.users(); u++) {
            int target = -1;
            for (int i = log.userTo(u) - 1; i >= log.userFrom(u); i--) {
                if (log.start(i) >= from && log.start(i) < to) {
                    target = i;
                    break;
                }
            }
            if (target < 0 || target == log.userFrom(u)) {
                continue; // no target, or nothing before it to recommend from
            }
            int inputFrom = Math.max(log.userFrom(u), target - INPUT_LENGTH);
            int[] input = new int[target - inputFrom];
            int[] inputSteps = new int[input.length];
            for (int i = inputFrom; i < target; i++) {
                input[i - inputFrom] = log.streamer(i);
                inputSteps[i - inputFrom] = log.start(i);
            }
            int targetStreamer = log.streamer(target);
            boolean repeat = Arrays.stream(input).anyMatch(s -> s == targetStreamer);
            out.add(new EvalInstance(u, input, inputSteps, targetStreamer, log.start(target), repeat));
        }
        return out;
    }
}
