package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.training.TrainingMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentCommandTest {

    private static String run(String... args) {
        var err = new StringWriter();
        var cli = TrainingMain.commandLine().setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertThat(code).isNotZero();
        return err.toString();
    }

    @Test
    void badArgumentsFailWithAMessageNotAStackTraceOnly(@TempDir Path dir) {
        assertThat(run("sentiment", "--data-dir", dir.toString(), "--corpus", "weibo"))
                .contains("Unknown corpus 'weibo'");
        assertThat(run("sentiment", "--data-dir", dir.toString(), "--algorithms", "svm"))
                .contains("Unknown algorithm 'svm'");
        assertThat(run("sentiment", "--data-dir", dir.toString(), "--algorithms", "enc", "--head-hidden", "0,256"))
                .contains("Several --head-hidden / --pooling values are for tuning: add --validation");
        assertThat(run("sentiment", "--data-dir", dir.toString(), "--algorithms", "enc", "--pooling", "cls+avg"))
                .contains("pooling must be a non-empty subset of [cls, mean, max], was [cls, avg]");
        assertThat(run("sentiment", "--data-dir", dir.toString(), "--shared-data", dir.resolve("nope").toString()))
                .contains("does not exist; pass --shared-data");
    }
}
