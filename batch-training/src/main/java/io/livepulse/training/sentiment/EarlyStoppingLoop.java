package io.livepulse.training.sentiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of every Deeplearning4j sentiment network here: per epoch, shuffle the training indices
 * (seeded), fit minibatches with progress lines (loss, examples/s, elapsed, ETA) about every fifth of an epoch,
 * score the validation cut, keep the weights of the best epoch, stop after {@code patience} epochs without a better
 * validation accuracy. On return the network holds the best epoch's weights.
 */
final class EarlyStoppingLoop {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    /** What one network needs from the loop: fit a batch of training indices, score the validation cut. */
    interface Trainee {
        /** Fits one minibatch and returns its loss. */
        double fit(List<Integer> batch);

        double validationAccuracy();

        /** What {@link #validationAccuracy} measures, for the progress lines. */
        default String measure() {
            return "validation accuracy";
        }

        /**
         * Length of a training example, for trainees whose cost grows with the longest example of a batch (token
         * sequences): when any is positive, each epoch's shuffled order is cut into windows of 50 batches, each window
         * sorted by length, and the resulting batches shuffled, so that a batch holds examples of similar length.
         */
        default int length(int index) {
            return 0;
        }
    }

    /**
     * @param bestValidation validation accuracy of the kept epoch
     * @param bestEpoch the kept epoch (1-based)
     * @param epochsRun epochs trained before stopping
     * @param trainSeconds wall-clock time of the loop
     */
    record Outcome(double bestValidation, int bestEpoch, int epochsRun, double trainSeconds) {}

    /**
     * @param examples size of the training set; batches hold indices in [0, examples)
     */
    record Settings(int examples, int epochs, int patience, int batchSize, long seed) {
        Settings {
            if (examples < 1 || epochs < 1 || patience < 1 || batchSize < 1) {
                throw new IllegalArgumentException("Early stopping needs >= 1 example, epoch, patience and batch size,"
                        + " got " + examples + ", " + epochs + ", " + patience + ", " + batchSize);
            }
        }
    }

    private EarlyStoppingLoop() {}

    /** Sorts windows of 50 batches by length, then shuffles whole batches (a short last batch stays last). */
    static void bucket(List<Integer> order, int batchSize, Trainee trainee, Random rnd) {
        int window = 50 * batchSize;
        for (int from = 0; from < order.size(); from += window) {
            order.subList(from, Math.min(order.size(), from + window))
                    .sort(java.util.Comparator.comparingInt(trainee::length));
        }
        var batches = new ArrayList<List<Integer>>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(new ArrayList<>(order.subList(from, Math.min(order.size(), from + batchSize))));
        }
        // the loop slices the order into batches again: keep a short last batch last
        var last = batches.get(batches.size() - 1).size() < batchSize ? batches.remove(batches.size() - 1) : null;
        Collections.shuffle(batches, rnd);
        if (last != null) {
            batches.add(last);
        }
        order.clear();
        batches.forEach(order::addAll);
    }

    static Outcome run(String name, Model net, Settings s, Trainee trainee) {
        var rnd = new Random(s.seed());
        int n = s.examples();
        var order = new ArrayList<Integer>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        int batches = (n + s.batchSize() - 1) / s.batchSize();
        int reportEvery = Math.max(1, batches / 5);
        long start = System.nanoTime();
        long seen = 0;
        long total = (long) n * s.epochs();
        INDArray best = net.params().dup();
        double bestValidation = -1;
        int bestEpoch = 0;
        int epochsRun = 0;
        boolean bucketed = false;
        for (int i = 0; i < n && !bucketed; i++) {
            bucketed = trainee.length(i) > 0;
        }
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            Collections.shuffle(order, rnd);
            if (bucketed) {
                bucket(order, s.batchSize(), trainee, rnd);
            }
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                var batch = order.subList(b * s.batchSize(), Math.min(n, (b + 1) * s.batchSize()));
                lossSum += trainee.fit(batch);
                seen += batch.size();
                if ((b + 1) % reportEvery == 0 || b + 1 == batches) {
                    double secs = (System.nanoTime() - start) / 1e9;
                    double rate = seen / secs;
                    CONSOLE.info(String.format(Locale.ROOT,
                            "%s epoch %d/%d batch %d/%d: loss %.4f, %.0f examples/s, elapsed %.0f s, ETA <= %.0f s",
                            name, epoch, s.epochs(), b + 1, batches, lossSum / (b + 1), rate, secs,
                            (total - seen) / rate));
                }
            }
            epochsRun = epoch;
            double accuracy = trainee.validationAccuracy();
            boolean improved = accuracy > bestValidation;
            if (improved) {
                bestValidation = accuracy;
                bestEpoch = epoch;
                best = net.params().dup();
            }
            CONSOLE.info(String.format(Locale.ROOT, "%s epoch %d: %s %.4f%s (best %.4f, epoch %d)",
                    name, epoch, trainee.measure(), accuracy, improved ? " *" : "", bestValidation, bestEpoch));
            if (epoch - bestEpoch >= s.patience()) {
                CONSOLE.info("{}: no better {} for {} epochs, stopping", name, trainee.measure(), s.patience());
                break;
            }
        }
        net.setParams(best);
        return new Outcome(bestValidation, bestEpoch, epochsRun, (System.nanoTime() - start) / 1e9);
    }
}
