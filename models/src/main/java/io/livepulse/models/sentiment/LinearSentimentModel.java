package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A TF-IDF linear sentiment model in plain Java: hashed term counts times IDF, then either logistic regression
 * (binomial: one weight row and a sigmoid; multinomial: one row per class and a softmax) or multinomial naive
 * Bayes (log priors plus log likelihoods, softmax). It reproduces Spark MLlib's {@code IDFModel},
 * {@code LogisticRegressionModel} and {@code NaiveBayesModel} predictions from their exported numbers.
 *
 * <p>Payload: one file, {@value #PAYLOAD}, in a registry version of kind {@value #KIND}. Format version 1 (BASIC
 * normalisation) or 2 (the {@link ChatNormalizer.Level} is written after the tokenizer spec); both are read.
 * Calibrated models carry their temperature folded into the weights and intercepts (logits / T), so scoring needs
 * nothing extra and the predicted class is unchanged.
 *
 * <pre>{@code
 * var model = LinearSentimentModel.load(registry.latest("sentiment-zh-waimai-lr").orElseThrow());
 * Sentiment s = model.score("太难吃了，再也不点了");
 * }</pre>
 */
public final class LinearSentimentModel implements SentimentScorer {
    public static final String KIND = "sentiment-linear/1";
    public static final String PAYLOAD = "linear-model.bin";
    private static final int MAGIC = 0x4C505345; // "LPSE"

    /** How class scores are turned into probabilities. */
    public enum Algorithm {
        LOGISTIC,
        NAIVE_BAYES
    }

    private final TextVectorizer vectorizer;
    private final Algorithm algorithm;
    private final SentimentLabel[] classes;
    private final double neutralBand;
    private final double[] idf;
    private final double[][] weights;
    private final double[] intercepts;

