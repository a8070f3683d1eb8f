package io.livepulse.training.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;

import io.livepulse.models.privacy.ErasureList;
import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.registry.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALS trained from LivePulse's own offline features: the streaming job's {@code watch_sessions} give the (user,
 * room) pairs watched before the as-of time T, {@link PointInTimeTrainingSet} joins each with the newest
 * {@code user_room_features} row computed from events before T (later rows, leaks, are excluded, and the set is
 * checked), and the confidence comes from W and I: {@code r = ln(1 + W minutes) * (1 + ln(1 + I))}, I being
 * interactions per minute watched ({@code interactionsPerMinute}: interactions / max(W, 1 minute)).
 */
final class FeatureTraining {
    static final String NAME = "recommender-als-features";
    static final String SESSIONS = "watch_sessions";
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    /**
     * One run.
     *
     * @param parquetRoot the directory holding the tables ({@code <data.dir>/parquet})
     * @param asOfMs the label time T (epoch ms); empty = just after the newest feature row
     * @param als ALS parameters (the weighting field is not used: the rating is the W/I formula above)
     * @param erased pseudonyms of erased users ({@link ErasureList}): their rows are left out even if a Parquet file
     *     still holds them
     */
    record Job(Path parquetRoot, OptionalLong asOfMs, AlsParams als, Set<String> erased) {
        Job(Path parquetRoot, OptionalLong asOfMs, AlsParams als) {
            this(parquetRoot, asOfMs, als, Set.of());
        }
    }

    /**
     * What a run produced.
     *
     * @param asOfMs the label time used
     * @param pairs (user, room) training rows with point-in-time features
     * @param withoutFeatures watched pairs dropped because no feature row before T exists
     */
    record Outcome(AlsFactors factors, long asOfMs, long pairs, long withoutFeatures, ModelRegistry.VerifiedModel entry) {}

    private final SparkSession spark;
    private final ModelRegistry registry;

    FeatureTraining(SparkSession spark, ModelRegistry registry) {
        this.spark = spark;
        this.registry = registry;
    }

    /** Load: one table under the root, with a message saying what is missing. */
    Dataset<Row> table(Path root, String name) {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--features " + root + ": no table " + name + " (expected " + dir
                    + ", written by the streaming job under <data.dir>/parquet)");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith(".parquet"))) {
                throw new IllegalArgumentException("--features " + root + ": table " + name + " has no Parquet files"
                        + " under " + dir + " (has the streaming job committed a checkpoint yet?)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return spark.read().parquet(dir.toString());
    }

    /** Load: the rows of users not on the erasure list. */
    static Dataset<Row> withoutErased(Dataset<Row> rows, Set<String> erased) {
        return erased.isEmpty() ? rows : rows.filter(not(col("userId").isin(erased.toArray())));
    }

    /** Build: the labels, one per (user, room) with a session that ended before {@code asOfMs}, at time T. */
    static Dataset<Row> labels(Dataset<Row> sessions, long asOfMs) {
        return sessions.filter(col("endTimeMs").lt(asOfMs)).select("userId", "roomId").distinct()
                .withColumn(PointInTimeTrainingSet.LABEL_TIME, lit(asOfMs));
    }

    /** Build: the ALS rating from W and I of the point-in-time features. */
    static Dataset<Row> ratings(Dataset<Row> trainingSet) {
        return trainingSet.withColumn("rating", log1p(col("watchTimeMs").divide(60_000.0))
                .multiply(lit(1.0).plus(log1p(col("interactionsPerMinute")))));
    }

    Outcome run(Job job) {
        Dataset<Row> sessions = withoutErased(table(job.parquetRoot(), SESSIONS), job.erased());
        Dataset<Row> features = withoutErased(table(job.parquetRoot(), PointInTimeTrainingSet.TABLE), job.erased());
        long asOf = job.asOfMs().orElseGet(() -> {
            Row newest = features.agg(max("lastEventTimeMs")).first();
            if (newest.isNullAt(0)) {
                throw new IllegalArgumentException("--features " + job.parquetRoot() + ": " + PointInTimeTrainingSet.TABLE
                        + " is empty");
            }
            return newest.getLong(0) + 1;
        });
        CONSOLE.info("recommender: point-in-time training set as of {} from {}", Instant.ofEpochMilli(asOf),
                job.parquetRoot());
        Dataset<Row> set = PointInTimeTrainingSet.build(labels(sessions, asOf), features).cache();
        PointInTimeTrainingSet.check(set);
        long labelled = set.count();
        Dataset<Row> withFeatures = ratings(set.filter(col(PointInTimeTrainingSet.FEATURE_TIME).isNotNull())
                .filter(col("watchTimeMs").gt(0)));
        long pairs = withFeatures.count();
        if (pairs == 0) {
            throw new IllegalArgumentException("--features " + job.parquetRoot() + ": no (user, room) pair has features"
                    + " from before " + Instant.ofEpochMilli(asOf) + "; nothing to train on");
        }
        CONSOLE.info("recommender: {} watched pairs, {} with features before T; training ALS rank {} ...", labelled,
                pairs, job.als().rank());
        long t0 = System.nanoTime();
        StringIndexerModel users = new StringIndexer().setInputCol("userId").setOutputCol("user")
                .setStringOrderType("alphabetAsc").fit(withFeatures);
        StringIndexerModel rooms = new StringIndexer().setInputCol("roomId").setOutputCol("streamer")
                .setStringOrderType("alphabetAsc").fit(withFeatures);
        Dataset<Row> indexed = rooms.transform(users.transform(withFeatures))
                .select(col("user").cast("int"), col("streamer").cast("int"), col("rating"));
        ALSModel model = AlsTraining.recommender(job.als()).fit(indexed);
        String[] userIds = users.labelsArray()[0];
        String[] roomIds = rooms.labelsArray()[0];
        AlsFactors factors = AlsTraining.factors(model, u -> userIds[u], r -> roomIds[r]);
        double seconds = (System.nanoTime() - t0) / 1e9;
        set.unpersist();

        var data = new LinkedHashMap<String, Object>();
        data.put("source", job.parquetRoot().toAbsolutePath().toString());
        data.put("tables", PointInTimeTrainingSet.TABLE + ", " + SESSIONS);
        data.put("asOfMs", asOf);
        data.put("asOf", Instant.ofEpochMilli(asOf).toString());
        data.put("watchedPairs", labelled);
        data.put("pairsWithFeatures", pairs);
        data.put("erasedUsersLeftOut", job.erased().size());
        var params = new LinkedHashMap<String, Object>(job.als().asMap());
        params.remove("weighting");
        params.put("rating", "ln(1 + watchTimeMs / 60000) * (1 + ln(1 + interactionsPerMinute))");
        Map<String, Object> metrics = Map.of("trainSeconds", seconds, "users", factors.users(), "rooms",
                factors.items());
        var entry = registry.write(new ModelRegistry.Draft(NAME, AlsFactors.KIND, data, params, metrics),
                dir -> factors.write(dir.resolve(AlsFactors.FILE)));
        CONSOLE.info("recommender: wrote {} v{} ({} users, {} rooms, {}s)", NAME, entry.manifest().version(),
                factors.users(), factors.items(), Math.round(seconds));
        return new Outcome(factors, asOf, pairs, labelled - pairs, entry);
    }
}
