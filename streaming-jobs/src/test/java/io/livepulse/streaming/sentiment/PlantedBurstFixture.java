package io.livepulse.streaming.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.SentimentLabel;
import io.livepulse.models.sentiment.TermCounts;
import io.livepulse.models.sentiment.TextVectorizer;
import io.livepulse.models.sentiment.Tokenizer;
import io.livepulse.models.sentiment.Language;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Replayed corpus text with planted negative bursts. waimai_10k is shuffled (seed 42) and cut 80/20: a naive
 * Bayes model is counted in plain Java from the 80 % and registered; chat is drawn from the other 20 %, which
 * the model never saw. Quiet minutes draw a negative review with probability {@link #QUIET_NEGATIVE}, burst
 * minutes with {@link #BURST_NEGATIVE}.
 */
final class PlantedBurstFixture {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final long MIN = 60_000L;
    static final double QUIET_NEGATIVE = 0.15;
    static final double BURST_NEGATIVE = 0.8;

    /** A planted burst: room and first minute, lasting {@code minutes}. */
    record Burst(String roomId, int startMinute, int minutes) implements Serializable {
        long startMs() {
            return T0 + startMinute * MIN;
        }

        boolean covers(String room, long windowStartMs) {
            return room.equals(roomId) && windowStartMs >= startMs() && windowStartMs < startMs() + minutes * MIN;
        }
    }

    /** One chat line of the replay. */
    record Line(String roomId, long eventTimeMs, String text) implements Serializable {}

    final List<String> positives = new ArrayList<>();
    final List<String> negatives = new ArrayList<>();
    final List<String[]> train = new ArrayList<>();

    PlantedBurstFixture(Path sharedData) throws IOException {
        var lines = Files.readAllLines(sharedData.resolve("waimai_10k/waimai_10k.csv"), StandardCharsets.UTF_8);
        var rows = new ArrayList<String[]>();
        for (String l : lines.subList(1, lines.size())) {
            int comma = l.indexOf(',');
            String text = l.substring(comma + 1).replace("\"", "").strip();
            if (!text.isEmpty()) {
                rows.add(new String[] {l.substring(0, comma), text});
            }
        }
        Collections.shuffle(rows, new Random(42));
        int cut = rows.size() * 4 / 5;
        train.addAll(rows.subList(0, cut));
        for (String[] r : rows.subList(cut, rows.size())) {
            (r[0].equals("1") ? positives : negatives).add(r[1]);
        }
    }

    /** Multinomial naive Bayes over character 1-2-grams, counted from the training rows, Laplace smoothing. */
    void registerModel(ModelRegistry registry, String name) {
        registerModel(registry, name, false);
    }

    /**
     * As {@link #registerModel(ModelRegistry, String)}; {@code inverted} swaps the class labels, so the model calls
     * negative what the plain one calls positive (a new version that visibly changes every prediction).
     */
    void registerModel(ModelRegistry registry, String name, boolean inverted) {
        int d = 1 << 16;
        var vectorizer = new TextVectorizer(Tokenizer.forLanguage(Language.ZH), d);
        double[][] counts = new double[2][d];
        double[] totals = new double[2];
        double[] docs = new double[2];
        for (String[] r : train) {
            int y = Integer.parseInt(r[0]);
            TermCounts x = vectorizer.vectorize(r[1]);
            for (int i = 0; i < x.size(); i++) {
                counts[y][x.indices()[i]] += x.counts()[i];
                totals[y] += x.counts()[i];
            }
            docs[y]++;
        }
        double[][] theta = new double[2][d];
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < d; j++) {
                theta[k][j] = Math.log((counts[k][j] + 1) / (totals[k] + d));
            }
        }
        double[] pi = {Math.log(docs[0] / train.size()), Math.log(docs[1] / train.size())};
        double[] idf = new double[d];
        Arrays.fill(idf, 1.0);
        var model = new LinearSentimentModel(vectorizer, LinearSentimentModel.Algorithm.NAIVE_BAYES,
                inverted ? List.of(SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE)
                        : List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE), 0.0, idf, theta, pi);
        registry.write(new ModelRegistry.Draft(name, LinearSentimentModel.KIND,
                Map.of("corpora", List.of("waimai_10k (test fixture, seed 42 80 %)")), Map.of(), Map.of()),
                model::writeTo);
    }

    /** Every room sends {@code perMinute} messages each minute for {@code minutes}; sorted by event time. */
    List<Line> replay(int rooms, int minutes, int perMinute, List<Burst> bursts, long seed) {
        var rnd = new Random(seed);
        var out = new ArrayList<Line>();
        for (int m = 0; m < minutes; m++) {
            for (int r = 0; r < rooms; r++) {
                String room = "room-" + r;
                long start = T0 + m * MIN;
                boolean burst = bursts.stream().anyMatch(b -> b.covers(room, start));
                double pNeg = burst ? BURST_NEGATIVE : QUIET_NEGATIVE;
                for (int i = 0; i < perMinute; i++) {
                    var pool = rnd.nextDouble() < pNeg ? negatives : positives;
                    out.add(new Line(room, start + rnd.nextInt((int) MIN), pool.get(rnd.nextInt(pool.size()))));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.eventTimeMs(), b.eventTimeMs()));
        return out;
    }
}
