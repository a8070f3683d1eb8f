package io.livepulse.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apps' {@code logback.xml} (every app's SLF4J binding, training's too): libraries' warnings go to {@code <app>.log} only, so the
 * console (what {@code ./livepulse} prefixes with the app's name) shows the app's own progress and warnings, and
 * the libraries' errors.
 */
class LogbackRoutingTest {
    static final List<String> LIBRARY_LOGGERS = List.of(
            "org.apache.spark.scheduler.TaskSetManager",
            "org.apache.spark.scheduler.DAGScheduler",
            "org.apache.hadoop.util.NativeCodeLoader",
            "org.apache.kafka.clients.NetworkClient",
            "org.apache.kafka.clients.consumer.ConsumerConfig",
            "kafka.server.BrokerServer",
            "org.apache.flink.runtime.util.HadoopUtils",
            "org.apache.flink.runtime.taskmanager.Task",
            "org.apache.parquet.hadoop.ParquetOutputFormat",
            "io.javalin.Javalin",
            "org.eclipse.jetty.server.Server");

    @Test
    void librariesWarnIntoTheLogFileOnlyAndTheAppsOwnLinesReachTheConsole(@TempDir Path dir) throws Exception {
        var err = new ByteArrayOutputStream();
        var out = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        PrintStream systemOut = System.out;
        var context = new LoggerContext();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            context.setMDCAdapter(new LogbackMDCAdapter());
            context.putProperty("livepulse.log.dir", dir.toString());
            context.putProperty("livepulse.app", "stream");
            var configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogbackRoutingTest.class.getResource("/logback.xml"));
            for (String name : LIBRARY_LOGGERS) {
                context.getLogger(name).warn("library warning from {}", name);
            }
            context.getLogger("org.apache.kafka.clients.NetworkClient").error("broker localhost:9092 unreachable");
            context.getLogger("io.livepulse.streaming.StreamingMain").warn("own warning: set streaming.parallelism");
            context.getLogger("livepulse.console").info("LivePulse streaming jobs running");
        } finally {
            context.stop();
            System.setErr(systemErr);
            System.setOut(systemOut);
        }

        String console = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        assertThat(console).doesNotContain("library warning")
                .contains("broker localhost:9092 unreachable", "own warning: set streaming.parallelism");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("LivePulse streaming jobs running"
                + System.lineSeparator());
        String file = Files.readString(dir.resolve("stream.log"));
        for (String name : LIBRARY_LOGGERS) {
            assertThat(file).contains("library warning from " + name);
        }
        assertThat(file).contains("broker localhost:9092 unreachable", "own warning", "LivePulse streaming jobs running");
    }
}
