package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small real sentiment models for the tests of any module (models' test jar): trained in plain Java on SST-2's
 * training file ({@code ../shared/data/sst2/train.tsv}), scored on its labelled test file, the held-out split the
 * training job evaluates on. A naive Bayes of the linear kind, and a text CNN whose word embeddings are the naive
 * Bayes log-odds plus seeded noise and whose wider filters are seeded at random, so that its labels differ from the
 * linear model's.
 */
public final class SentimentFixtures {
    public static final List<SentimentLabel> BINARY = List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE);

    /** One labelled sentence: label 0 negative, 1 positive. */
    public record Labelled(String text, int label) {}

    private SentimentFixtures() {}

    /** The shared data directory the build passes to tests ({@code livepulse.shared.data}). */
    public static Path sharedData() {
        return Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));
    }

    /** {@code sst2/<file>} ({@code train.tsv}, {@code test.tsv}): a header, then {@code label<TAB>text} lines. */
    public static List<Labelled> sst2(String file) {
        try {
            var lines = Files.readAllLines(sharedData().resolve("sst2").resolve(file), StandardCharsets.UTF_8);
            var out = new ArrayList<Labelled>();
            for (String line : lines.subList(1, lines.size())) {
                int tab = line.indexOf('\t');
                if (tab > 0 && !line.substring(tab + 1).isBlank()) {
                    out.add(new Labelled(line.substring(tab + 1), Integer.parseInt(line.substring(0, tab).strip())));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Multinomial naive Bayes (Laplace smoothing) over hashed English n-grams, in the linear model's format. */
    public static LinearSentimentModel naiveBayes(List<Labelled> train) {
        var vectorizer = new TextVectorizer(Tokenizer.forLanguage(Language.EN), 1 << 14);
        int d = vectorizer.numFeatures();
        double[][] counts = new double[2][d];
        double[] docs = new double[2];
        for (Labelled t : train) {
            var x = vectorizer.vectorize(t.text());
            for (int i = 0; i < x.indices().length; i++) {
                counts[t.label()][x.indices()[i]] += x.counts()[i];
            }
            docs[t.label()]++;
        }
        double[][] weights = new double[2][d];
        double[] intercepts = new double[2];
        for (int c = 0; c < 2; c++) {
            double total = Arrays.stream(counts[c]).sum() + d;
            for (int j = 0; j < d; j++) {
                weights[c][j] = Math.log((counts[c][j] + 1) / total);
            }
            intercepts[c] = Math.log(docs[c] / train.size());
        }
        double[] idf = new double[d];
        Arrays.fill(idf, 1.0);
        return new LinearSentimentModel(vectorizer, LinearSentimentModel.Algorithm.NAIVE_BAYES, BINARY, 0, idf, weights,
                intercepts);
    }

    /**
     * A word-level text CNN (maxLen 48): 2-dimensional embeddings (smoothed log-odds, seeded noise) of the words seen
     * at least 3 times, a width-1 branch reading the log-odds up and down, and a width-3 branch of 4 seeded random
     * filters.
     */
    public static TextCnnModel textCnn(List<Labelled> train, long seed) {
        var words = new WordNgramTokenizer(1, 1);
        var perClass = new HashMap<String, int[]>();
        for (Labelled t : train) {
            for (String w : words.tokenize(ChatNormalizer.normalize(t.text()))) {
                perClass.computeIfAbsent(w, k -> new int[2])[t.label()]++;
            }
        }
        var vocabulary = new ArrayList<String>(List.of("<pad>", "<unk>"));
        perClass.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] >= 3).map(Map.Entry::getKey)
                .sorted().forEach(vocabulary::add);
        var rnd = new Random(seed);
        float[][] emb = new float[vocabulary.size()][2];
        for (int v = 2; v < vocabulary.size(); v++) {
            int[] c = perClass.get(vocabulary.get(v));
            emb[v][0] = (float) Math.log((c[1] + 1.0) / (c[0] + 1.0));
            emb[v][1] = (float) rnd.nextGaussian();
        }
        var unigrams = new TextCnnModel.Branch(new float[][][] {{{1}, {0}}, {{-1}, {0}}}, new float[] {0, 0});
        float[][][] wide = new float[4][2][3];
        for (float[][] f : wide) {
            for (float[] c : f) {
                for (int j = 0; j < 3; j++) {
                    c[j] = (float) (rnd.nextGaussian() * 0.5);
                }
            }
        }
        var trigrams = new TextCnnModel.Branch(wide, new float[] {0, 0, 0, 0});
        float[][] out = new float[6][2];
        out[0] = new float[] {0, 1.5f};
        out[1] = new float[] {1.5f, 0};
        for (int f = 2; f < 6; f++) {
            out[f] = new float[] {(float) (rnd.nextGaussian() * 0.3), (float) (rnd.nextGaussian() * 0.3)};
        }
        return new TextCnnModel(words, vocabulary, 48, BINARY, emb, List.of(unigrams, trigrams), out,
                new float[] {0.2f, 0});
    }

    /**
     * A dense head over all-MiniLM-L6-v2's CLS and mean blocks (768 inputs, standardised with mean 0 and std 0.2),
     * seeded random weights: the encoder-backed kind without training a network.
     */
    public static DenseHead encoderHead(long seed) {
        var rnd = new Random(seed);
        int inputs = 2 * 384;
        float[] mean = new float[inputs];
        float[] std = new float[inputs];
        Arrays.fill(std, 0.2f);
        float[][] w = new float[inputs][2];
        for (float[] row : w) {
            row[0] = (float) (rnd.nextGaussian() * 0.05);
            row[1] = (float) (rnd.nextGaussian() * 0.05);
        }
        return new DenseHead(BINARY, mean, std, List.of(new DenseHead.Layer(w, new float[] {0, 0})));
    }

    /** Registers {@code head} as the next version of {@code name}, of the encoder kind over all-MiniLM-L6-v2. */
    public static ModelRegistry.VerifiedModel registerEncoderHead(ModelRegistry registry, String name,
            DenseHead head) {
        return registry.write(new ModelRegistry.Draft(name, EncoderSentimentModel.KIND, Map.of(), Map.of("encoder",
                PretrainedEncoder.MINILM_L6.id(), "maxTokens", 64, "pooling", List.of("cls", "mean")), Map.of()),
                head::writeTo);
    }

    /** Registers {@code model} as the next version of {@code name}. */
    public static ModelRegistry.VerifiedModel register(ModelRegistry registry, String name,
            LinearSentimentModel model) {
        return registry.write(new ModelRegistry.Draft(name, LinearSentimentModel.KIND, Map.of(), Map.of(), Map.of()),
                model::writeTo);
    }

    /** Registers {@code model} as the next version of {@code name}. */
    public static ModelRegistry.VerifiedModel register(ModelRegistry registry, String name, TextCnnModel model) {
        return registry.write(new ModelRegistry.Draft(name, TextCnnModel.KIND, Map.of(), Map.of(), Map.of()),
                model::writeTo);
    }
}
