package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.EnsembleSentimentModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ensemble kind ({@code sentiment-<zh|en>-3c-ens}): a weighted mean of the calibrated probabilities of the
 * candidates trained before it in the same run (their registered versions are its members), weights on a simplex
 * grid of step {@code 1/steps} chosen by the validation chatScore; exported as kind
 * {@value EnsembleSentimentModel#KIND} with its own temperature. It trains on nothing itself: its members used the
 * two-class corpora as their kinds document.
 */
final class ThreeClassEnsemble implements ThreeClassKind {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final int steps;

    ThreeClassEnsemble(int steps) {
        this.steps = steps;
    }

    @Override
    public String suffix() {
        return "ens";
    }

    @Override
    public boolean expensive() {
        return true;
    }

    @Override
    public Trained train(ThreeClassExperiment.TrainingData data, List<ThreeClassExperiment.Candidate> earlier)
            throws IOException {
        var members = earlier.stream().filter(c -> c.version() > 0).toList();
        if (members.size() < 2) {
            throw new IllegalArgumentException("The ensemble needs at least two registered candidates trained before"
                    + " it in the same run, got " + earlier.stream().map(c -> c.name()).toList());
        }
        var perMember = new ArrayList<List<double[][]>>();
        for (var m : members) {
            var parts = new ArrayList<double[][]>();
            for (var v : data.validation()) {
                parts.add(m.calibrated(v));
            }
            perMember.add(parts);
        }
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double[] w : EnsembleWeights.simplex(members.size(), steps)) {
            var mixed = new ArrayList<double[][]>();
            for (int p = 0; p < data.validation().size(); p++) {
                int part = p;
                mixed.add(mix(perMember.stream().map(l -> l.get(part)).toList(), w));
            }
            double score = ThreeClassExperiment.selectionScore(data.validation(), mixed);
            if (score > bestScore + 1e-12) {
                bestScore = score;
                best = w;
            }
        }
        double[] weights = best;
        var names = members.stream().map(m -> m.name() + " v" + m.version()).toList();
        CONSOLE.info("{}: weights {} for {} (validation chatScore {})", ThreeClassKind.modelName(data.language(),
                suffix()), Arrays.toString(weights), names, bestScore);
        var learned = new LinkedHashMap<String, Object>();
        var memberList = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < members.size(); i++) {
            memberList.add(Map.of("name", members.get(i).name(), "version", members.get(i).version(), "weight",
                    weights[i]));
        }
        learned.put("members", memberList);
        learned.put("weightGrid", "simplex, step 1/" + steps + ", best validation chatScore");
        int trainExamples = members.stream().mapToInt(m -> m.trained().trainExamples()).max().orElse(0);
        return new Trained() {
            @Override
            public double[][] probabilities(ThreeClassExperiment.Part part) throws IOException {
                var each = new ArrayList<double[][]>();
                for (int i = 0; i < members.size(); i++) {
                    each.add(weights[i] == 0 ? null : members.get(i).calibrated(part));
                }
                return mix(each, weights);
            }

            @Override
            public Map<String, Object> params() {
                return learned;
            }

            @Override
            public String combination() {
                return "its members' (each kind's own combination)";
            }

            @Override
            public int trainExamples() {
                return trainExamples;
            }

            @Override
            public Export export(double temperature) {
                var list = new ArrayList<EnsembleSentimentModel.Member>();
                for (int i = 0; i < members.size(); i++) {
                    list.add(new EnsembleSentimentModel.Member(members.get(i).name(), members.get(i).version(),
                            weights[i]));
                }
                return new Export(EnsembleSentimentModel.KIND, dir -> EnsembleSentimentModel.write(list, temperature,
                        dir));
            }
        };
    }

    /** The weighted mean of the members' probabilities (a member of weight 0 may be null). */
    static double[][] mix(List<double[][]> members, double[] weights) {
        int n = -1;
        for (double[][] m : members) {
            if (m != null) {
                n = m.length;
            }
        }
        double[][] out = new double[n][3];
        for (int i = 0; i < members.size(); i++) {
            if (weights[i] == 0) {
                continue;
            }
            double[][] m = members.get(i);
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < 3; k++) {
                    out[r][k] += weights[i] * m[r][k];
                }
            }
        }
        return out;
    }
}
