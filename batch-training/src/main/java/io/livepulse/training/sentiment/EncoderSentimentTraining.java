package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.DenseHead;
import io.livepulse.models.sentiment.EncoderSentimentModel;
import io.livepulse.models.sentiment.EnsembleSentimentModel;
import io.livepulse.models.sentiment.PretrainedEncoder;
import io.livepulse.models.sentiment.SentenceEncoder;
import io.livepulse.models.sentiment.SentimentModel;
import io.livepulse.models.sentiment.SentimentModels;
import io.livepulse.models.sentiment.TokenCnnSentimentModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-trained-encoder sentiment model per corpus: load (fixed splits) -> encode every text once with the frozen
 * encoder of the corpus language ({@link PretrainedEncoder}; cached on disk) -> build a dense head (Deeplearning4j,
 * pure function of {@link EncoderParams}) on the standardised pooled token states -> train with early stopping on
 * the validation cut (SST-2: dev.tsv) -> export to the plain-Java {@link DenseHead} and evaluate that on the held-out
 * split (agreement with DL4J recorded) -> register {@code sentiment-<corpus>-enc} of kind
 * {@value EncoderSentimentModel#KIND}. The manifest names the pre-trained encoder and its licence beside the corpus.
 */
public final class EncoderSentimentTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final ModelRegistry registry;
    private final Path sharedData;
    private final EncoderFeatureCache cache;
    private final TokenStateCache tokenCache;

    public EncoderSentimentTraining(ModelRegistry registry, Path sharedData, Path cacheDir) {
        this.registry = registry;
        this.sharedData = sharedData;
        this.cache = new EncoderFeatureCache(cacheDir);
        this.tokenCache = new TokenStateCache(cacheDir);
    }

    static String modelName(SentimentCorpus corpus) {
        return "sentiment-" + corpus.id() + "-enc";
    }

    static MultiLayerNetwork network(int inputs, int classes, EncoderParams p) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(p.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .l2(p.l2())
                .list();
        int in = inputs;
        if (p.hidden() > 0) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(p.hidden()).activation(Activation.RELU)
                    .dropOut(p.dropout() < 1 ? Math.min(1.0, p.dropout() + 0.3) : 1.0).build());
            in = p.hidden();
        }
        var out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(classes)
                .activation(Activation.SOFTMAX);
        if (p.dropout() < 1) {
            out.dropOut(p.dropout());
        }
        MultiLayerConfiguration conf = list.layer(out.build()).build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Features and labels of one part of a corpus. */
    private record Part(float[][] x, int[] y, List<LabeledText> rows) {}

    private Part part(SentenceEncoder encoder, SentimentCorpus corpus, String name, List<LabeledText> rows,
            EncoderParams p) throws IOException {
        float[][] all = cache.features(encoder, corpus.id(), name, rows.stream().map(LabeledText::text).toList());
        float[][] x = new float[all.length][];
        int[] y = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            x[i] = EncoderSentimentModel.select(all[i], p.pooling(), encoder.hidden());
            y[i] = rows.get(i).label();
        }
        return new Part(x, y, rows);
    }

    /** Per-feature mean and standard deviation (at least 1e-6) of the training features. */
    static float[][] standardisation(float[][] x) {
        int d = x[0].length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (float[] row : x) {
            for (int k = 0; k < d; k++) {
                sum[k] += row[k];
                sq[k] += (double) row[k] * row[k];
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int k = 0; k < d; k++) {
            double m = sum[k] / x.length;
            mean[k] = (float) m;
            std[k] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq[k] / x.length - m * m)));
        }
        return new float[][] {mean, std};
    }

    /**
     * Trains, evaluates and registers the model of one corpus, then the ensemble of it with the corpus's registered
     * text CNN (and logistic regression where that never saw the validation cut) if there are any. With
     * {@code validation} (tuning) the validation cut is scored in place of the test split and nothing is
     * registered; the test split is then never encoded. Returns the encoder model's result, then the ensemble's.
     */
    public List<SentimentTraining.Result> train(SentimentCorpus corpus, EncoderParams p, boolean validation)
            throws IOException {
        return train(corpus, p, validation, PretrainedEncoder.forLanguage(corpus.language()));
    }

    /** The same with a chosen pre-trained encoder (of the corpus language). */
    public List<SentimentTraining.Result> train(SentimentCorpus corpus, EncoderParams p, boolean validation,
            PretrainedEncoder pre) throws IOException {
        if (pre.language() != corpus.language()) {
            throw new IllegalArgumentException(pre.id() + " encodes " + pre.language() + ", " + corpus.id() + " is "
                    + corpus.language());
        }
        try (var encoder = new SentenceEncoder(pre, p.maxTokens(corpus.language()))) {
            var tuning = corpus.loadValidation(sharedData, 0);
            Part fit = part(encoder, corpus, "fit", tuning.train(), p);
            Part dev = part(encoder, corpus, "validation", tuning.test(), p);
            Part evaluated = validation ? dev : part(encoder, corpus, "test", corpus.load(sharedData, 0).test(), p);
            var results = new ArrayList<SentimentTraining.Result>();
            var head = new DenseHead[1];
            results.add(train(corpus, encoder, fit, dev, evaluated, p, validation, head));
            ensemble(corpus, head[0], dev, evaluated, results.get(0), validation).ifPresent(results::add);
            return results;
        }
    }

    /**
     * The ensemble alone, on the latest registered encoder model of {@code corpus} (its head and settings from the
     * registry, its features from the cache): to rebuild the ensemble after a member changed, without retraining.
     */
    public java.util.Optional<SentimentTraining.Result> ensemble(SentimentCorpus corpus, boolean validation)
            throws IOException {
        var version = registry.latest(modelName(corpus)).orElseThrow(() -> new IllegalArgumentException("No "
                + modelName(corpus) + " in the registry: train it first (--algorithms enc)"));
        var m = version.manifest();
        int maxTokens = ((Number) m.params().get("maxTokens")).intValue();
        var pooling = ((List<?>) m.params().get("pooling")).stream().map(String::valueOf).toList();
        var d = EncoderParams.defaults();
        var p = new EncoderParams(pooling, d.hidden(), maxTokens, maxTokens, d.epochs(), d.patience(), d.batchSize(),
                d.learningRate(), d.dropout(), d.l2(), d.seed());
        var head = DenseHead.read(version.dir());
        try (var encoder = new SentenceEncoder(PretrainedEncoder.byId((String) m.params().get("encoder")), maxTokens)) {
            var tuning = corpus.loadValidation(sharedData, 0);
            Part dev = part(encoder, corpus, "validation", tuning.test(), p);
            Part evaluated = validation ? dev : part(encoder, corpus, "test", corpus.load(sharedData, 0).test(), p);
            var encoderResult = new SentimentTraining.Result(m.name(), m.version(), corpus, null, null, null,
                    Double.NaN, tuning.train().size(), 0);
            return ensemble(corpus, head, dev, evaluated, encoderResult, validation);
        }
    }

    /**
     * Members besides the encoder model: the latest text CNN and token-state CNN (both trained on the fit cut,
     * early-stopped on the validation cut) and, for SST-2 only, the latest logistic regression: on the other corpora
     * it was trained on the whole training split, validation cut included, so its validation accuracy would be
     * inflated and the weights biased towards it.
     */
    private List<ModelRegistry.VerifiedModel> ensembleMembers(SentimentCorpus corpus) {
        var out = new ArrayList<ModelRegistry.VerifiedModel>();
        registry.latest("sentiment-" + corpus.id() + "-cnn").ifPresent(out::add);
        registry.latest(TokenCnnSentimentTraining.modelName(corpus)).ifPresent(out::add);
        if (corpus == SentimentCorpus.SST2) {
            registry.latest("sentiment-" + corpus.id() + "-lr").ifPresent(out::add);
        }
        return out;
    }

    private java.util.Optional<SentimentTraining.Result> ensemble(SentimentCorpus corpus, DenseHead head, Part dev,
            Part evaluated, SentimentTraining.Result encoderResult, boolean validation) throws IOException {
        var members = ensembleMembers(corpus);
        if (members.isEmpty()) {
            return java.util.Optional.empty();
        }
        int k = corpus.classes().size();
        var devP = new ArrayList<double[][]>();
        var evalP = new ArrayList<double[][]>();
        devP.add(java.util.Arrays.stream(dev.x()).map(head::probabilities).toArray(double[][]::new));
        evalP.add(java.util.Arrays.stream(evaluated.x()).map(head::probabilities).toArray(double[][]::new));
        for (var v : members) {
            if (TokenCnnSentimentModel.KIND.equals(v.manifest().kind())) {
                devP.add(tokenProbabilities(v, corpus, "validation", dev.rows()));
                evalP.add(tokenProbabilities(v, corpus, validation ? "validation" : "test", evaluated.rows()));
                continue;
            }
            try (SentimentModel s = SentimentModels.load(registry, v)) {
                devP.add(dev.rows().stream().map(r -> s.probabilities(r.text())).toArray(double[][]::new));
                evalP.add(evaluated.rows().stream().map(r -> s.probabilities(r.text())).toArray(double[][]::new));
            }
        }
        double[] best = null;
        double bestDev = -1;
        for (double[] w : EnsembleWeights.simplex(devP.size(), 20)) {
            double acc = accuracy(EnsembleWeights.predict(devP, w), dev.y());
            if (acc > bestDev + 1e-12) {
                bestDev = acc;
                best = w;
            }
        }
        int[] predicted = EnsembleWeights.predict(evalP, best);
        var test = ClassificationMetrics.of(k, evaluated.y(), predicted);
        var shortText = ClassificationMetrics.ofShortTexts(k, evaluated.y(), predicted,
                i -> evaluated.rows().get(i).text());
        var names = new ArrayList<String>();
        names.add(encoderResult.modelName());
        members.forEach(v -> names.add(v.manifest().name() + " v" + v.manifest().version()));
        String name = "sentiment-" + corpus.id() + "-ens";
        CONSOLE.info(String.format(Locale.ROOT, "%s: weights %s for %s (best validation accuracy %.4f)", name,
                java.util.Arrays.toString(best), names, bestDev));
        if (validation) {
            return java.util.Optional.of(new SentimentTraining.Result(name + " (validation, not registered; weights "
                    + java.util.Arrays.toString(best) + ")", 0, corpus, null, test, shortText, Double.NaN,
                    encoderResult.trainExamples(), 0));
        }
        var ensembleMembers = new ArrayList<EnsembleSentimentModel.Member>();
        ensembleMembers.add(new EnsembleSentimentModel.Member(encoderResult.modelName(), encoderResult.version(),
                best[0]));
        for (int i = 0; i < members.size(); i++) {
            var m = members.get(i).manifest();
            ensembleMembers.add(new EnsembleSentimentModel.Member(m.name(), m.version(), best[i + 1]));
        }
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("test", test.toMap());
        metrics.put("shortTextMaxChars", SentimentTraining.SHORT_TEXT_CHARS);
        metrics.put("shortText", shortText.toMap());
        metrics.put("validationAccuracy", bestDev);
        var params = new LinkedHashMap<String, Object>();
        params.put("members", ensembleMembers.stream().map(m -> Map.of("name", m.name(), "version", m.version(),
                "weight", m.weight())).toList());
        params.put("weightGrid", "simplex, step 0.05, best validation accuracy");
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", List.of(Map.of("id", corpus.id(), "file", corpus.file(), "licence",
                corpus.licence())));
        trainingData.put("pretrainedEncoder", PretrainedEncoder.forLanguage(corpus.language()).provenance());
        trainingData.put("classes", corpus.classes().stream().map(Enum::name).toList());
        var written = registry.write(new ModelRegistry.Draft(name, EnsembleSentimentModel.KIND, trainingData, params,
                metrics), dir -> EnsembleSentimentModel.write(ensembleMembers, dir));
        return java.util.Optional.of(new SentimentTraining.Result(name, written.manifest().version(), corpus, null,
                test, shortText, Double.NaN, encoderResult.trainExamples(), 0));
    }

    /**
     * A token-CNN member's probabilities from the cached token states of the same texts (what it was trained and
     * scored on; the encoder runs only if they are not cached).
     */
    private double[][] tokenProbabilities(ModelRegistry.VerifiedModel v, SentimentCorpus corpus, String part,
            List<LabeledText> rows) throws IOException {
        var params = v.manifest().params();
        var head = io.livepulse.models.sentiment.TokenCnnHead.read(v.dir());
        try (var encoder = new SentenceEncoder(PretrainedEncoder.byId((String) params.get("encoder")),
                ((Number) params.get("maxTokens")).intValue())) {
            var states = tokenCache.states(encoder, corpus.id(), part, rows.stream().map(LabeledText::text).toList());
            double[][] out = new double[states.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = head.probabilities(states.floats(i));
            }
            return out;
        }
    }

    private static double accuracy(int[] predicted, int[] gold) {
        int right = 0;
        for (int i = 0; i < gold.length; i++) {
            right += predicted[i] == gold[i] ? 1 : 0;
        }
        return gold.length == 0 ? 0 : (double) right / gold.length;
    }

    private SentimentTraining.Result train(SentimentCorpus corpus, SentenceEncoder encoder, Part fit, Part dev,
            Part evaluated, EncoderParams p, boolean validation, DenseHead[] exported) {
        int k = corpus.classes().size();
        float[][] norm = standardisation(fit.x());
        INDArray devX = standardised(dev.x(), norm);
        int d = fit.x()[0].length;
        var net = network(d, k, p);
        String name = modelName(corpus);
        CONSOLE.info("{}: {} training texts, {} validation texts, encoder {} ({} tokens max), features {} ({}),"
                + " hidden {}, {} parameters", name, fit.x().length, dev.x().length, encoder.encoder().id(),
                encoder.maxTokens(), d, p.pooling(), p.hidden(), net.numParams());
        int n = fit.x().length;
        var outcome = EarlyStoppingLoop.run(name, net, new EarlyStoppingLoop.Settings(n, p.epochs(), p.patience(),
                p.batchSize(), p.seed()), new EarlyStoppingLoop.Trainee() {
                    @Override
                    public double fit(List<Integer> batch) {
                        float[][] bx = new float[batch.size()][];
                        float[][] by = new float[batch.size()][k];
                        for (int i = 0; i < bx.length; i++) {
                            bx[i] = fit.x()[batch.get(i)];
                            by[i][fit.y()[batch.get(i)]] = 1f;
                        }
                        net.fit(new DataSet(standardised(bx, norm), Nd4j.create(by)));
                        return net.score();
                    }

                    @Override
                    public double validationAccuracy() {
                        return accuracy(net.output(devX, false).argMax(1), dev.y());
                    }
                });
        double trainSeconds = outcome.trainSeconds();
        int bestEpoch = outcome.bestEpoch();

        var head = export(net, norm, corpus, p);
        exported[0] = head;
        int m = evaluated.x().length;
        int[] predicted = new int[m];
        INDArray dl4j = net.output(standardised(evaluated.x(), norm), false).argMax(1);
        int agree = 0;
        for (int i = 0; i < m; i++) {
            predicted[i] = ClassificationMetrics.argMax(head.probabilities(evaluated.x()[i]));
            agree += predicted[i] == dl4j.getInt(i) ? 1 : 0;
        }
        var test = ClassificationMetrics.of(k, evaluated.y(), predicted);
        var shortText = ClassificationMetrics.ofShortTexts(k, evaluated.y(), predicted,
                i -> evaluated.rows().get(i).text());
        double agreement = m == 0 ? 1.0 : (double) agree / m;
        if (validation) {
            return new SentimentTraining.Result(name + " (validation, not registered; " + p.pooling() + ", hidden "
                    + p.hidden() + ", best epoch " + bestEpoch + ")", 0, corpus, null, test, shortText, agreement, n,
                    trainSeconds);
        }
        var metrics = NeuralSentimentTraining.earlyStoppedMetrics(test, shortText, outcome.bestValidation(),
                bestEpoch, outcome.epochsRun(), agreement, trainSeconds);
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", NeuralSentimentTraining.corpusSplits(corpus, n, dev.x().length, m));
        trainingData.put("pretrainedEncoder", encoder.encoder().provenance());
        trainingData.put("classes", corpus.classes().stream().map(Enum::name).toList());
        var params = new LinkedHashMap<String, Object>();
        params.put("architecture", "frozen pre-trained encoder -> pooled last-layer token states -> standardise ->"
                + (p.hidden() > 0 ? " dense relu -> dropout ->" : "") + " softmax");
        params.put("encoder", encoder.encoder().id());
        params.put("maxTokens", encoder.maxTokens());
        params.put("pooling", p.pooling());
        params.put("hidden", p.hidden());
        params.put("maxEpochs", p.epochs());
        params.put("patience", p.patience());
        params.put("batchSize", p.batchSize());
        params.put("learningRate", p.learningRate());
        params.put("dropoutKeep", p.dropout());
        params.put("l2", p.l2());
        params.put("seed", p.seed());
        var written = registry.write(new ModelRegistry.Draft(name, EncoderSentimentModel.KIND, trainingData, params,
                metrics), head::writeTo);
        return new SentimentTraining.Result(name, written.manifest().version(), corpus, null, test, shortText,
                agreement, n, trainSeconds);
    }

    /** The plain-Java head with the network's weights (DL4J dense W is [in][out], b is [1][out]). */
    static DenseHead export(MultiLayerNetwork net, float[][] norm, SentimentCorpus corpus, EncoderParams p) {
        var layers = new ArrayList<DenseHead.Layer>();
        for (int l = 0; l < net.getnLayers(); l++) {
            layers.add(new DenseHead.Layer(KimCnnLayers.rows(net.getLayer(l).getParam("W")),
                    KimCnnLayers.flat(net.getLayer(l).getParam("b"))));
        }
        return new DenseHead(corpus.classes(), norm[0], norm[1], layers);
    }

    private static INDArray standardised(float[][] x, float[][] norm) {
        float[] mean = norm[0];
        float[] std = norm[1];
        float[][] z = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new float[mean.length];
            for (int j = 0; j < mean.length; j++) {
                z[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }
        return Nd4j.create(z);
    }

    private static double accuracy(INDArray argMax, int[] gold) {
        int right = 0;
        for (int i = 0; i < gold.length; i++) {
            right += argMax.getInt(i) == gold[i] ? 1 : 0;
        }
        return gold.length == 0 ? 0 : (double) right / gold.length;
    }
}
