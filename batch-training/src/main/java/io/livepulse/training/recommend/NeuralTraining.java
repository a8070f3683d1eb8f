package io.livepulse.training.recommend;

import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.recommend.ViewingLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Deeplearning4j next-streamer model: the recency-weighted bag of the user's last 16 streamers in, a softmax
 * over the vocabulary out. Exported as {@link NextStreamerNet} weights for a plain-Java forward pass.
 */
final class NeuralTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    /** Training examples: vocabulary-index sequences (oldest first) and the next streamer's index. */
    record Examples(List<int[]> inputs, int[] labels, String[] vocabulary) {
        int size() {
            return labels.length;
        }
    }

    private NeuralTraining() {}

    /** Load: every training interaction with its previous (up to 16) interactions, target in the vocabulary. */
    static Examples examples(ViewingLog log, LiveSplit split, NeuralParams p) {
        double[] pop = split.trainingPopularity(log);
        Integer[] order = IntStream.range(0, log.streamers()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer s) -> -pop[s]).thenComparingInt(s -> s));
        int n = (int) Math.min(p.vocabulary(), Arrays.stream(pop).filter(c -> c > 0).count());
        String[] vocab = new String[n];
        int[] toVocab = new int[log.streamers()];
        Arrays.fill(toVocab, -1);
        for (int v = 0; v < n; v++) {
            vocab[v] = log.streamerName(order[v]);
            toVocab[order[v]] = v;
        }
        var inputs = new ArrayList<int[]>();
        var labels = new ArrayList<Integer>();
        var steps = new ArrayList<Integer>();
        for (int u = 0; u < log.users(); u++) {
            for (int i = log.userFrom(u) + 1; i < log.userTo(u) && split.isTraining(log, i); i++) {
                int label = toVocab[log.streamer(i)];
                if (label < 0) {
                    continue;
                }
                int from = Math.max(log.userFrom(u), i - LiveSplit.INPUT_LENGTH);
                int[] in = new int[i - from];
                for (int j = from; j < i; j++) {
                    in[j - from] = toVocab[log.streamer(j)];
                }
                inputs.add(in);
                labels.add(label);
                steps.add(log.start(i));
            }
        }
        if (inputs.size() > p.maxExamples()) {
            // keep the most recent examples: closest to the period we predict
            Integer[] idx = IntStream.range(0, inputs.size()).boxed().toArray(Integer[]::new);
            Arrays.sort(idx, Comparator.comparingInt((Integer i) -> -steps.get(i)));
            var keptInputs = new ArrayList<int[]>(p.maxExamples());
            int[] keptLabels = new int[p.maxExamples()];
            for (int k = 0; k < p.maxExamples(); k++) {
                keptInputs.add(inputs.get(idx[k]));
                keptLabels[k] = labels.get(idx[k]);
            }
            return new Examples(keptInputs, keptLabels, vocab);
        }
        return new Examples(inputs, labels.stream().mapToInt(Integer::intValue).toArray(), vocab);
    }

    /** Build: the network, a pure function of the parameters and the vocabulary size. */
    static MultiLayerNetwork network(NeuralParams p, int vocabulary) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(p.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(vocabulary).nOut(p.hidden()).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(p.hidden()).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).build())
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Dense input rows of the given examples, encoded exactly as the serving forward pass does. */
    static INDArray features(Examples ex, int[] rows) {
        int n = ex.vocabulary().length;
        float[] x = new float[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            NextStreamerNet.encode(ex.inputs().get(rows[r]), x, r * n);
        }
        return Nd4j.create(x, new long[] {rows.length, n}, 'c');
    }

    /** Trains with progress lines (epoch, loss, examples/s, ETA) and returns the plain-Java network. */
    static NextStreamerNet train(Examples ex, NeuralParams p) {
        // One native thread: on a shared 2-core machine OpenMP's spinning threads made two threads 3x slower
        // than one (docs/benchmarks.md); large batches keep that one thread in efficient matrix products.
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        int n = ex.vocabulary().length;
        MultiLayerNetwork net = network(p, n);
        var random = new Random(p.seed());
        int[] order = IntStream.range(0, ex.size()).toArray();
        long total = (long) p.epochs() * ex.size();
        long done = 0;
        long t0 = System.nanoTime();
        long lastReport = t0;
        for (int epoch = 1; epoch <= p.epochs(); epoch++) {
            shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += p.batchSize()) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + p.batchSize()));
                float[] oneHot = new float[rows.length * n];
                for (int r = 0; r < rows.length; r++) {
                    oneHot[r * n + ex.labels()[rows[r]]] = 1f;
                }
                INDArray labels = Nd4j.create(oneHot, new long[] {rows.length, n}, 'c');
                net.fit(features(ex, rows), labels);
                lossSum += net.score();
                batches++;
                done += rows.length;
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L || from + p.batchSize() >= order.length) {
                    lastReport = now;
                    double seconds = (now - t0) / 1e9;
                    double rate = done / seconds;
                    CONSOLE.info("neural: epoch {}/{} {}% loss {} {} examples/s ETA {}s", epoch, p.epochs(),
                            Math.round(100.0 * (from + rows.length) / order.length),
                            String.format(java.util.Locale.ROOT, "%.4f", lossSum / batches),
                            Math.round(rate), Math.round((total - done) / rate));
                }
            }
        }
        return export(net, ex.vocabulary(), p.hidden());
    }

    /** Export: the network's weights in the plain-Java layout (row-major [in][out]). */
    static NextStreamerNet export(MultiLayerNetwork net, String[] vocabulary, int hidden) {
        float[] w1 = net.getLayer(0).getParam("W").dup('c').data().asFloat();
        float[] b1 = net.getLayer(0).getParam("b").dup('c').data().asFloat();
        float[] w2 = net.getLayer(1).getParam("W").dup('c').data().asFloat();
        float[] b2 = net.getLayer(1).getParam("b").dup('c').data().asFloat();
        return new NextStreamerNet(vocabulary, hidden, w1, b1, w2, b2);
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
