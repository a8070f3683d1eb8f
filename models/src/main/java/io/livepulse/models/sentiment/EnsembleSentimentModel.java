package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A weighted average of the class probabilities of registered sentiment models of one corpus (kind
 * {@value #KIND}): the pre-trained-encoder model with the text CNN and/or the TF-IDF logistic regression, weights
 * chosen on the validation cut. Payload {@value #PAYLOAD}: one line per member, {@code name version weight}, and
 * optionally a line {@code temperature T}: the weighted mean is then rescaled as logits / T (temperature scaling:
 * {@code softmax(log p / T)}; the top class does not change). The members are read from the same registry through {@link SentimentModels#load}, verified like any model. An ensemble
 * is not a member of another. Closing it closes its members.
 */
public final class EnsembleSentimentModel implements SentimentModel {
    public static final String KIND = "sentiment-ensemble/1";
    public static final String PAYLOAD = "ensemble.txt";

    /** One member: a registry version and its weight. */
    public record Member(String name, int version, double weight) {}

    private final ModelManifest manifest;
    private final List<Member> members;
    private final List<SentimentModel> models;
    private final SentimentLabel[] classes;
    private final double temperature;

    EnsembleSentimentModel(ModelManifest manifest, List<Member> members, List<SentimentModel> models) {
        this(manifest, members, models, 1.0);
    }

    EnsembleSentimentModel(ModelManifest manifest, List<Member> members, List<SentimentModel> models,
            double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        if (members.isEmpty() || members.size() != models.size()) {
            throw new IllegalArgumentException("An ensemble needs >= 1 member and one model per member, got "
                    + members.size() + " members and " + models.size() + " models");
        }
        for (SentimentModel m : models) {
            if (!m.classes().equals(models.get(0).classes())) {
                throw new IllegalArgumentException("Ensemble members disagree on classes: " + models.get(0).classes()
                        + " vs " + m.classes());
            }
        }
        this.manifest = manifest;
        this.members = List.copyOf(members);
        this.models = List.copyOf(models);
        this.classes = models.get(0).classes().toArray(SentimentLabel[]::new);
        this.temperature = temperature;
    }

    /**
     * Reads a verified ensemble version and loads its members from {@code registry}.
     *
     * @throws RegistryException if the payload is malformed or a member does not load (members loaded so far are
     *     closed)
     */
    public static EnsembleSentimentModel load(ModelRegistry registry, ModelRegistry.VerifiedModel model) {
        var manifest = model.manifest();
        if (!KIND.equals(manifest.kind())) {
            throw new RegistryException(manifest.name() + " is of kind " + manifest.kind() + ", not " + KIND);
        }
        var members = new ArrayList<Member>();
        double temperature = 1.0;
        try {
            for (String line : Files.readAllLines(model.file(PAYLOAD), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.strip().split(" ");
                if (f[0].equals("temperature") && f.length == 2) {
                    temperature = Double.parseDouble(f[1]);
                    continue;
                }
                members.add(new Member(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2])));
            }
        } catch (IOException | RuntimeException e) {
            throw new RegistryException(model.file(PAYLOAD) + ": malformed ensemble payload (" + e.getMessage() + ")",
                    e);
        }
        var models = new ArrayList<SentimentModel>();
        try {
            for (Member m : members) {
                var version = registry.load(m.name(), m.version());
                if (KIND.equals(version.manifest().kind())) {
                    throw new RegistryException(manifest.name() + " v" + manifest.version() + ": member " + m.name()
                            + " v" + m.version() + " is itself an ensemble");
                }
                models.add(SentimentModels.load(registry, version));
            }
            return new EnsembleSentimentModel(manifest, members, models, temperature);
        } catch (RuntimeException e) {
            models.forEach(SentimentModel::close);
            throw e instanceof RegistryException r ? r : new RegistryException(manifest.name() + " v"
                    + manifest.version() + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@value #PAYLOAD} into a registry version directory being built. */
    public static void write(List<Member> members, Path dir) throws IOException {
        write(members, 1.0, dir);
    }

    /**
     * Writes {@value #PAYLOAD} with a temperature (1 = none) into a registry version directory being built. Weights
     * are written with four decimals: give weights that have no more.
     */
    public static void write(List<Member> members, double temperature, Path dir) throws IOException {
        var lines = new ArrayList<>(members.stream().map(m -> String.format(Locale.ROOT, "%s %d %.4f", m.name(),
                m.version(), m.weight())).toList());
        if (temperature != 1.0) {
            lines.add("temperature " + temperature);
        }
        Files.write(dir.resolve(PAYLOAD), lines, StandardCharsets.UTF_8);
    }

    /** The temperature the weighted mean is rescaled with (1 = none). */
    public double temperature() {
        return temperature;
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    public List<Member> members() {
        return members;
    }

    @Override
    public List<SentimentLabel> classes() {
        return List.of(classes);
    }

    /** Weighted mean of the members' class probabilities (members of weight 0 are not run). */
    @Override
    public double[] probabilities(String text) {
        double[] p = new double[classes.length];
        for (int i = 0; i < members.size(); i++) {
            double w = members.get(i).weight();
            if (w == 0) {
                continue;
            }
            double[] q = models.get(i).probabilities(text);
            for (int k = 0; k < p.length; k++) {
                p[k] += w * q[k];
            }
        }
        if (temperature == 1.0) {
            return p;
        }
        double[] logits = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            logits[k] = Math.log(Math.max(p[k], 1e-300)) / temperature;
        }
        return ClassProbabilities.softmax(logits);
    }

    @Override
    public Sentiment score(String text) {
        return ClassProbabilities.sentiment(classes, probabilities(text));
    }

    /** The tokens of every member that runs (weight above 0). */
    @Override
    public int tokenCount(String text) {
        int n = 0;
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).weight() != 0) {
                n += models.get(i).tokenCount(text);
            }
        }
        return n;
    }

    @Override
    public boolean runsEncoder() {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).weight() != 0 && models.get(i).runsEncoder()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        models.forEach(SentimentModel::close);
    }
}
