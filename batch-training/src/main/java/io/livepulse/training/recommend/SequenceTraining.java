package io.livepulse.training.recommend;

import io.livepulse.models.recommend.CandidateWindow;
import io.livepulse.models.recommend.LiveCandidate;
import io.livepulse.models.recommend.LiveEvaluation;
import io.livepulse.models.recommend.LiveSequenceNet;
import io.livepulse.models.recommend.RealLogProtocol;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.recommend.WatchedStreamer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequence-aware next-streamer model in Deeplearning4j: an LSTM over the user's last 16 streamers, each live
 * candidate scored from the LSTM state, the candidate's embedding and its availability and repeat features
 * ({@link LiveSequenceNet#features}), trained as a binary classifier of the streamer the user picked against
 * sampled live candidates (the LSTM runs once per example, for all its candidates). Exported as {@link
 * LiveSequenceNet} weights for the plain-Java forward pass.
 */
final class SequenceTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    static final String SEQ = "seq";
    static final String CAND = "cand";
    static final String FEAT = "feat";

    /**
     * Training examples: a sequence and {@code slots} live candidates each, the first the streamer the user picked.
     *
     * @param sequences per example, {@link LiveSequenceNet#SEQUENCE_LENGTH} vocabulary indices
     * @param candidate per example and slot, the candidate's vocabulary index
     * @param features per example and slot, {@link LiveSequenceNet#FEATURES} values
     */
    record Rows(String[] vocabulary, int slots, List<int[]> sequences, int[] candidate, float[] features) {
        /** Examples. */
        int size() {
            return sequences.size();
        }

        /** Candidates scored, over all examples. */
        int rows() {
            return candidate.length;
        }
    }

    private SequenceTraining() {}

    /**
     * Load: every training interaction that has an earlier one (strictly earlier start) becomes an example, as the
     * protocol builds its tasks: the input is the user's last 16 earlier interactions as the history serving
     * would send, the candidates the streamers live at its start, with their stream age.
     */
    static Rows rows(ViewingLog log, RealLogProtocol protocol, long timeUnitMs, SequenceParams p) {
        double[] pop = protocol.trainingPopularity(log);
        Integer[] order = IntStream.range(0, log.streamers()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer s) -> -pop[s]).thenComparingInt(s -> s));
        int n = (int) Arrays.stream(pop).filter(c -> c > 0).count();
        String[] vocab = new String[n];
        for (int v = 0; v < n; v++) {
            vocab[v] = log.streamerName(order[v]);
        }
        Map<String, Integer> index = LiveSequenceNet.indexOf(vocab);
        // the most recent examples: closest to the period we predict
        var targets = new ArrayList<int[]>(); // {interaction, earlierFrom, earlierEnd}
        for (int u = 0; u < log.users(); u++) {
            int first = log.userFrom(u);
            int earlierEnd = first;
            for (int i = first; i < log.userTo(u) && protocol.isTraining(log, i); i++) {
                if (i > first && log.start(i) != log.start(i - 1)) {
                    earlierEnd = i;
                }
                if (earlierEnd > first) {
                    targets.add(new int[] {i, Math.max(first, earlierEnd - io.livepulse.models.recommend.LiveSplit
                            .INPUT_LENGTH), earlierEnd});
                }
            }
        }
        targets.sort(Comparator.comparingInt((int[] t) -> -log.start(t[0])).thenComparingInt(t -> t[0]));
        if (targets.size() > p.maxExamples()) {
            targets = new ArrayList<>(targets.subList(0, p.maxExamples()));
        }
        CandidateWindow window = protocol.candidates();
        var random = new Random(p.seed());
        int k = 1 + p.negatives();
        var sequences = new ArrayList<int[]>(targets.size());
        int[] candidate = new int[targets.size() * k];
        float[] features = new float[targets.size() * k * LiveSequenceNet.FEATURES];
        for (int[] t : targets) {
            int target = t[0];
            int len = t[2] - t[1];
            String[] names = new String[len];
            long[] times = new long[len];
            for (int j = t[1]; j < t[2]; j++) {
                names[j - t[1]] = log.streamerName(log.streamer(j));
                times[j - t[1]] = LiveEvaluation.timeMs(log.start(j)) + (j - t[1]);
            }
            List<WatchedStreamer> sorted = LiveSequenceNet.byRecency(WatchedStreamer.of(names, times, null));
            var positions = LiveSequenceNet.positions(sorted);
            int step = log.start(target);
            int positive = log.streamer(target);
            var watched = new ArrayList<Integer>();
            var other = new ArrayList<Integer>();
            for (int c : window.at(step)) {
                if (c != positive) {
                    (positions.containsKey(log.streamerName(c)) ? watched : other).add(c);
                }
            }
            if (watched.isEmpty() && other.isEmpty()) {
                continue; // nothing to tell the pick from
            }
            int[] chosen = new int[k];
            int filled = 0;
            chosen[filled++] = positive;
            int fromWatched = Math.min(watched.size(), p.negatives() / 2);
            filled = sample(watched, fromWatched, random, chosen, filled);
            filled = sample(other, Math.min(other.size(), k - filled), random, chosen, filled);
            filled = sample(watched, Math.min(watched.size(), k - filled), random, chosen, filled);
            for (int j = filled; j < k; j++) {
                chosen[j] = chosen[1 + (j - filled) % (filled - 1)]; // fewer live candidates than slots
            }
            int e = sequences.size();
            sequences.add(LiveSequenceNet.sequence(sorted, index));
            for (int j = 0; j < k; j++) {
                int c = chosen[j];
                String name = log.streamerName(c);
                int units = window.liveFor(c, step);
                long age = units < 0 ? LiveCandidate.UNKNOWN_AGE : units * timeUnitMs;
                candidate[e * k + j] = LiveSequenceNet.candidate(name, index);
                LiveSequenceNet.features(sorted, positions.getOrDefault(name, -1), age, features,
                        (e * k + j) * LiveSequenceNet.FEATURES);
            }
        }
        int e = sequences.size();
        return new Rows(vocab, k, sequences, Arrays.copyOf(candidate, e * k),
                Arrays.copyOf(features, e * k * LiveSequenceNet.FEATURES));
    }

    /** Moves up to {@code n} random entries of {@code from} (removing them) into {@code out} from {@code k}. */
    private static int sample(List<Integer> from, int n, Random random, int[] out, int k) {
        for (int i = 0; i < n && !from.isEmpty(); i++) {
            int j = random.nextInt(from.size());
            out[k++] = from.get(j);
            from.set(j, from.get(from.size() - 1));
            from.remove(from.size() - 1);
        }
        return k;
    }

    /**
     * Build: the network, a pure function of the parameters, the vocabulary size (padding and unknown excluded)
     * and the candidate slots per example. The LSTM runs once per example; its state is repeated over the
     * candidate slots (a time series of candidates), and every slot is scored by the same dense layers.
     */
    static ComputationGraph network(SequenceParams p, int vocabulary, int slots) {
        int v = vocabulary + LiveSequenceNet.FIRST_STREAMER;
        int d = p.dim();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(p.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(SEQ, CAND, FEAT)
                .addLayer("seqEmbedding", new EmbeddingSequenceLayer.Builder().nIn(v).nOut(d).hasBias(false)
                        .inputLength(LiveSequenceNet.SEQUENCE_LENGTH).build(), SEQ)
                .addLayer("lstm", new LSTM.Builder().nIn(d).nOut(d).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).build(), "seqEmbedding")
                .addVertex("user", new LastTimeStepVertex(SEQ), "lstm")
                .addVertex("userPerSlot", new DuplicateToTimeSeriesVertex(CAND), "user")
                .addLayer("candEmbedding", new EmbeddingSequenceLayer.Builder().nIn(v).nOut(d).hasBias(false)
                        .inputLength(slots).build(), CAND)
                .addVertex("match", new ElementWiseVertex(ElementWiseVertex.Op.Product), "userPerSlot",
                        "candEmbedding")
                .addVertex("merge", new MergeVertex(), "match", "candEmbedding", FEAT)
                .addLayer("dense", new DenseLayer.Builder().nIn(2 * d + LiveSequenceNet.FEATURES).nOut(p.dense())
                        .activation(Activation.RELU).build(), new RnnToFeedForwardPreProcessor(), "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(p.dense()).nOut(1)
                        .activation(Activation.SIGMOID).build(), "dense")
                .setOutputs("out")
                .build();
        var net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /**
     * The network's inputs for the given examples: sequences [n, L], candidates [n, 1, slots], features [n, F,
     * slots].
     */
    static INDArray[] inputs(Rows r, int[] examples) {
        int l = LiveSequenceNet.SEQUENCE_LENGTH;
        int f = LiveSequenceNet.FEATURES;
        int k = r.slots();
        float[] seq = new float[examples.length * l];
        float[] cand = new float[examples.length * k];
        float[] feat = new float[examples.length * f * k];
        for (int i = 0; i < examples.length; i++) {
            int e = examples[i];
            int[] s = r.sequences().get(e);
            for (int t = 0; t < l; t++) {
                seq[i * l + t] = s[t];
            }
            for (int j = 0; j < k; j++) {
                cand[i * k + j] = r.candidate()[e * k + j];
                for (int x = 0; x < f; x++) {
                    feat[(i * f + x) * k + j] = r.features()[(e * k + j) * f + x];
                }
            }
        }
        return new INDArray[] {Nd4j.create(seq, new long[] {examples.length, l}, 'c'),
                Nd4j.create(cand, new long[] {examples.length, 1, k}, 'c'),
                Nd4j.create(feat, new long[] {examples.length, f, k}, 'c')};
    }

    /**
     * Labels of a batch, 1 in the first slot (the pick), in the network's output layout: one row per example and
     * slot, ordered as the dense layers see the slots ({@link #perSlot} undoes it).
     */
    static INDArray labels(int examples, int slots) {
        float[] y = new float[examples * slots];
        for (int i = 0; i < examples; i++) {
            y[i * slots] = 1f;
        }
        INDArray bySlot = Nd4j.create(y, new long[] {examples, 1, slots}, 'c');
        return new RnnToFeedForwardPreProcessor().preProcess(bySlot, examples, LayerWorkspaceMgr.noWorkspaces());
    }

    /** The network's output as [examples, 1, slots]. */
    static INDArray perSlot(INDArray output, int examples) {
        return new FeedForwardToRnnPreProcessor().preProcess(output, examples, LayerWorkspaceMgr.noWorkspaces());
    }

    /** Trains with progress lines (epoch, loss, rows/s, ETA) and returns the plain-Java network. */
    static LiveSequenceNet train(Rows r, SequenceParams p) {
        return export(fit(r, p), r.vocabulary(), p);
    }

    static ComputationGraph fit(Rows r, SequenceParams p) {
        // one native thread, as for the neural model: OpenMP's spinning threads are slower on 2 shared cores
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        ComputationGraph net = network(p, r.vocabulary().length, r.slots());
        var random = new Random(p.seed());
        int[] order = IntStream.range(0, r.size()).toArray();
        long total = (long) p.epochs() * r.size();
        long done = 0;
        long t0 = System.nanoTime();
        long lastReport = t0;
        for (int epoch = 1; epoch <= p.epochs(); epoch++) {
            shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += p.batchSize()) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + p.batchSize()));
                net.fit(inputs(r, rows), new INDArray[] {labels(rows.length, r.slots())});
                lossSum += net.score();
                batches++;
                done += rows.length;
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L || from + p.batchSize() >= order.length) {
                    lastReport = now;
                    double rate = done / ((now - t0) / 1e9);
                    CONSOLE.info("sequence: epoch {}/{} {}% loss {} {} examples/s ETA {}s", epoch, p.epochs(),
                            Math.round(100.0 * (from + rows.length) / order.length),
                            String.format(Locale.ROOT, "%.4f", lossSum / batches), Math.round(rate),
                            Math.round((total - done) / rate));
                }
            }
        }
        return net;
    }

    /** Export: the graph's weights in the plain-Java layout (row-major [in][out]). */
    static LiveSequenceNet export(ComputationGraph net, String[] vocabulary, SequenceParams p) {
        return new LiveSequenceNet(vocabulary, p.dim(), p.dense(), param(net, "seqEmbedding", "W"),
                param(net, "lstm", "W"), param(net, "lstm", "RW"), param(net, "lstm", "b"),
                param(net, "candEmbedding", "W"), param(net, "dense", "W"), param(net, "dense", "b"),
                param(net, "out", "W"), param(net, "out", "b")[0]);
    }

    private static float[] param(ComputationGraph net, String layer, String name) {
        return net.getLayer(layer).getParam(name).dup('c').data().asFloat();
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
