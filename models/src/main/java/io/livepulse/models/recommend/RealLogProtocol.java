package io.livepulse.models.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation protocol of issue 19 for logs without stop times (twitch105k, DRIVER), in the log's own time
 * unit (10-minute steps or seconds). Training is every interaction starting before {@code validationStart};
 * validation targets start in {@code [validationStart, testStart)}, test targets in {@code [testStart, end)}.
 * One instance per user and split: the user's first interaction in the window (with {@code requireHistory}: the
 * first that has at least one earlier interaction). Its input is the user's last {@value LiveSplit#INPUT_LENGTH}
 * interactions that start strictly earlier than the target (any split, the validation window included for test
 * targets); its candidates are {@link CandidateWindow#at} the target's time.
 *
 * @param dataset report name ({@code twitch105k}, {@code driver})
 * @param description the protocol in one line, for reports
 * @param validationStart first time of the validation window (the training cut)
 * @param testStart first time of the test window
 * @param end one past the last time of the test window
 * @param requireHistory whether a target needs an earlier interaction of the same user
 * @param candidates availability inferred from the whole file
 */
public record RealLogProtocol(String dataset, String description, int validationStart, int testStart, int end,
        boolean requireHistory, CandidateWindow candidates) {

    public RealLogProtocol {
        if (!(validationStart <= testStart && testStart < end)) {
            throw new IllegalArgumentException("need validationStart <= testStart < end, got " + validationStart
                    + ", " + testStart + ", " + end);
        }
    }

    /** Whether interaction {@code i} is training data: it starts before the validation window. */
    public boolean isTraining(ViewingLog log, int i) {
        return log.start(i) < validationStart;
    }

    /**
     * The same cut as a {@link LiveSplit}, for the training code that takes one (ALS feedback, neural examples):
     * {@code isTraining} agrees, and with no stop column each interaction counts as one step of W.
     */
    public LiveSplit asLiveSplit() {
        return new LiveSplit(end, validationStart, testStart);
    }

    /** Training interactions per streamer: the {@code popularity} baseline, for validation and test alike. */
    public double[] trainingPopularity(ViewingLog log) {
        double[] counts = new double[log.streamers()];
        for (int i = 0; i < log.size(); i++) {
            if (isTraining(log, i)) {
                counts[log.streamer(i)]++;
            }
        }
        return counts;
    }

    /** The window's first and one-past-last time. */
    public int[] window(LiveSplit.Period period) {
        return period == LiveSplit.Period.VALIDATION ? new int[] {validationStart, testStart}
                : new int[] {testStart, end};
    }

    /** One ranking task per user with a target in the window, in user order. */
    public List<RankingTask> tasks(ViewingLog log, LiveSplit.Period period) {
        int[] w = window(period);
        var out = new ArrayList<RankingTask>();
        for (int u = 0; u < log.users(); u++) {
            int first = log.userFrom(u);
            int earlierEnd = first;
            int target = -1;
            for (int i = first; i < log.userTo(u) && log.start(i) < w[1]; i++) {
                if (i > first && log.start(i) != log.start(i - 1)) {
                    earlierEnd = i; // interactions before i that start strictly earlier
                }
                if (log.start(i) >= w[0] && (!requireHistory || earlierEnd > first)) {
                    target = i;
                    break;
                }
            }
            if (target < 0) {
                continue;
            }
            int inputFrom = Math.max(first, earlierEnd - LiveSplit.INPUT_LENGTH);
            int[] input = new int[earlierEnd - inputFrom];
            int[] inputSteps = new int[input.length];
            boolean repeat = false;
            for (int i = inputFrom; i < earlierEnd; i++) {
                input[i - inputFrom] = log.streamer(i);
                inputSteps[i - inputFrom] = log.start(i);
                repeat |= log.streamer(i) == log.streamer(target);
            }
            var instance = new EvalInstance(u, input, inputSteps, log.streamer(target), log.start(target), repeat);
            out.add(new RankingTask(instance, candidates.at(log.start(target))));
        }
        return out;
    }
}
