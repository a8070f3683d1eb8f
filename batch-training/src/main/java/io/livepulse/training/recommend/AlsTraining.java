package io.livepulse.training.recommend;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.ViewingLog;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Implicit-feedback ALS (Spark MLlib) on W/I-weighted feedback, exported as {@link AlsFactors} so that serving
 * and evaluation score with the same plain-Java dot product.
 */
final class AlsTraining {
    static final StructType FEEDBACK = new StructType()
            .add("user", DataTypes.IntegerType, false)
            .add("streamer", DataTypes.IntegerType, false)
            .add("rating", DataTypes.DoubleType, false);

    private AlsTraining() {}

    /**
     * Rows of feedback per Spark task: 16 bytes a row in a {@link FeedbackSlice}, so a task carries about 512 KiB,
     * under the 1000 KiB at which Spark warns of a "task of very large size".
     */
    static final int ROWS_PER_TASK = 32_768;

    /**
     * Load: the feedback table with the rating of {@code weighting}, in slices of {@link #ROWS_PER_TASK} rows.
     * The table is built on the driver; {@code createDataFrame(List<Row>)} would put every row into the plan and
     * ship each task its share of them as Java-serialized rows (several MB a task for the demo's log, with Spark's
     * warning). Each task gets one compact slice instead.
     */
    static Dataset<Row> feedback(SparkSession spark, List<Feedback> feedback, Feedback.Weighting weighting) {
        var slices = slices(feedback, weighting);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(slices, Math.max(1, slices.size()))
                .flatMap(FeedbackSlice::rows);
        return spark.createDataFrame(rows, FEEDBACK);
    }

    static List<FeedbackSlice> slices(List<Feedback> feedback, Feedback.Weighting weighting) {
        var slices = new ArrayList<FeedbackSlice>();
        for (int from = 0; from < feedback.size(); from += ROWS_PER_TASK) {
            slices.add(FeedbackSlice.of(feedback.subList(from, Math.min(feedback.size(), from + ROWS_PER_TASK)),
                    weighting));
        }
        return slices;
    }

    /** Feedback rows as primitive columns: what one task of {@link #feedback} receives. */
    record FeedbackSlice(int[] users, int[] streamers, double[] ratings) implements Serializable {
        static FeedbackSlice of(List<Feedback> feedback, Feedback.Weighting weighting) {
            int n = feedback.size();
            var slice = new FeedbackSlice(new int[n], new int[n], new double[n]);
            for (int i = 0; i < n; i++) {
                Feedback f = feedback.get(i);
                slice.users[i] = f.user();
                slice.streamers[i] = f.streamer();
                slice.ratings[i] = weighting.rating(f);
            }
            return slice;
        }

        Iterator<Row> rows() {
            var rows = new ArrayList<Row>(users.length);
            for (int i = 0; i < users.length; i++) {
                rows.add(RowFactory.create(users[i], streamers[i], ratings[i]));
            }
            return rows.iterator();
        }
    }

    /** Build: the estimator, a pure function of the parameters. */
    static ALS recommender(AlsParams p) {
        return new ALS().setImplicitPrefs(true).setRank(p.rank()).setRegParam(p.regParam()).setAlpha(p.alpha())
                .setMaxIter(p.iterations()).setSeed(p.seed())
                .setUserCol("user").setItemCol("streamer").setRatingCol("rating")
                .setColdStartStrategy("nan");
    }

    /** Export: the fitted factors, keyed by the log's user ids and streamer names. */
    static AlsFactors factors(ALSModel model, ViewingLog log) {
        return factors(model, log::userId, log::streamerName);
    }

    /** Export: the fitted factors, with ALS's integer ids turned back into user and item ids. */
    static AlsFactors factors(ALSModel model, java.util.function.IntFunction<String> userName,
            java.util.function.IntFunction<String> itemName) {
        int rank = model.rank();
        List<Row> users = model.userFactors().collectAsList();
        List<Row> items = model.itemFactors().collectAsList();
        String[] userIds = new String[users.size()];
        float[] uf = new float[users.size() * rank];
        copy(users, rank, userIds, uf, userName);
        String[] itemIds = new String[items.size()];
        float[] itf = new float[items.size() * rank];
        copy(items, rank, itemIds, itf, itemName);
        return new AlsFactors(rank, userIds, uf, itemIds, itf);
    }

    private static void copy(List<Row> rows, int rank, String[] ids, float[] factors,
            java.util.function.IntFunction<String> name) {
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            ids[r] = name.apply(row.getInt(0));
            List<Object> f = row.getList(1);
            for (int k = 0; k < rank; k++) {
                factors[r * rank + k] = ((Number) f.get(k)).floatValue();
            }
        }
    }
}
