package io.livepulse.ingestion;

import io.livepulse.ingestion.collector.CollectorConfig;
import io.livepulse.ingestion.collector.CollectorServer;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./livepulse collector}: the HTTP event collector. Needs Kafka running ({@code ./livepulse broker}).
 * {@code ./livepulse collector dead-letters} prints the dead-letter topic ({@link DeadLettersCommand}).
 */
@Command(name = "collector", mixinStandardHelpOptions = true, description = "The HTTP event collector.",
        subcommands = DeadLettersCommand.class)
public final class CollectorMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorMain.class);
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--config", description = "settings file (properties)")
    private Path config;

    @Override
    public Integer call() throws Exception {
        var collector = CollectorConfig.from(Settings.load(Optional.ofNullable(config), System.getenv()));
        ensureTopics(collector);
        var server = CollectorServer.start(collector);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "collector-shutdown"));
        CONSOLE.info("LivePulse collector ready at http://localhost:{}", server.port());
        stopped.await();
        return 0;
    }

    /** Creates missing topics, waiting up to two minutes for Kafka to come up (it may start at the same time). */
    private static void ensureTopics(CollectorConfig collector) throws InterruptedException {
        String bootstrap = collector.platform().kafkaBootstrap();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
                var created = TopicCatalog.of(collector.platform()).ensureTopics(admin);
                if (!created.isEmpty()) {
                    LOG.info("Created topics {}", created);
                }
                return;
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka at " + bootstrap + " did not answer for 2 minutes; start it"
                            + " (./livepulse broker) or set kafka.bootstrap-servers", e);
                }
                LOG.warn("Waiting for Kafka at {} ({})", bootstrap, e.getMessage());
                Thread.sleep(2_000);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectorMain()).execute(args));
    }
}
