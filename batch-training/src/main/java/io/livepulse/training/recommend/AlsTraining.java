package io.livepulse.training.recommend;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.ViewingLog;
import java.util.ArrayList;
import java.util.List;
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

    /** Load: the feedback table with the rating of {@code weighting}. */
    static Dataset<Row> feedback(SparkSession spark, List<Feedback> feedback, Feedback.Weighting weighting) {
        var rows = new ArrayList<Row>(feedback.size());
        for (Feedback f : feedback) {
            rows.add(RowFactory.create(f.user(), f.streamer(), weighting.rating(f)));
        }
        return spark.createDataFrame(rows, FEEDBACK);
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