    /**
     * @param classes the label of each class index (Spark's label 0, 1, ...)
     * @param neutralBand for two-class models: |score| below this is NEUTRAL
     * @param idf one IDF factor per feature
     * @param weights one row per class (a single row for binomial logistic regression), numFeatures columns
     * @param intercepts one per weight row (log priors for naive Bayes)
     */
    public LinearSentimentModel(TextVectorizer vectorizer, Algorithm algorithm, List<SentimentLabel> classes,
            double neutralBand, double[] idf, double[][] weights, double[] intercepts) {
        int d = vectorizer.numFeatures();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("A model needs at least two classes, got " + classes);
        }
        if (idf.length != d) {
            throw new IllegalArgumentException("idf has " + idf.length + " entries, numFeatures is " + d);
        }
        int rows = algorithm == Algorithm.LOGISTIC && classes.size() == 2 ? 1 : classes.size();
        if (weights.length != rows || intercepts.length != rows) {
            throw new IllegalArgumentException(algorithm + " with " + classes.size() + " classes needs " + rows
                    + " weight rows and intercepts, got " + weights.length + " and " + intercepts.length);
        }
        for (double[] row : weights) {
            if (row.length != d) {
                throw new IllegalArgumentException("weight row has " + row.length + " entries, numFeatures is " + d);
            }
        }
        this.vectorizer = vectorizer;
        this.algorithm = algorithm;
        this.classes = classes.toArray(SentimentLabel[]::new);
        this.neutralBand = neutralBand;
        this.idf = idf;
        this.weights = weights;
        this.intercepts = intercepts;
    }

    public TextVectorizer vectorizer() {
        return vectorizer;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public List<SentimentLabel> classes() {
        return List.of(classes);
    }

    /** Class probabilities, indexed like {@link #classes()}. */
    public double[] probabilities(TermCounts x) {
        if (algorithm == Algorithm.LOGISTIC && classes.length == 2) {
            double p1 = 1.0 / (1.0 + Math.exp(-margin(0, x)));
            return new double[] {1.0 - p1, p1};
        }
        double[] m = new double[classes.length];
        for (int k = 0; k < m.length; k++) {
            m[k] = margin(k, x);
        }
        return ClassProbabilities.softmax(m);
    }

    /** Class probabilities of a raw text, indexed like {@link #classes()}. */
    public double[] probabilities(String text) {
        return probabilities(vectorizer.vectorize(text));
    }

    /**
     * This model with every margin divided by {@code temperature} (temperature scaling): probabilities become
     * softer ({@code > 1}) or sharper ({@code < 1}); the predicted class does not change.
     */
    public LinearSentimentModel withTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        double[][] w = new double[weights.length][];
        double[] b = new double[intercepts.length];
        for (int r = 0; r < weights.length; r++) {
            w[r] = weights[r].clone();
            for (int j = 0; j < w[r].length; j++) {
                w[r][j] /= temperature;
            }
            b[r] = intercepts[r] / temperature;
        }
        return new LinearSentimentModel(vectorizer, algorithm, List.of(classes), neutralBand, idf, w, b);
    }

    /** The predicted class index, exactly as Spark decides it (binomial: margin > 0; else first maximum). */
    public int predictIndex(TermCounts x) {
        if (algorithm == Algorithm.LOGISTIC && classes.length == 2) {
            return margin(0, x) > 0 ? 1 : 0;
        }
        int best = 0;
        double bestMargin = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes.length; k++) {
            double m = margin(k, x);
            if (m > bestMargin) {
                bestMargin = m;
                best = k;
            }
        }
        return best;
    }

    public int predictIndex(String text) {
        return predictIndex(vectorizer.vectorize(text));
    }

    @Override
    public Sentiment score(String text) {
        var x = vectorizer.vectorize(text);
        double score = ClassProbabilities.polarity(classes, probabilities(x));
        SentimentLabel label = classes[predictIndex(x)];
        if (classes.length == 2 && Math.abs(score) < neutralBand) {
            label = SentimentLabel.NEUTRAL;
        }
        return new Sentiment(label, score);
    }

    private double margin(int row, TermCounts x) {
        double[] w = weights[row];
        double m = intercepts[row];
        int[] idx = x.indices();
        double[] c = x.counts();
        for (int i = 0; i < idx.length; i++) {
            m += w[idx[i]] * c[i] * idf[idx[i]];
        }
        return m;
    }

    /** Writes the payload file into a registry version directory being built. */
    public void writeTo(Path dir) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PAYLOAD)),
                1 << 16))) {
            out.writeInt(MAGIC);
            boolean basic = vectorizer.normalization() == ChatNormalizer.Level.BASIC;
            out.writeInt(basic ? 1 : 2);
            out.writeUTF(vectorizer.tokenizer().spec());
            if (!basic) {
                out.writeUTF(vectorizer.normalization().name());
            }
            out.writeInt(vectorizer.numFeatures());
            out.writeUTF(algorithm.name());
            out.writeInt(classes.length);
            for (SentimentLabel c : classes) {
                out.writeUTF(c.name());
            }
            out.writeDouble(neutralBand);
            writeArray(out, idf);
            out.writeInt(weights.length);
            for (int r = 0; r < weights.length; r++) {
                writeArray(out, weights[r]);
                out.writeDouble(intercepts[r]);
            }
        }
    }

    /**
     * Reads a verified registry version.
     *
     * @throws RegistryException if its kind is not {@value #KIND} or the payload is malformed
     */
    public static LinearSentimentModel load(ModelRegistry.VerifiedModel model) {
        var m = model.manifest();
        if (!KIND.equals(m.kind())) {
            throw new RegistryException(m.name() + " v" + m.version() + " is of kind " + m.kind() + ", not " + KIND);
        }
        Path file = model.file(PAYLOAD);
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int format = in.readInt() == MAGIC ? in.readInt() : -1;
            if (format != 1 && format != 2) {
                throw new RegistryException(file + " is not a version-1 or -2 linear sentiment payload");
            }
            var tokenizer = Tokenizer.fromSpec(in.readUTF());
            var level = format == 1 ? ChatNormalizer.Level.BASIC : ChatNormalizer.Level.valueOf(in.readUTF());
            var vectorizer = new TextVectorizer(tokenizer, in.readInt(), level);
            var algorithm = Algorithm.valueOf(in.readUTF());
            int k = in.readInt();
            var classes = new SentimentLabel[k];
            for (int i = 0; i < k; i++) {
                classes[i] = SentimentLabel.valueOf(in.readUTF());
            }
            double band = in.readDouble();
            double[] idf = readArray(in, vectorizer.numFeatures());
            int rows = in.readInt();
            double[][] weights = new double[rows][];
            double[] intercepts = new double[rows];
            for (int r = 0; r < rows; r++) {
                weights[r] = readArray(in, vectorizer.numFeatures());
                intercepts[r] = in.readDouble();
            }
            return new LinearSentimentModel(vectorizer, algorithm, Arrays.asList(classes), band, idf, weights,
                    intercepts);
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException(file + ": malformed linear sentiment payload (" + e.getMessage() + ")", e);
        }
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readArray(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IOException("array of " + n + " values where " + expected + " were expected");
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
