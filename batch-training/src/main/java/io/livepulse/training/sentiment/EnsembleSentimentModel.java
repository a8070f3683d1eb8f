package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.Sentiment;
import io.livepulse.models.sentiment.SentimentLabel;
import io.livepulse.models.sentiment.SentimentScorer;
import io.livepulse.models.sentiment.TextCnnModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A weighted average of the class probabilities of registered sentiment models of one corpus (kind
 * {@value #KIND}): the pre-trained-encoder model with the text CNN and/or the TF-IDF logistic regression, weights
 * chosen on the validation cut. Payload {@value #PAYLOAD}: one line per member, {@code name version weight}; the
 * members are loaded from the same registry and verified like any model.
 */
public final class EnsembleSentimentModel implements SentimentScorer, AutoCloseable {
    public static final String KIND = "sentiment-ensemble/1";
    public static final String PAYLOAD = "ensemble.txt";

    /** One member: a registry version and its weight. */
    public record Member(String name, int version, double weight) {}

    private final List<Member> members;
    private final List<Function<String, double[]>> probabilities;
    private final List<SentimentLabel> classes;
    private final List<AutoCloseable> resources;

    EnsembleSentimentModel(List<Member> members, List<Function<String, double[]>> probabilities,
            List<SentimentLabel> classes, List<AutoCloseable> resources) {
        if (members.isEmpty() || members.size() != probabilities.size()) {
            throw new IllegalArgumentException("An ensemble needs >= 1 member and one scorer per member");
        }
        this.members = List.copyOf(members);
        this.probabilities = List.copyOf(probabilities);
        this.classes = List.copyOf(classes);
        this.resources = List.copyOf(resources);
    }

    public List<Member> members() {
        return members;
    }

    /** The probability function of one registered member (linear, text CNN or encoder model) and its classes. */
    record Scorer(Function<String, double[]> probabilities, List<SentimentLabel> classes, AutoCloseable resource) {}

    static Scorer scorer(ModelRegistry.VerifiedModel v) {
        String kind = v.manifest().kind();
        if (LinearSentimentModel.KIND.equals(kind)) {
            var m = LinearSentimentModel.load(v);
            return new Scorer(t -> m.probabilities(m.vectorizer().vectorize(t)), m.classes(), () -> {});
        }
        if (TextCnnModel.KIND.equals(kind)) {
            var m = TextCnnModel.load(v);
            return new Scorer(m::probabilities, m.classes(), () -> {});
        }
        if (EncoderSentimentModel.KIND.equals(kind)) {
            var m = EncoderSentimentModel.load(v);
            return new Scorer(m::probabilities, m.head().classes(), m);
        }
        if (TokenCnnSentimentModel.KIND.equals(kind)) {
            var m = TokenCnnSentimentModel.load(v);
            return new Scorer(m::probabilities, m.head().classes(), m);
        }
        throw new RegistryException(v.manifest().name() + " v" + v.manifest().version() + " is of kind " + kind
                + ", which an ensemble cannot use");
    }

    /** Reads a verified ensemble version and loads its members from {@code registry}. */
    public static EnsembleSentimentModel load(ModelRegistry registry, ModelRegistry.VerifiedModel model) {
        if (!KIND.equals(model.manifest().kind())) {
            throw new RegistryException(model.manifest().name() + " is of kind " + model.manifest().kind() + ", not "
                    + KIND);
        }
        var members = new ArrayList<Member>();
        try {
            for (String line : Files.readAllLines(model.file(PAYLOAD), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.strip().split(" ");
                members.add(new Member(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2])));
            }
        } catch (IOException | RuntimeException e) {
            throw new RegistryException(model.file(PAYLOAD) + ": malformed ensemble payload (" + e.getMessage() + ")",
                    e);
        }
        var fns = new ArrayList<Function<String, double[]>>();
        var resources = new ArrayList<AutoCloseable>();
        List<SentimentLabel> classes = null;
        for (Member m : members) {
            var s = scorer(registry.load(m.name(), m.version()));
            if (classes != null && !classes.equals(s.classes())) {
                throw new RegistryException("Ensemble members disagree on classes: " + classes + " vs " + s.classes());
            }
            classes = s.classes();
            fns.add(s.probabilities());
            resources.add(s.resource());
        }
        return new EnsembleSentimentModel(members, fns, classes, resources);
    }

    static void write(List<Member> members, Path dir) throws IOException {
        var lines = members.stream().map(m -> String.format(Locale.ROOT, "%s %d %.4f", m.name(), m.version(),
                m.weight())).toList();
        Files.write(dir.resolve(PAYLOAD), lines, StandardCharsets.UTF_8);
    }

    /** Weighted mean of the members' class probabilities. */
    public double[] probabilities(String text) {
        double[] p = new double[classes.size()];
        for (int i = 0; i < members.size(); i++) {
            double w = members.get(i).weight();
            if (w == 0) {
                continue;
            }
            double[] q = probabilities.get(i).apply(text);
            for (int k = 0; k < p.length; k++) {
                p[k] += w * q[k];
            }
        }
        return p;
    }

    @Override
    public Sentiment score(String text) {
        double[] p = probabilities(text);
        int best = 0;
        double score = 0;
        for (int k = 0; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
            score += classes.get(k) == SentimentLabel.POSITIVE ? p[k] : classes.get(k) == SentimentLabel.NEGATIVE
                    ? -p[k] : 0;
        }
        return new Sentiment(classes.get(best), Math.max(-1, Math.min(1, score)));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }
}
