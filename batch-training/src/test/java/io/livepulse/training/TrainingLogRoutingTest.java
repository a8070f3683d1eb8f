package io.livepulse.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training's {@code log4j2.properties}, for the code that logs through the Log4j 2 API directly (SLF4J loggers go
 * through platform's {@code logback.xml}, see {@code LogbackRoutingTest}): Spark's and Hadoop's warnings ("task of very large size", "Broadcasting
 * large task binary", the native-library notice) go to {@code train.log} only; training's own progress and
 * warnings, and the libraries' errors, reach the console.
 */
class TrainingLogRoutingTest {
    static final List<String> LIBRARY_LOGGERS = List.of(
            "org.apache.spark.scheduler.TaskSetManager",
            "org.apache.spark.scheduler.DAGScheduler",
            "org.apache.spark.util.Utils",
            "org.apache.hadoop.util.NativeCodeLoader",
            "org.apache.parquet.hadoop.ParquetOutputFormat",
            "breeze.optimize.LBFGS");

    @Test
    void sparkAndHadoopWarnIntoTheLogFileOnly(@TempDir Path dir) throws Exception {
        var err = new ByteArrayOutputStream();
        var out = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        PrintStream systemOut = System.out;
        String oldDir = System.getProperty("livepulse.log.dir");
        String oldApp = System.getProperty("livepulse.app");
        System.setProperty("livepulse.log.dir", dir.toString());
        System.setProperty("livepulse.app", "train");
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        var context = new LoggerContext("routing-test", null,
                TrainingLogRoutingTest.class.getResource("/log4j2.properties").toURI());
        try {
            context.start();
            for (String name : LIBRARY_LOGGERS) {
                context.getLogger(name).warn("library warning from {}", name);
            }
            context.getLogger("org.apache.spark.executor.Executor").error("Exception in task 0.0");
            context.getLogger("io.livepulse.training.TrainingMain").warn("own warning: no features under data");
            context.getLogger("livepulse.console").info("recommender: ALS log-w trained in 12s");
        } finally {
            context.stop();
            System.setErr(systemErr);
            System.setOut(systemOut);
            restore("livepulse.log.dir", oldDir);
            restore("livepulse.app", oldApp);
        }

        String console = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        assertThat(console).doesNotContain("library warning")
                .contains("Exception in task 0.0", "own warning: no features under data");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("recommender: ALS log-w trained in 12s"
                + System.lineSeparator());
        String file = Files.readString(dir.resolve("train.log"));
        for (String name : LIBRARY_LOGGERS) {
            assertThat(file).contains("library warning from " + name);
        }
        assertThat(file).contains("Exception in task 0.0", "own warning", "recommender: ALS log-w trained in 12s");
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
