package io.livepulse.platform.launcher;

import io.livepulse.platform.cluster.ClusterLayout;
import io.livepulse.platform.cluster.LocalCluster;
import io.livepulse.platform.config.PlatformConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./livepulse cluster up|down|status}: the multi-process local deployment ({@link LocalCluster}). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A local multi-process deployment: 3 Kafka KRaft nodes, a Flink standalone session cluster"
                + " (1 JobManager, 2 TaskManagers), a Spark standalone master and worker. Files under data/cluster.",
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Status.class})
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
}
