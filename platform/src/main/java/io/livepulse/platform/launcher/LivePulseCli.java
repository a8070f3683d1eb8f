package io.livepulse.platform.launcher;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code ./livepulse}: starts each LivePulse app, alone or all together. */
@Command(
        name = "livepulse",
        mixinStandardHelpOptions = true,
        version = "LivePulse 0.1.0",
        description = "Real-time analytics, recommendations and public-opinion alerts for live streaming.%n"
                + "Each app runs in a JVM of its own; 'demo' runs them all on embedded defaults.",
        subcommands = {
            LivePulseCli.Broker.class,
            LivePulseCli.Trickle.class,
            LivePulseCli.Demo.class,
            LivePulseCli.Collector.class,
            LivePulseCli.Simulate.class,
            LivePulseCli.Stream.class,
            LivePulseCli.Train.class,
            LivePulseCli.Serve.class,
            LivePulseCli.Forget.class,
            LivePulseCli.Notebooks.class,
            ClusterCommand.class
        })
public final class LivePulseCli {
    private static final Logger LOG = LoggerFactory.getLogger(LivePulseCli.class);
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    public static final String BROKER_READY = "LivePulse broker ready at ";

    public static void main(String[] args) {
        var cli = new CommandLine(new LivePulseCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalStateException) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    static Settings settings(Path configFile) {
        return Settings.load(Optional.ofNullable(configFile), System.getenv());
    }

    static Path home() {
        return Path.of(System.getProperty("livepulse.home", ".")).toAbsolutePath().normalize();
    }

    /** The JVM flags the launcher passes to every app ({@code -Dlivepulse.jvm-flags}, set by {@code ./livepulse}). */
    public static List<String> jvmFlags() {
        String opens = System.getProperty("livepulse.jvm-flags", "");
        var flags = new ArrayList<String>();
        for (String flag : opens.trim().split("\\s+")) {
            if (!flag.isBlank()) {
                flags.add(flag);
            }
        }
        return flags;
    }

    static void awaitShutdown() throws InterruptedException {
        var stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "shutdown"));
        stop.await();
    }

    @Command(name = "broker", mixinStandardHelpOptions = true,
            description = "Run the embedded Kafka broker (KRaft) and create the catalog's topics.")
    static final class Broker implements Callable<Integer> {
        @Option(names = "--config", description = "Settings file (properties).")
        Path config;

        @Override
        public Integer call() throws Exception {
            var settings = settings(config);
            var platform = PlatformConfig.from(settings);
            settings.check();
            InProcessKafkaBroker broker = null;
            if (platform.embedded()) {
                broker = InProcessKafkaBroker.start(platform.kafkaDataDir(), platform.embeddedPort());
            }
            String bootstrap = broker == null ? platform.kafkaBootstrap() : broker.bootstrapServers();
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                var created = TopicCatalog.of(platform).ensureTopics(admin);
                LOG.info("Topics created: {}", created.isEmpty() ? "none (all present)" : created);
            }
            CONSOLE.info(BROKER_READY + "{}", bootstrap);
            var stopping = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (stopping != null) {
                    stopping.close();
                }
            }, "broker-stop"));
            awaitShutdown();
            return 0;
        }
    }

    @Command(name = "trickle", mixinStandardHelpOptions = true,
            description = "Produce a steady trickle of valid events of every type and print them as a consumer reads them back.")
    static final class Trickle implements Callable<Integer> {
        @Option(names = "--config", description = "Settings file (properties).")
        Path config;

        @Option(names = "--interval", defaultValue = "2s", description = "Pause between rounds of one event of each type (default: ${DEFAULT-VALUE}).")
        String interval;

        @Override
        public Integer call() throws Exception {
            var settings = settings(config);
            var platform = PlatformConfig.from(settings);
            settings.check();
            try (var trickle = new EventTrickle(platform.kafkaBootstrap(), TopicCatalog.of(platform))) {
                trickle.start(parseInterval(interval));
                CONSOLE.info("LivePulse event trickle running against {}", platform.kafkaBootstrap());
                awaitShutdown();
            }
            return 0;
        }

        private static Duration parseInterval(String text) {
            return Settings.parseDuration(text);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the whole pipeline on embedded defaults. Ctrl-C stops everything.")
    static final class Demo implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            var home = home();
            var running = new ArrayList<AppProcess>();
            var prometheus = new AtomicReference<PrometheusProcess>();
            var operatorKey = new AtomicReference<String>();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (prometheus.get() != null) {
                    prometheus.get().close();
                }
                for (int i = running.size() - 1; i >= 0; i--) {
                    running.get(i).close();
                }
            }, "demo-stop"));
            for (DemoStep step : DemoStep.pipeline()) {
                if (!AppProcess.available(home, step.app())) {
                    CONSOLE.info("(demo) {} is not part of this build yet; skipping it", step.app().displayName());
                    continue;
                }
                var process = AppProcess.start(home, step.app(), step.args(), step.env(), jvmFlags(), line -> {
                    if (line.startsWith(OPERATOR_KEY_LINE)) {
                        operatorKey.set(line.substring(OPERATOR_KEY_LINE.length()).trim());
                    }
                    return !step.readyText().isEmpty() && line.contains(step.readyText());
                });
                running.add(process);
                if (step.awaitReady() && !process.awaitReady(step.timeoutSeconds())) {
                    CONSOLE.info("{} did not become ready within {} s; see its output above. Stopping.",
                            step.app().displayName(), step.timeoutSeconds());
                    return 1;
                }
            }
            if (!AppProcess.available(home, App.SIMULATE)) {
                running.add(AppProcess.start(home, App.TRICKLE, List.of(), jvmFlags(), line -> true));
            }
            startPrometheus(home, operatorKey.get()).ifPresent(prometheus::set);
            CONSOLE.info("LivePulse demo running. Press Ctrl-C to stop.");
            for (AppProcess app : running) {
                app.waitFor();
            }
            return 0;
        }
    }

    /** Serving's demo line with the operator key, which the demo's Prometheus needs to scrape its metrics. */
    static final String OPERATOR_KEY_LINE = "LivePulse serving operator key: ";

    /** Prometheus over the demo (ops/prometheus, data under data/prometheus) when the binary is installed. */
    static Optional<PrometheusProcess> startPrometheus(Path home, String operatorKey) {
        var binary = PrometheusProcess.binary();
        if (binary.isEmpty()) {
            CONSOLE.info("(demo) Prometheus not started: 'prometheus' is not installed (apt-get install prometheus);"
                    + " ops/prometheus holds its config and alert rules");
            return Optional.empty();
        }
        if (operatorKey == null) {
            CONSOLE.info("(demo) serving printed no operator key: Prometheus will not scrape serving's /metrics");
        }
        var prometheus = PrometheusProcess.start(binary.get(), home, home.resolve("data").resolve("prometheus"),
                operatorKey, PrometheusProcess.PORT);
        CONSOLE.info("LivePulse Prometheus at http://localhost:{} (alerts http://localhost:{}/alerts, log {})",
                PrometheusProcess.PORT, PrometheusProcess.PORT, prometheus.log());
        return Optional.of(prometheus);
    }

    /** A subcommand that starts an app from another module in a child JVM and passes its arguments on. */
    abstract static class ChildApp implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        abstract App app();

        @Override
        public Integer call() throws Exception {
            try (var process = AppProcess.start(home(), app(), args, jvmFlags(), line -> false)) {
                Runtime.getRuntime().addShutdownHook(new Thread(process::close, "stop-" + app().displayName()));
                return process.waitFor();
            }
        }
    }

    @Command(name = "collector", description = "HTTP event collector (JSON -> Avro -> Kafka). Options after the name are passed on.")
    static final class Collector extends ChildApp {
        App app() {
            return App.COLLECTOR;
        }
    }

    @Command(name = "simulate", description = "The live-platform simulator. Options after the name are passed on.")
    static final class Simulate extends ChildApp {
        App app() {
            return App.SIMULATE;
        }
    }

    @Command(name = "stream", description = "The Flink streaming jobs. Options after the name are passed on.")
    static final class Stream extends ChildApp {
        App app() {
            return App.STREAM;
        }
    }

    @Command(name = "train", description = "Batch training (recommender, sentiment). Options after the name are passed on.")
    static final class Train extends ChildApp {
        App app() {
            return App.TRAIN;
        }
    }

    @Command(name = "serve", description = "Scoring API and operators' dashboard. Options after the name are passed on.")
    static final class Serve extends ChildApp {
        App app() {
            return App.SERVE;
        }
    }

    @Command(name = "forget", description = "Erase a user (feature topics, online store, Parquet, models) with an audit"
            + " record. Options after the name are passed on; see forget --help.")
    static final class Forget extends ChildApp {
        App app() {
            return App.FORGET;
        }
    }

    @Command(name = "notebooks", description = "Jupyter with the Java kernel over LivePulse's jars.")
    static final class Notebooks extends ChildApp {
        App app() {
            return App.NOTEBOOKS;
        }
    }
}
