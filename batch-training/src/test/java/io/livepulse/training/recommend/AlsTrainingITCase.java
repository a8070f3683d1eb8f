package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.training.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AlsTrainingITCase {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void exportedScorerFromTheRegistryGivesSparksPredictions(@TempDir Path dir) {
        ViewingLog log = SimulatedLog.of(SimulationConfig.twitch100k(3L).withUsers(400).withStreamers(650),
                dir.resolve("100k.csv")).log();
        LiveSplit split = LiveSplit.of(log);
        List<Feedback> feedback = Feedback.of(log, split);
        var p = new AlsParams(Feedback.Weighting.LOG_W_TIMES_I, 8, 0.1, 10, 5, 1L);
        ALSModel model = AlsTraining.recommender(p).fit(AlsTraining.feedback(SPARK.session(), feedback, p.weighting()));

        var registry = new ModelRegistry(dir.resolve("models"));
        AlsFactors exported = AlsTraining.factors(model, log);
        registry.write(new ModelRegistry.Draft("recommender-als", AlsFactors.KIND, Map.of(), p.asMap(), Map.of()),
                d -> exported.write(d.resolve(AlsFactors.FILE)));
        AlsFactors served = AlsFactors.load(registry.latest("recommender-als").orElseThrow());

        List<Row> predictions = model.transform(AlsTraining.feedback(SPARK.session(), feedback.subList(0, 300), p.weighting()))
                .select("user", "streamer", "prediction").collectAsList();
        assertThat(predictions).hasSize(300);
        for (Row r : predictions) {
            double[] scores = new double[1];
            served.score(log.userId(r.getInt(0)), List.of(), new String[] {log.streamerName(r.getInt(1))}, scores);
            double score = scores[0];
            assertThat(score).isCloseTo(r.getFloat(2), within(1e-4));
        }
        assertThat(served.users()).isEqualTo((int) feedback.stream().mapToInt(Feedback::user).distinct().count());
    }

    /** Each task gets one compact slice of the driver's feedback, not Java-serialized rows of the whole table. */
    @Test
    void feedbackTableShipsEachTaskASliceUnderSparksLargeTaskWarning() throws Exception {
        var feedback = new ArrayList<Feedback>();
        for (int i = 0; i < 100_000; i++) {
            feedback.add(new Feedback(i % 7_919, i % 613, 1 + i % 50, 1 + i % 4));
        }
        var weighting = Feedback.Weighting.LOG_W;

        var table = AlsTraining.feedback(SPARK.session(), feedback, weighting);

        assertThat(table.rdd().getNumPartitions()).isEqualTo(4); // ceil(100,000 / 32,768)
        List<Row> rows = table.collectAsList();
        assertThat(rows).hasSize(feedback.size());
        for (int i = 0; i < feedback.size(); i += 997) {
            Feedback f = feedback.get(i);
            assertThat(rows.get(i).getInt(0)).isEqualTo(f.user());
            assertThat(rows.get(i).getInt(1)).isEqualTo(f.streamer());
            assertThat(rows.get(i).getDouble(2)).isEqualTo(weighting.rating(f));
        }
        for (var slice : AlsTraining.slices(feedback, weighting)) {
            var bytes = new ByteArrayOutputStream();
            try (var out = new ObjectOutputStream(bytes)) {
                out.writeObject(slice);
            }
            assertThat(bytes.size()).isLessThan(1000 * 1024); // spark.scheduler TaskSetManager's warning threshold
        }
    }

    @Test
    void weightingsTurnWAndIIntoDifferentRatings() {
        var f = new Feedback(0, 0, 12, 3);
        assertThat(Feedback.Weighting.LOG_W.rating(f)).isCloseTo(Math.log(13), within(1e-12));
        assertThat(Feedback.Weighting.SESSIONS.rating(f)).isEqualTo(3.0);
        assertThat(Feedback.Weighting.LOG_W_TIMES_I.rating(f)).isCloseTo(Math.log(13) * (1 + Math.log(3)),
                within(1e-12));
    }
}
