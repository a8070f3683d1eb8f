package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.TextCnnModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Deeplearning4j text CNN per corpus on CPU (Kim 2014): learned embeddings of characters (Chinese) or words
 * (English), parallel 1-D convolutions of several widths, max-over-time pooling per width, concatenation, dropout,
 * softmax. Early stopping on a validation cut of the training split (SST-2: its dev file; {@link EarlyStoppingLoop}:
 * progress lines every ~20 % of an epoch, a validation line per epoch); the test split is only scored once, with the
 * weights of the best validation epoch. The trained weights are exported to the plain-Java
 * {@link TextCnnModel}, which is what is evaluated (its agreement with DL4J's own predictions is recorded).
 * Registered as {@code sentiment-<corpus>-cnn}, kind {@value #KIND}: {@code textcnn.bin} (plain Java),
 * {@code textcnn.zip} (DL4J ModelSerializer, to resume training) and {@code vocabulary.txt}.
 */
public final class NeuralSentimentTraining {
    public static final String KIND = TextCnnModel.KIND;
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final ModelRegistry registry;
    private final Path sharedData;

    public NeuralSentimentTraining(ModelRegistry registry, Path sharedData) {
        this.registry = registry;
        this.sharedData = sharedData;
    }

    static ComputationGraph network(int vocabulary, int maxLen, int classes, List<Integer> kernels, NeuralParams p) {
        var g = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(p.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .l2(1e-5)
                .graphBuilder()
                .addInputs("ids")
                .addLayer("emb", new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(p.embedding())
                        .inputLength(maxLen).build(), "ids");
        return KimCnnLayers.finish(g, "emb", p.embedding(), kernels, p.filters(), 1.0, p.dropout(), classes);
    }

    /**
     * Trains, evaluates and registers the CNN of one corpus. {@code maxTrain} limits the training texts only: the
     * whole held-out test split is scored. With {@code validation} (tuning) the validation cut is scored in place
     * of the test split and nothing is registered.
     */
    public SentimentTraining.Result train(SentimentCorpus corpus, NeuralParams p, boolean validation)
            throws IOException {
        var tuning = corpus.loadValidation(sharedData, p.maxTrain());
        var train = tuning.train();
        var dev = tuning.test();
        var evaluated = validation ? dev : corpus.load(sharedData, 0).test(); // maxTrain limits training only
        var vocab = Vocabulary.build(corpus.language(), train.stream().map(LabeledText::text).toList(), p.maxVocab());
        int cap = corpus.language() == io.livepulse.models.sentiment.Language.ZH ? p.maxLenZh() : p.maxLenEn();
        int maxLen = Math.min(cap, vocab.percentileLength(train.stream().map(LabeledText::text).toList(), 0.95));
        int k = corpus.classes().size();
        var kernels = p.kernels(corpus.language());
        var net = network(vocab.size(), maxLen, k, kernels, p);
        String name = "sentiment-" + corpus.id() + "-cnn";
        CONSOLE.info("{}: {} training texts, {} validation texts, vocabulary {}, maxLen {}, widths {} x {} filters,"
                + " {} parameters", name, train.size(), dev.size(), vocab.size(), maxLen, kernels, p.filters(),
                net.numParams());
        int n = train.size();
        var outcome = EarlyStoppingLoop.run(name, net, new EarlyStoppingLoop.Settings(n, p.epochs(), p.patience(),
                p.batchSize(), p.seed()), new EarlyStoppingLoop.Trainee() {
                    @Override
                    public double fit(List<Integer> batch) {
                        net.fit(dataSet(batch.stream().map(train::get).toList(), vocab, maxLen, k));
                        return net.score();
                    }

                    @Override
                    public double validationAccuracy() {
                        return accuracy(net, dev, vocab, maxLen);
                    }
                });
        double trainSeconds = outcome.trainSeconds();

        var exported = export(net, vocab, maxLen, kernels, corpus);
        int[] gold = new int[evaluated.size()];
        int[] predicted = new int[gold.length];
        int agree = 0;
        for (int from = 0; from < gold.length; from += 256) {
            var batch = evaluated.subList(from, Math.min(gold.length, from + 256));
            INDArray arg = net.outputSingle(false, features(batch, vocab, maxLen)).argMax(1);
            for (int i = 0; i < batch.size(); i++) {
                int idx = from + i;
                gold[idx] = batch.get(i).label();
                predicted[idx] = ClassificationMetrics.argMax(exported.probabilities(batch.get(i).text()));
                agree += predicted[idx] == arg.getInt(i) ? 1 : 0;
            }
        }
        var test = ClassificationMetrics.of(k, gold, predicted);
        var shortText = ClassificationMetrics.ofShortTexts(k, gold, predicted, i -> evaluated.get(i).text());
        double agreement = gold.length == 0 ? 1.0 : (double) agree / gold.length;
        if (validation) {
            return new SentimentTraining.Result(name + " (validation, not registered)", 0, corpus, null, test,
                    shortText, agreement, n, trainSeconds);
        }
        var metrics = earlyStoppedMetrics(test, shortText, outcome.bestValidation(), outcome.bestEpoch(),
                outcome.epochsRun(), agreement, trainSeconds);
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", corpusSplits(corpus, n, dev.size(), gold.length));
        trainingData.put("classes", corpus.classes().stream().map(Enum::name).toList());
        var params = new LinkedHashMap<String, Object>();
        params.put("architecture", "embedding -> conv1d per width (relu, same) -> global max pool -> concat -> dropout"
                + " -> softmax");
        params.put("embedding", p.embedding());
        params.put("filtersPerWidth", p.filters());
        params.put("kernels", kernels);
        params.put("maxLen", maxLen);
        params.put("vocabulary", vocab.size());
        params.put("maxEpochs", p.epochs());
        params.put("patience", p.patience());
        params.put("batchSize", p.batchSize());
        params.put("learningRate", p.learningRate());
        params.put("dropoutKeep", p.dropout());
        params.put("seed", p.seed());
        var written = registry.write(new ModelRegistry.Draft(name, KIND, trainingData, params, metrics), dir -> {
            exported.writeTo(dir);
            ModelSerializer.writeModel(net, dir.resolve("textcnn.zip").toFile(), false);
            Files.write(dir.resolve("vocabulary.txt"), vocab.symbols(), StandardCharsets.UTF_8);
        });
        return new SentimentTraining.Result(name, written.manifest().version(), corpus, null, test, shortText,
                agreement, n, trainSeconds);
    }

    /** The manifest metrics of a network trained with early stopping and scored by its plain-Java export. */
    static Map<String, Object> earlyStoppedMetrics(ClassificationMetrics test, ClassificationMetrics shortText,
            double validationAccuracy, int bestEpoch, int epochsRun, double dl4jAgreement, double trainSeconds) {
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("test", test.toMap());
        metrics.put("shortTextMaxChars", SentimentTraining.SHORT_TEXT_CHARS);
        metrics.put("shortText", shortText.toMap());
        metrics.put("validationAccuracy", validationAccuracy);
        metrics.put("bestEpoch", bestEpoch);
        metrics.put("epochsRun", epochsRun);
        metrics.put("dl4jAgreement", dl4jAgreement);
        metrics.put("trainSeconds", trainSeconds);
        return metrics;
    }

    /** The manifest's record of which corpus trained a model, its licence, and the split sizes. */
    static List<Map<String, Object>> corpusSplits(SentimentCorpus corpus, int train, int validation, int test) {
        return List.of(Map.of("id", corpus.id(), "file", corpus.file(), "licence", corpus.licence(), "trainExamples",
                train, "validationExamples", validation, "testExamples", test));
    }

    private static double accuracy(ComputationGraph net, List<LabeledText> texts, Vocabulary vocab, int maxLen) {
        int right = 0;
        for (int from = 0; from < texts.size(); from += 256) {
            var batch = texts.subList(from, Math.min(texts.size(), from + 256));
            INDArray arg = net.outputSingle(false, features(batch, vocab, maxLen)).argMax(1);
            for (int i = 0; i < batch.size(); i++) {
                right += arg.getInt(i) == batch.get(i).label() ? 1 : 0;
            }
        }
        return texts.isEmpty() ? 0 : (double) right / texts.size();
    }

    /**
     * The plain-Java model with the network's weights. DL4J's embedding W is [V,E] and output W [F,C]; each Conv1D
     * W view reports shape [F,E,K,1] but its buffer is laid out [K][E][F] (found by TextCnnExportTest).
     */
    static TextCnnModel export(ComputationGraph net, Vocabulary vocab, int maxLen, List<Integer> kernels,
            SentimentCorpus corpus) {
        INDArray embW = net.getLayer("emb").getParam("W");
        int e = (int) embW.size(1);
        float[][] emb = KimCnnLayers.rows(embW);
        var branches = new ArrayList<TextCnnModel.Branch>();
        for (int width : kernels) {
            INDArray convW = net.getLayer(KimCnnLayers.convName(width)).getParam("W");
            INDArray convB = net.getLayer(KimCnnLayers.convName(width)).getParam("b");
            int f = (int) convW.size(0);
            if (convW.size(1) != e || convW.size(2) != width) {
                throw new IllegalStateException("Unexpected convolution weight shape "
                        + java.util.Arrays.toString(convW.shape()));
            }
            float[] convFlat = KimCnnLayers.flat(convW);
            float[][][] conv = new float[f][e][width];
            for (int a = 0; a < f; a++) {
                for (int b = 0; b < e; b++) {
                    for (int j = 0; j < width; j++) {
                        conv[a][b][j] = convFlat[(j * e + b) * f + a];
                    }
                }
            }
            branches.add(new TextCnnModel.Branch(conv, KimCnnLayers.flat(convB)));
        }
        return new TextCnnModel(Vocabulary.symbolsFor(corpus.language()), vocab.symbols(), maxLen, corpus.classes(),
                emb, branches, KimCnnLayers.rows(net.getLayer(KimCnnLayers.OUTPUT).getParam("W")),
                KimCnnLayers.flat(net.getLayer(KimCnnLayers.OUTPUT).getParam("b")));
    }

    private static INDArray features(List<LabeledText> batch, Vocabulary vocab, int maxLen) {
        float[][] x = new float[batch.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = vocab.encode(batch.get(i).text(), maxLen);
        }
        return Nd4j.create(x);
    }

    private static DataSet dataSet(List<LabeledText> batch, Vocabulary vocab, int maxLen, int classes) {
        float[][] y = new float[batch.size()][classes];
        for (int i = 0; i < y.length; i++) {
            y[i][batch.get(i).label()] = 1f;
        }
        return new DataSet(features(batch, vocab, maxLen), Nd4j.create(y));
    }
}
