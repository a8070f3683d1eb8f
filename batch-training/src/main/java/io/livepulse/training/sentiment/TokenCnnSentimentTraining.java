package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.SentenceEncoder;
import io.livepulse.models.sentiment.TokenCnnHead;
import io.livepulse.models.sentiment.TokenCnnSentimentModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token-state CNN per corpus ("feature-based" use of a pre-trained encoder): load (fixed splits) -> run the frozen
 * encoder of the corpus language once per text and cache its per-token last-layer states ({@link TokenStateCache},
 * bfloat16) -> standardise each channel -> Kim-style parallel convolutions over the token sequence (Deeplearning4j,
 * padding positions masked), max over tokens, dropout, softmax -> early stopping on the validation cut (SST-2:
 * dev.tsv) -> export to the plain-Java {@link TokenCnnHead} and evaluate that on the held-out split (agreement with
 * DL4J recorded) -> register {@code sentiment-<corpus>-tok} of kind {@value TokenCnnSentimentModel#KIND}.
 */
public final class TokenCnnSentimentTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final ModelRegistry registry;
    private final Path sharedData;
    private final TokenStateCache cache;

    public TokenCnnSentimentTraining(ModelRegistry registry, Path sharedData, Path cacheDir) {
        this.registry = registry;
        this.sharedData = sharedData;
        this.cache = new TokenStateCache(cacheDir);
    }

    static String modelName(SentimentCorpus corpus) {
        return "sentiment-" + corpus.id() + "-tok";
    }

    static ComputationGraph network(int channels, int classes, TokenCnnParams p) {
        var g = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(p.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .l2(p.l2())
                .graphBuilder()
                .addInputs("states");
        return KimCnnLayers.finish(g, "states", channels, p.widths(), p.filters(), p.inputKeep(), p.dropout(), classes);
    }

    /** Per-channel mean and standard deviation (at least 1e-6) over every token of the training texts. */
    static float[][] standardisation(TokenStateCache.States states) {
        int h = states.hidden();
        double[] sum = new double[h];
        double[] sq = new double[h];
        long tokens = 0;
        for (short[] s : states.states()) {
            for (int k = 0; k < s.length; k++) {
                double v = TokenStateCache.toFloat(s[k]);
                sum[k % h] += v;
                sq[k % h] += v * v;
            }
            tokens += s.length / h;
        }
        float[] mean = new float[h];
        float[] std = new float[h];
        for (int c = 0; c < h; c++) {
            double m = sum[c] / tokens;
            mean[c] = (float) m;
            std[c] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq[c] / tokens - m * m)));
        }
        return new float[][] {mean, std};
    }

    /**
     * A batch in DL4J's recurrent layout: features [batch][channel][token] (standardised; zero past each text's end)
     * and the mask [batch][token].
     */
    static INDArray[] batch(TokenStateCache.States states, List<Integer> idx, float[][] norm) {
        int h = states.hidden();
        int len = 1;
        for (int i : idx) {
            len = Math.max(len, states.tokens(i));
        }
        float[] x = new float[idx.size() * h * len];
        float[] mask = new float[idx.size() * len];
        float[] mean = norm[0];
        float[] std = norm[1];
        for (int b = 0; b < idx.size(); b++) {
            short[] s = states.states()[idx.get(b)];
            int tokens = s.length / h;
            for (int t = 0; t < tokens; t++) {
                mask[b * len + t] = 1f;
                for (int c = 0; c < h; c++) {
                    x[(b * h + c) * len + t] = (TokenStateCache.toFloat(s[t * h + c]) - mean[c]) / std[c];
                }
            }
        }
        return new INDArray[] {Nd4j.create(x, new long[] {idx.size(), h, len}, 'c'),
            Nd4j.create(mask, new long[] {idx.size(), len}, 'c')};
    }

    /** Labels and token states of one part of a corpus. */
    private record Part(TokenStateCache.States states, int[] y, List<LabeledText> rows) {}

    private Part part(SentenceEncoder encoder, SentimentCorpus corpus, String name, List<LabeledText> rows)
            throws IOException {
        var states = cache.states(encoder, corpus.id(), name, rows.stream().map(LabeledText::text).toList());
        return new Part(states, rows.stream().mapToInt(LabeledText::label).toArray(), rows);
    }

    /**
     * Trains, evaluates and registers the model of one corpus. With {@code validation} (tuning) the validation cut
     * is scored in place of the test split and nothing is registered; the test split is then never encoded.
     */
    public SentimentTraining.Result train(SentimentCorpus corpus, TokenCnnParams p, boolean validation)
            throws IOException {
        try (var encoder = new SentenceEncoder(p.encoder(corpus.language()), p.maxTokens(corpus.language()))) {
            var tuning = corpus.loadValidation(sharedData, 0);
            Part fit = part(encoder, corpus, "fit", tuning.train());
            Part dev = part(encoder, corpus, "validation", tuning.test());
            Part evaluated = validation ? dev : part(encoder, corpus, "test", corpus.load(sharedData, 0).test());
            return train(corpus, encoder, fit, dev, evaluated, p, validation);
        }
    }

    private SentimentTraining.Result train(SentimentCorpus corpus, SentenceEncoder encoder, Part fit, Part dev,
            Part evaluated, TokenCnnParams p, boolean validation) {
        int k = corpus.classes().size();
        int h = fit.states().hidden();
        float[][] norm = standardisation(fit.states());
        var net = network(h, k, p);
        String name = modelName(corpus);
        int n = fit.states().size();
        CONSOLE.info("{}: {} training texts, {} validation texts, encoder {} ({} tokens max, {} channels), widths {} x"
                + " {} filters, {} parameters", name, n, dev.states().size(), encoder.encoder().id(),
                encoder.maxTokens(), h, p.widths(), p.filters(), net.numParams());
        var outcome = EarlyStoppingLoop.run(name, net, new EarlyStoppingLoop.Settings(n, p.epochs(), p.patience(),
                p.batchSize(), p.seed()), new EarlyStoppingLoop.Trainee() {
                    @Override
                    public double fit(List<Integer> batch) {
                        INDArray[] xm = batch(fit.states(), batch, norm);
                        float[][] y = new float[batch.size()][k];
                        for (int i = 0; i < y.length; i++) {
                            y[i][fit.y()[batch.get(i)]] = 1f;
                        }
                        net.fit(new MultiDataSet(new INDArray[] {xm[0]}, new INDArray[] {Nd4j.create(y)},
                                new INDArray[] {xm[1]}, null));
                        return net.score();
                    }

                    @Override
                    public int length(int index) {
                        return fit.states().tokens(index);
                    }

                    @Override
                    public double validationAccuracy() {
                        int[] predicted = dl4jPredictions(net, dev.states(), norm);
                        return ClassificationMetrics.of(k, dev.y(), predicted).accuracy();
                    }
                });

        var head = export(net, norm, corpus, p);
        int m = evaluated.states().size();
        int[] dl4j = dl4jPredictions(net, evaluated.states(), norm);
        int[] predicted = new int[m];
        int agree = 0;
        for (int i = 0; i < m; i++) {
            predicted[i] = ClassificationMetrics.argMax(head.probabilities(evaluated.states().floats(i)));
            agree += predicted[i] == dl4j[i] ? 1 : 0;
        }
        var test = ClassificationMetrics.of(k, evaluated.y(), predicted);
        var shortText = ClassificationMetrics.ofShortTexts(k, evaluated.y(), predicted,
                i -> evaluated.rows().get(i).text());
        double agreement = m == 0 ? 1.0 : (double) agree / m;
        if (validation) {
            return new SentimentTraining.Result(name + " (validation, not registered; " + encoder.encoder().id()
                    + ", widths " + p.widths() + " x " + p.filters() + ", best epoch " + outcome.bestEpoch() + ")", 0,
                    corpus, null, test, shortText, agreement, n, outcome.trainSeconds());
        }
        var metrics = NeuralSentimentTraining.earlyStoppedMetrics(test, shortText, outcome.bestValidation(),
                outcome.bestEpoch(), outcome.epochsRun(), agreement, outcome.trainSeconds());
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", NeuralSentimentTraining.corpusSplits(corpus, n, dev.states().size(), m));
        trainingData.put("pretrainedEncoder", encoder.encoder().provenance());
        trainingData.put("classes", corpus.classes().stream().map(Enum::name).toList());
        var params = new LinkedHashMap<String, Object>();
        params.put("architecture", "frozen pre-trained encoder -> last-layer token states (bfloat16 cache) ->"
                + " standardise -> input dropout -> conv1d per width (relu, same, padding masked) -> max over tokens"
                + " -> concat -> dropout -> softmax");
        params.put("encoder", encoder.encoder().id());
        params.put("maxTokens", encoder.maxTokens());
        params.put("widths", p.widths());
        params.put("filtersPerWidth", p.filters());
        params.put("inputKeep", p.inputKeep());
        params.put("dropoutKeep", p.dropout());
        params.put("maxEpochs", p.epochs());
        params.put("patience", p.patience());
        params.put("batchSize", p.batchSize());
        params.put("learningRate", p.learningRate());
        params.put("l2", p.l2());
        params.put("seed", p.seed());
        var written = registry.write(new ModelRegistry.Draft(name, TokenCnnSentimentModel.KIND, trainingData, params,
                metrics), head::writeTo);
        return new SentimentTraining.Result(name, written.manifest().version(), corpus, null, test, shortText,
                agreement, n, outcome.trainSeconds());
    }

    /** DL4J's own predictions (inference mode, masked), in batches of texts of similar length. */
    static int[] dl4jPredictions(ComputationGraph net, TokenStateCache.States states, float[][] norm) {
        int n = states.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(states::tokens));
        int[] predicted = new int[n];
        for (int from = 0; from < n; from += 128) {
            var idx = java.util.Arrays.asList(order).subList(from, Math.min(n, from + 128));
            INDArray[] xm = batch(states, idx, norm);
            INDArray arg = net.output(false, new INDArray[] {xm[0]}, new INDArray[] {xm[1]})[0].argMax(1);
            for (int i = 0; i < idx.size(); i++) {
                predicted[idx.get(i)] = arg.getInt(i);
            }
        }
        return predicted;
    }

    /** DL4J's class probabilities of single texts (inference mode), for checking an export. */
    static double[] dl4jProbabilities(ComputationGraph net, TokenStateCache.States states, int text, float[][] norm) {
        INDArray[] xm = batch(states, List.of(text), norm);
        return net.output(false, new INDArray[] {xm[0]}, new INDArray[] {xm[1]})[0].toDoubleVector();
    }

    /**
     * The plain-Java head with the network's weights. Each Conv1D W buffer is laid out [width][channels][filters]
     * (see {@link NeuralSentimentTraining#export}); output W is [filters][classes].
     */
    static TokenCnnHead export(ComputationGraph net, float[][] norm, SentimentCorpus corpus, TokenCnnParams p) {
        var branches = new ArrayList<TokenCnnHead.Branch>();
        for (int width : p.widths()) {
            INDArray convW = net.getLayer(KimCnnLayers.convName(width)).getParam("W");
            float[] bias = KimCnnLayers.flat(net.getLayer(KimCnnLayers.convName(width)).getParam("b"));
            int f = (int) convW.size(0);
            int c = (int) convW.size(1);
            if (convW.size(2) != width) {
                throw new IllegalStateException("Unexpected convolution weight shape "
                        + java.util.Arrays.toString(convW.shape()));
            }
            float[] flat = KimCnnLayers.flat(convW);
            float[][][] w = new float[width][c][f];
            for (int j = 0; j < width; j++) {
                for (int ch = 0; ch < c; ch++) {
                    System.arraycopy(flat, (j * c + ch) * f, w[j][ch], 0, f);
                }
            }
            branches.add(new TokenCnnHead.Branch(w, bias));
        }
        return new TokenCnnHead(corpus.classes(), norm[0], norm[1], branches,
                KimCnnLayers.rows(net.getLayer(KimCnnLayers.OUTPUT).getParam("W")),
                KimCnnLayers.flat(net.getLayer(KimCnnLayers.OUTPUT).getParam("b")));
    }
}
