package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.DenseHead;
import io.livepulse.models.sentiment.EncoderSentimentModel;
import io.livepulse.models.sentiment.PretrainedEncoder;
import io.livepulse.models.sentiment.SentenceEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder + trained head kind ({@code sentiment-<zh|en>-3c-enc}): a frozen pre-trained encoder
 * ({@link SentenceEncoder}; its pooled outputs cached on disk by {@link EncoderFeatureCache}, since encoding is the
 * expensive step) feeding a dense head (Deeplearning4j: standardise, dense ReLU, softmax over the three classes),
 * early-stopped on the validation chatScore, exported to the plain-Java {@link DenseHead} of kind
 * {@value EncoderSentimentModel#KIND} with the temperature folded into the output layer.
 *
 * <p>How the two kinds of corpora combine: every three-class training row, plus a seeded sample of the two-class
 * corpora's training rows (as negative / positive rows) of {@code binaryShare} times as many rows, split evenly
 * between the language's two-class corpora. The sample (not a loss weight) keeps the encoding within minutes and
 * the polar review texts from teaching that every text is polar.
 */
final class ThreeClassEncoderHead implements ThreeClassKind {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final Path cacheDir;
    private final PretrainedEncoder pre;
    private final EncoderParams params;
    private final double binaryShare;

    ThreeClassEncoderHead(Path cacheDir, PretrainedEncoder pre, EncoderParams params, double binaryShare) {
        this.cacheDir = cacheDir;
        this.pre = pre;
        this.params = params;
        this.binaryShare = binaryShare;
    }

    @Override
    public String suffix() {
        return "enc";
    }

    @Override
    public boolean expensive() {
        return true;
    }

    @Override
    public Trained train(ThreeClassExperiment.TrainingData data, List<ThreeClassExperiment.Candidate> earlier)
            throws IOException {
        if (pre.language() != data.language()) {
            throw new IllegalArgumentException(pre.id() + " encodes " + pre.language() + ", not " + data.language());
        }
        String name = ThreeClassKind.modelName(data.language(), suffix());
        var cache = new EncoderFeatureCache(cacheDir);
        var encoder = new SentenceEncoder(pre, params.maxTokens(data.language()));
        try {
            var parts = trainingParts(data);
            var xs = new ArrayList<float[]>();
            var ys = new ArrayList<Integer>();
            for (var part : parts) {
                float[][] x = features(cache, encoder, part);
                for (int i = 0; i < x.length; i++) {
                    xs.add(x[i]);
                    ys.add(part.rows().get(i).label());
                }
            }
            float[][] fitX = xs.toArray(float[][]::new);
            int[] fitY = ys.stream().mapToInt(Integer::intValue).toArray();
            var validation = data.validation();
            var validationX = new ArrayList<INDArray>();
            float[][] norm = EncoderSentimentTraining.standardisation(fitX);
            for (var v : validation) {
                validationX.add(standardised(features(cache, encoder, v), norm));
            }
            var net = EncoderSentimentTraining.network(fitX[0].length, 3, params);
            CONSOLE.info("{}: {} training texts ({}), encoder {} ({} tokens max), features {} ({}), hidden {}, {}"
                    + " parameters", name, fitX.length, parts.stream().map(p -> p.corpus() + " " + p.rows().size())
                    .toList(), pre.id(), encoder.maxTokens(), fitX[0].length, params.pooling(), params.hidden(),
                    net.numParams());
            var outcome = EarlyStoppingLoop.run(name, net, new EarlyStoppingLoop.Settings(fitX.length,
                    params.epochs(), params.patience(), params.batchSize(), params.seed()),
                    new EarlyStoppingLoop.Trainee() {
                        @Override
                        public double fit(List<Integer> batch) {
                            float[][] bx = new float[batch.size()][];
                            float[][] by = new float[batch.size()][3];
                            for (int i = 0; i < bx.length; i++) {
                                bx[i] = fitX[batch.get(i)];
                                by[i][fitY[batch.get(i)]] = 1f;
                            }
                            net.fit(new DataSet(standardised(bx, norm), Nd4j.create(by)));
                            return net.score();
                        }

                        @Override
                        public double validationAccuracy() {
                            var probabilities = new ArrayList<double[][]>();
                            for (INDArray x : validationX) {
                                probabilities.add(net.output(x, false).toDoubleMatrix());
                            }
                            return ThreeClassExperiment.selectionScore(validation, probabilities);
                        }

                        @Override
                        public String measure() {
                            return "validation chatScore";
                        }
                    });
            var head = export(net, norm, 1.0);
            var learned = new LinkedHashMap<String, Object>();
            learned.put("architecture", "frozen pre-trained encoder -> pooled last-layer token states -> standardise"
                    + " ->" + (params.hidden() > 0 ? " dense relu -> dropout ->" : "") + " softmax (3 classes)");
            learned.put("encoder", pre.id());
            learned.put("pretrainedEncoder", pre.provenance());
            learned.put("maxTokens", encoder.maxTokens());
            learned.put("pooling", params.pooling());
            learned.put("hidden", params.hidden());
            learned.put("maxEpochs", params.epochs());
            learned.put("patience", params.patience());
            learned.put("batchSize", params.batchSize());
            learned.put("learningRate", params.learningRate());
            learned.put("dropoutKeep", params.dropout());
            learned.put("l2", params.l2());
            learned.put("seed", params.seed());
            learned.put("binaryShare", binaryShare);
            learned.put("bestEpoch", outcome.bestEpoch());
            learned.put("epochsRun", outcome.epochsRun());
            learned.put("bestValidationChatScore", outcome.bestValidation());
            learned.put("headTrainSeconds", outcome.trainSeconds());
            int n = fitX.length;
            return new Trained() {
                @Override
                public double[][] probabilities(ThreeClassExperiment.Part part) throws IOException {
                    float[][] x = features(cache, encoder, part);
                    double[][] out = new double[x.length][];
                    for (int i = 0; i < x.length; i++) {
                        out[i] = head.probabilities(x[i]);
                    }
                    return out;
                }

                @Override
                public Map<String, Object> params() {
                    return learned;
                }

                @Override
                public String combination() {
                    return "every three-class training row plus a seeded sample of the two-class corpora's training"
                            + " rows (negative/positive), " + binaryShare + " times as many, split evenly between"
                            + " them; unweighted";
                }

                @Override
                public int trainExamples() {
                    return n;
                }

                @Override
                public Export export(double temperature) {
                    var calibrated = ThreeClassEncoderHead.export(net, norm, temperature);
                    return new Export(EncoderSentimentModel.KIND, calibrated::writeTo);
                }

                @Override
                public void close() {
                    encoder.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** The three-class training rows, then the seeded two-class sample, as parts (their features are cached). */
    List<ThreeClassExperiment.Part> trainingParts(ThreeClassExperiment.TrainingData data) {
        var out = new ArrayList<ThreeClassExperiment.Part>();
        int threeClass = 0;
        int binaryCorpora = 0;
        for (var e : data.train().entrySet()) {
            if (e.getKey().threeClass()) {
                out.add(new ThreeClassExperiment.Part(e.getKey().id(), "train", true, e.getValue()));
                threeClass += e.getValue().size();
            } else {
                binaryCorpora++;
            }
        }
        int perCorpus = binaryCorpora == 0 ? 0 : (int) Math.round(binaryShare * threeClass / binaryCorpora);
        for (var e : data.train().entrySet()) {
            if (!e.getKey().threeClass() && perCorpus > 0) {
                var rows = new ArrayList<>(e.getValue());
                Collections.shuffle(rows, new Random(params.seed()));
                out.add(new ThreeClassExperiment.Part(e.getKey().id(), "train sample " + perCorpus, false,
                        List.copyOf(rows.subList(0, Math.min(perCorpus, rows.size())))));
            }
        }
        return out;
    }

    private float[][] features(EncoderFeatureCache cache, SentenceEncoder encoder, ThreeClassExperiment.Part part)
            throws IOException {
        float[][] all = cache.features(encoder, "3c-" + part.corpus(), part.name().replace(' ', '-'),
                part.rows().stream().map(LabeledText::text).toList());
        float[][] x = new float[all.length][];
        for (int i = 0; i < all.length; i++) {
            x[i] = EncoderSentimentModel.select(all[i], params.pooling(), encoder.hidden());
        }
        return x;
    }

    /** The plain-Java head with the network's weights, the output layer's divided by {@code temperature}. */
    static DenseHead export(MultiLayerNetwork net, float[][] norm, double temperature) {
        var layers = new ArrayList<DenseHead.Layer>();
        for (int l = 0; l < net.getnLayers(); l++) {
            float[][] w = KimCnnLayers.rows(net.getLayer(l).getParam("W"));
            float[] b = KimCnnLayers.flat(net.getLayer(l).getParam("b"));
            if (l == net.getnLayers() - 1) {
                for (float[] row : w) {
                    for (int k = 0; k < row.length; k++) {
                        row[k] = (float) (row[k] / temperature);
                    }
                }
                for (int k = 0; k < b.length; k++) {
                    b[k] = (float) (b[k] / temperature);
                }
            }
            layers.add(new DenseHead.Layer(w, b));
        }
        return new DenseHead(ThreeClassCorpus.CLASSES, norm[0], norm[1], layers);
    }

    private static INDArray standardised(float[][] x, float[][] norm) {
        float[][] z = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new float[norm[0].length];
            for (int j = 0; j < z[i].length; j++) {
                z[i][j] = (x[i][j] - norm[0][j]) / norm[1][j];
            }
        }
        return Nd4j.create(z);
    }
}
