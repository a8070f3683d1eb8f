package io.livepulse.platform.launcher;

import io.livepulse.platform.cluster.ClusterLayout;
import io.livepulse.platform.cluster.LocalCluster;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.cluster.FlinkSubmission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code ./livepulse cluster up|down|status}: the multi-process local deployment ({@link LocalCluster}). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A local multi-process deployment: 3 Kafka KRaft nodes, a Flink standalone session cluster"
                + " (1 JobManager, 2 TaskManagers), a Spark standalone master and worker. Files under data/cluster.",
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Status.class,
            ClusterCommand.Stream.class, ClusterCommand.StopStream.class, ClusterCommand.Train.class})
final class ClusterCommand {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    static LocalCluster cluster() {
        return new LocalCluster(ClusterLayout.under(LivePulseCli.home()), LivePulseCli.jvmFlags());
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start the processes not running yet and wait until each answers its health probe.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--config", description = "Settings file (properties): topic prefix and partitions.")
        Path config;

        @Parameters(arity = "0..*", paramLabel = "ENGINE", description = "kafka, flink, spark (default: all three)")
        List<String> engines = List.of("kafka", "flink", "spark");

        @Override
        public Integer call() throws Exception {
            var settings = LivePulseCli.settings(config);
            var platform = PlatformConfig.from(settings);
            settings.check();
            var cluster = cluster();
            cluster.up(engines, platform.topicPrefix(), platform.partitions(), CONSOLE::info);
            var layout = cluster.layout();
            CONSOLE.info("LivePulse cluster up. Kafka {}; Flink web UI {}; Spark master {} (web {}).",
                    layout.kafkaBootstrap(), layout.flinkRestUrl(), layout.sparkMasterUrl(), layout.sparkMasterWebUrl());
            CONSOLE.info("Point apps at it with --config {}", layout.home().relativize(cluster.clientConfig()));
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every process of the cluster (SIGTERM, then SIGKILL after 30 s).")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            cluster().down(CONSOLE::info);
            CONSOLE.info("LivePulse cluster down.");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each process, its pid, its port and whether it answers its health probe. Exit code 1 unless all are healthy.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            var all = cluster().status();
            CONSOLE.info(String.format("%-20s %-8s %-6s %-9s %s", "PROCESS", "PID", "PORT", "STATE", "DETAIL"));
            boolean healthy = true;
            for (var s : all) {
                healthy &= s.health().healthy();
                CONSOLE.info(String.format("%-20s %-8s %-6d %-9s %s", s.name(), s.pid().map(String::valueOf).orElse("-"),
                        s.port(), s.health().healthy() ? "healthy" : s.pid().isEmpty() ? "stopped" : "UNHEALTHY",
                        s.health().detail()));
            }
            return healthy ? 0 : 1;
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "Submit the shaded streaming jar (streaming-jobs/target/*-job.jar) to the cluster's Flink"
                    + " through its REST API (upload, run), configured by data/cluster/streaming.properties.")
    static final class Stream implements Callable<Integer> {
        @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default ${DEFAULT-VALUE}; 4 slots in all).")
        int parallelism;

        @Option(names = "--from-savepoint", description = "Start from this savepoint (upgrade).")
        String savepoint;

        @Override
        public Integer call() throws Exception {
            var cluster = cluster();
            var layout = cluster.layout();
            Path jar;
            try (var files = Files.list(layout.home().resolve("streaming-jobs").resolve("target"))) {
                jar = files.filter(f -> f.getFileName().toString().endsWith("-job.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no shaded job jar in streaming-jobs/target:"
                                + " build it with mvn -DskipTests package"));
            }
            Path config = layout.root().resolve("streaming.properties");
            Files.writeString(config, Files.readString(cluster.clientConfig())
                    + "# The Flink cluster runs the job; no live summary in the JobManager.\n"
                    + "streaming.summary-interval=0s\nstreaming.parallelism=" + parallelism + "\n");
            var flink = new FlinkSubmission(layout.flinkRestUrl());
            long start = System.nanoTime();
            String jarId = flink.upload(jar);
            CONSOLE.info("Uploaded {} ({} MB) to {} in {} s", jar.getFileName(), Files.size(jar) >> 20,
                    layout.flinkRestUrl(), (System.nanoTime() - start) / 1_000_000_000);
            String jobId = flink.run(jarId, "io.livepulse.streaming.StreamingMain",
                    List.of("--config", config.toString()), Optional.ofNullable(savepoint));
            CONSOLE.info("Submitted job {} at parallelism {}: {}/#/job/running/{}/overview", jobId, parallelism,
                    layout.flinkRestUrl(), jobId);
            return 0;
        }
    }

    @Command(name = "stop-stream", mixinStandardHelpOptions = true,
            description = "Stop a streaming job with a savepoint under data/cluster/shared/flink/savepoints; prints its path.")
    static final class StopStream implements Callable<Integer> {
        @Parameters(paramLabel = "JOB_ID", description = "The job id 'cluster stream' printed.")
        String jobId;

        @Override
        public Integer call() throws Exception {
            var layout = cluster().layout();
            String savepoint = new FlinkSubmission(layout.flinkRestUrl()).stopWithSavepoint(jobId,
                    layout.shared().resolve("flink").resolve("savepoints").toUri().toString());
            CONSOLE.info("Job {} stopped with savepoint {}", jobId, savepoint);
            CONSOLE.info("Resume it with: ./livepulse cluster stream --from-savepoint {}", savepoint);
            return 0;
        }
    }

    @Command(name = "train", description = "Run training on the cluster's Spark master, spark-submit fashion (client"
            + " mode); arguments are TrainingMain's, e.g. 'recommender --users 2000 --epochs 1'.")
    static final class Train implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            var cluster = cluster();
            var command = cluster.sparkSubmitCommand(args);
            Files.createDirectories(cluster.layout().dir("spark-submit"));
            CONSOLE.info("spark-submit: {}", String.join(" ", command.subList(command.indexOf(
                    "org.apache.spark.deploy.SparkSubmit"), command.size())));
            var process = new ProcessBuilder(command).directory(cluster.layout().home().toFile()).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-spark-submit"));
            return process.waitFor();
        }
    }
}
