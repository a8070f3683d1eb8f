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
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Deeplearning4j text CNN per corpus on CPU: learned embeddings of characters (Chinese) or words (English),
 * one 1-D convolution, max-over-time pooling, dropout, softmax. Same splits as the baselines; progress lines
 * every epoch and every ~20 % of one (loss, examples/s, ETA). The trained weights are exported to the plain-Java
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

    static MultiLayerNetwork network(int vocabulary, int maxLen, int classes, NeuralParams p) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(p.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .l2(1e-5)
                .list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(p.embedding())
                        .inputLength(maxLen).build())
                .layer(new Convolution1DLayer.Builder().kernelSize(p.kernel()).nIn(p.embedding()).nOut(p.filters())
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new DropoutLayer.Builder(p.dropout()).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(p.filters()).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Trains, evaluates and registers the CNN of one corpus. */
    public SentimentTraining.Result train(SentimentCorpus corpus, NeuralParams p, boolean validation)
            throws IOException {
        var split = validation ? corpus.loadValidation(sharedData, p.maxTrain()) : corpus.load(sharedData, p.maxTrain());
        var vocab = Vocabulary.build(corpus.language(), split.train().stream().map(LabeledText::text).toList(),
                p.maxVocab());
        int cap = corpus.language() == io.livepulse.models.sentiment.Language.ZH ? p.maxLenZh() : p.maxLenEn();
        int maxLen = Math.min(cap, vocab.percentileLength(split.train().stream().map(LabeledText::text).toList(), 0.95));
        int k = corpus.classes().size();
        var net = network(vocab.size(), maxLen, k, p);
        String name = "sentiment-" + corpus.id() + "-cnn";
        var rnd = new Random(p.seed());
        int n = split.train().size();
        int batches = (n + p.batchSize() - 1) / p.batchSize();
        long start = System.nanoTime();
        long seen = 0;
        long total = (long) n * p.epochs();
        for (int epoch = 1; epoch <= p.epochs(); epoch++) {
            var order = new ArrayList<LabeledText>(split.train());
            java.util.Collections.shuffle(order, rnd);
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                var batch = order.subList(b * p.batchSize(), Math.min(n, (b + 1) * p.batchSize()));
                net.fit(dataSet(batch, vocab, maxLen, k));
                lossSum += net.score();
                seen += batch.size();
                if ((b + 1) % Math.max(1, batches / 5) == 0 || b + 1 == batches) {
                    double secs = (System.nanoTime() - start) / 1e9;
                    double rate = seen / secs;
                    CONSOLE.info(String.format(Locale.ROOT,
                            "%s epoch %d/%d batch %d/%d: loss %.4f, %.0f examples/s, elapsed %.0f s, ETA %.0f s",
                            name, epoch, p.epochs(), b + 1, batches, lossSum / (b + 1), rate, secs,
                            (total - seen) / rate));
                }
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        var exported = export(net, vocab, maxLen, corpus);
        int[] gold = new int[split.test().size()];
        int[] predicted = new int[gold.length];
        int agree = 0;
        var shortGold = new ArrayList<Integer>();
        var shortPred = new ArrayList<Integer>();
        for (int from = 0; from < gold.length; from += 256) {
            var batch = split.test().subList(from, Math.min(gold.length, from + 256));
            INDArray out = net.output(features(batch, vocab, maxLen), false);
            INDArray arg = out.argMax(1);
            for (int i = 0; i < batch.size(); i++) {
                int idx = from + i;
                gold[idx] = batch.get(i).label();
                predicted[idx] = argMax(exported.probabilities(batch.get(i).text()));
                agree += predicted[idx] == arg.getInt(i) ? 1 : 0;
                if (batch.get(i).text().codePointCount(0, batch.get(i).text().length())
                        <= SentimentTraining.SHORT_TEXT_CHARS) {
                    shortGold.add(gold[idx]);
                    shortPred.add(predicted[idx]);
                }
            }
        }
        var test = ClassificationMetrics.of(k, gold, predicted);
        var shortText = ClassificationMetrics.of(k, shortGold.stream().mapToInt(Integer::intValue).toArray(),
                shortPred.stream().mapToInt(Integer::intValue).toArray());
        double agreement = gold.length == 0 ? 1.0 : (double) agree / gold.length;
        if (validation) {
            return new SentimentTraining.Result(name + " (validation, not registered)", 0, corpus, null, test,
                    shortText, agreement, n, trainSeconds);
        }
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("test", test.toMap());
        metrics.put("shortTextMaxChars", SentimentTraining.SHORT_TEXT_CHARS);
        metrics.put("shortText", shortText.toMap());
        metrics.put("dl4jAgreement", agreement);
        metrics.put("trainSeconds", trainSeconds);
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", List.of(Map.of("id", corpus.id(), "file", corpus.file(), "licence",
                corpus.licence(), "trainExamples", n, "testExamples", gold.length)));
        trainingData.put("classes", corpus.classes().stream().map(Enum::name).toList());
        var params = new LinkedHashMap<String, Object>();
        params.put("architecture", "embedding -> conv1d(relu, same) -> global max pool -> dropout -> softmax");
        params.put("embedding", p.embedding());
        params.put("filters", p.filters());
        params.put("kernel", p.kernel());
        params.put("maxLen", maxLen);
        params.put("vocabulary", vocab.size());
        params.put("epochs", p.epochs());
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

    /**
     * The plain-Java model with the network's weights. DL4J's embedding W is [V,E] and output W [F,C]; the Conv1D
     * W view reports shape [F,E,K,1] but its buffer is laid out [K][E][F] (found by TextCnnExportTest).
     */
    static TextCnnModel export(MultiLayerNetwork net, Vocabulary vocab, int maxLen, SentimentCorpus corpus) {
        INDArray embW = net.getLayer(0).getParam("W");
        INDArray convW = net.getLayer(1).getParam("W");
        INDArray convB = net.getLayer(1).getParam("b");
        INDArray outW = net.getLayer(4).getParam("W");
        INDArray outB = net.getLayer(4).getParam("b");
        int v = (int) embW.size(0);
        int e = (int) embW.size(1);
        int f = (int) convW.size(0);
        int kernel = (int) convW.size(2);
        if (convW.size(1) != e) {
            throw new IllegalStateException("Unexpected convolution weight shape " + java.util.Arrays.toString(convW.shape()));
        }
        float[] embFlat = embW.dup('c').data().asFloat();
        float[] convFlat = convW.dup('c').data().asFloat();
        float[] outFlat = outW.dup('c').data().asFloat();
        int c = (int) outW.size(1);
        float[][] emb = new float[v][e];
        for (int i = 0; i < v; i++) {
            System.arraycopy(embFlat, i * e, emb[i], 0, e);
        }
        float[][][] conv = new float[f][e][kernel];
        for (int a = 0; a < f; a++) {
            for (int b = 0; b < e; b++) {
                for (int j = 0; j < kernel; j++) {
                    conv[a][b][j] = convFlat[(j * e + b) * f + a];
                }
            }
        }
        float[][] out = new float[f][c];
        for (int a = 0; a < f; a++) {
            System.arraycopy(outFlat, a * c, out[a], 0, c);
        }
        return new TextCnnModel(Vocabulary.symbolsFor(corpus.language()), vocab.symbols(), maxLen, corpus.classes(),
                emb, conv, convB.dup('c').data().asFloat(), out, outB.dup('c').data().asFloat());
    }

    private static int argMax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
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
