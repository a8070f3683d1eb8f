package io.livepulse.ingestion;

import io.livepulse.ingestion.feed.EventPump;
import io.livepulse.ingestion.feed.EventSender;
import io.livepulse.ingestion.feed.HttpEventSender;
import io.livepulse.ingestion.feed.KafkaEventSender;
import io.livepulse.ingestion.feed.Pacing;
import io.livepulse.ingestion.replay.ChatReplay;
import io.livepulse.ingestion.replay.LiveRecReplay;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./livepulse simulate}: the live-platform simulator feeding the collector (or Kafka), plus the
 * replayers and the LiveRec log writer as subcommands.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a live platform and send its events to the collector or to Kafka.",
        subcommands = {SimulatorMain.Calibrate.class, SimulatorMain.WriteLog.class, SimulatorMain.ReplayLiveRec.class, SimulatorMain.ReplayChat.class})
public final class SimulatorMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--config", description = "settings file (properties)", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @Option(names = "--target", description = "http (through the collector) or kafka; default: simulate.target",
            scope = CommandLine.ScopeType.INHERIT)
    String target;

    @Option(names = "--rate", description = "events/s, 0 = as fast as possible; default: simulate.rate",
            scope = CommandLine.ScopeType.INHERIT)
    Double rate;

    @Option(names = "--max-events", description = "stop after this many events (0: no limit)",
            scope = CommandLine.ScopeType.INHERIT)
    long maxEvents;

    @Option(names = "--users", description = "default: simulate.users")
    Integer users;

    @Option(names = "--streamers", description = "default: simulate.streamers")
    Integer streamers;

    @Option(names = "--days", description = "default: simulate.days")
    Integer days;

    @Option(names = "--seed", description = "default: simulate.seed")
    Long seed;

    @Option(names = "--simulated-time", description = "keep the simulated event times instead of now (not live)")
    boolean simulatedTime;

    @Option(names = "--once", description = "stop after one pass over the simulated days (live mode repeats)")
    boolean once;

    /** Everything a run needs, resolved from settings and options. */
    record Run(Settings settings, PlatformConfig platform, String target, Pacing pacing, int batchSize, boolean live,
            SimulationConfig simulation, Path dataDir) {}

    Run resolve() {
        var s = Settings.load(Optional.ofNullable(config), System.getenv());
        var platform = PlatformConfig.from(s);
        String to = target != null ? target : s.string("simulate.target");
        double r = rate != null ? rate : s.decimal("simulate.rate", 0, 10_000_000);
        int batch = s.integer("simulate.batch-size", 1, 10_000);
        boolean live = s.bool("simulate.live") && !simulatedTime;
        long sd = seed != null ? seed : s.integer("simulate.seed", Integer.MIN_VALUE, Integer.MAX_VALUE);
        int u = users != null ? users : s.integer("simulate.users", 1, 100_000_000);
        int st = streamers != null ? streamers : s.integer("simulate.streamers", 1, 100_000_000);
        int d = days != null ? days : s.integer("simulate.days", 1, 10_000);
        Path corpus = s.path("simulate.corpus-dir");
        int bursts = s.integer("simulate.bursts-per-day", 0, 10_000);
        Duration burst = s.duration("simulate.burst-duration");
        s.check();
        if (!to.equals("http") && !to.equals("kafka")) {
            throw new ConfigException("simulate.target / --target must be http or kafka, got '" + to + "'");
        }
        var sim = SimulationConfig.demo(sd).withUsers(u).withStreamers(st).withDays(d).withBurstsPerDay(bursts)
                .withBurstDuration(burst).withCorpusDir(Files.isDirectory(corpus) ? corpus : null);
        return new Run(s, platform, to, Pacing.rate(r), batch, live, sim, platform.dataDir());
    }

    static EventSender sender(Run run) {
        if (run.target().equals("http")) {
            return new HttpEventSender(run.settings().string("simulate.collector-url"));
        }
        var key = run.settings().secret("PSEUDONYM_KEY");
        boolean demo = run.settings().bool("collector.demo-mode");
        if (key.isEmpty() && !demo) {
            throw new ConfigException("--target kafka pseudonymises user ids itself: set LIVEPULSE_SECRET_PSEUDONYM_KEY"
                    + " (the collector's key), or collector.demo-mode=true for the demo key");
        }
        return new KafkaEventSender(run.platform().kafkaBootstrap(), TopicCatalog.of(run.platform()),
                new Pseudonymizer(key.orElse(Pseudonymizer.DEMO_KEY).getBytes(StandardCharsets.UTF_8)));
    }

    static AtomicBoolean stopOnShutdown(CountDownLatch done) {
        var stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                done.await(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulate-shutdown"));
        return stop;
    }

    @Override
    public Integer call() throws Exception {
        var run = resolve();
        var done = new CountDownLatch(1);
        var stop = stopOnShutdown(done);
        try (var sender = sender(run)) {
            Path out = run.dataDir().resolve("simulation");
            long pass = 0;
            CONSOLE.info("LivePulse simulator ready: {} users, {} streamers, sending to {} at {}{}",
                    run.simulation().users(), run.simulation().streamers(), sender.target(), run.pacing().describe(),
                    run.live() ? ", event times = now" : ", simulated event times");
            do {
                var sim = new PlatformSimulator(run.simulation().withSeed(run.simulation().seed() + pass));
                sim.groundTruth().write(out.resolve("ground-truth-seed-" + (run.simulation().seed() + pass) + ".json"));
                LOG.info("Simulation pass {} (seed {}), chat from {}; ground truth in {}", pass,
                        run.simulation().seed() + pass, sim.corpus().description(), out);
                var outcome = new EventPump(sender, run.pacing(), run.batchSize(), run.live(), Duration.ofSeconds(5))
                        .run(sim.events(), maxEvents, maxEvents, stop::get);
                if (outcome.rejected() > 0) {
                    LOG.warn("{} simulated events were rejected by the collector; see the dead-letter topic",
                            outcome.rejected());
                }
                pass++;
            } while (run.live() && !once && maxEvents == 0 && !stop.get());
        } finally {
            done.countDown();
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true,
            description = "Print the simulated log's statistics against the published Twitch-100k figures and chart them (PNG).")
    static final class Calibrate implements Callable<Integer> {
        @CommandLine.ParentCommand
        SimulatorMain parent;

        @Option(names = "--users", defaultValue = "5000",
                description = "viewers of the Twitch-100k preset scaled down (streamers scale along: 1.626 per viewer)")
        int scaledUsers;

        @Option(names = "--days", defaultValue = "20", description = "simulated days")
        int scaledDays;

        @Option(names = "--twitch-100k", description = "the full Twitch-100k scale (100k users, 43 days; a few minutes)")
        boolean twitch100k;

        @Option(names = "--chart", defaultValue = "data/simulation/calibration.png", description = "PNG to write")
        Path chart;

        @Override
        public Integer call() {
            var run = parent.resolve();
            var full = SimulationConfig.twitch100k(run.simulation().seed());
            var config = twitch100k ? full : full.withUsers(scaledUsers)
                    .withStreamers((int) Math.max(1, Math.round(scaledUsers * 1.62625))).withDays(scaledDays);
            var report = io.livepulse.ingestion.calibration.CalibrationReport.of(new PlatformSimulator(config));
            report.lines().forEach(line -> CONSOLE.info("calibrate: {}", line));
            report.writeChart(chart);
            CONSOLE.info("calibrate: chart in {}", chart.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "write-liverec", mixinStandardHelpOptions = true,
            description = "Write the simulated viewing log in the LiveRec 100k.csv format, and the ground truth beside it.")
    static final class WriteLog implements Callable<Integer> {
        @CommandLine.ParentCommand
        SimulatorMain parent;

        @CommandLine.Parameters(index = "0", description = "output file, e.g. data/simulation/100k.csv")
        Path file;

        @Option(names = "--twitch-100k", description = "the scale of the Twitch-100k log (100k users, 43 days)")
        boolean twitch100k;

        @Override
        public Integer call() {
            var run = parent.resolve();
            var config = twitch100k ? SimulationConfig.twitch100k(run.simulation().seed()) : run.simulation();
            var sim = new PlatformSimulator(config);
            long started = System.nanoTime();
            double expected = config.users() * config.sessionsPerUserPerDay() * config.days();
            long rows = sim.writeLiveRecLog(file, written -> {
                double seconds = (System.nanoTime() - started) / 1e9;
                double rate = written / seconds;
                CONSOLE.info("write-liverec: {} intervals ({} /s), about {}% done, ETA {} s", written, Math.round(rate),
                        Math.round(100 * Math.min(1, written / expected)), Math.round(Math.max(0, expected - written) / rate));
            });
            Path parentDir = file.toAbsolutePath().getParent();
            sim.groundTruth().write(parentDir.resolve(file.getFileName() + ".ground-truth.json"));
            CONSOLE.info("write-liverec: {} intervals of {} users over {} days in {} ({} s)", rows, config.users(),
                    config.days(), file, (System.nanoTime() - started) / 1_000_000_000);
            return 0;
        }
    }

    @Command(name = "replay-liverec", mixinStandardHelpOptions = true,
            description = "Replay a LiveRec viewing log (100k.csv or .csv.gz) as room and player events.")
    static final class ReplayLiveRec implements Callable<Integer> {
        @CommandLine.ParentCommand
        SimulatorMain parent;

        @CommandLine.Parameters(index = "0", description = "the log")
        Path file;

        @Option(names = "--compression", defaultValue = "600",
                description = "event time runs this many times faster than the wall clock (default 600: a 10-minute step per second); 0 = as fast as possible")
        double compression;

        @Option(names = "--origin", defaultValue = "2026-11-01T00:00:00Z", description = "time of step 0")
        Instant origin;

        @Override
        public Integer call() throws Exception {
            var run = parent.resolve();
            var replay = LiveRecReplay.read(file, origin);
            CONSOLE.info("replay-liverec: {} intervals ({} rows skipped), {} events", replay.intervals(),
                    replay.skippedRows(), replay.eventCount());
            Pacing pacing = compression > 0 ? Pacing.compressed(compression) : Pacing.asFastAsPossible();
            return pump(run, pacing, replay.events(), replay.eventCount());
        }
    }

    @Command(name = "replay-chat", mixinStandardHelpOptions = true,
            description = "Replay real chat: the Twitch chat set (twitch) or a sentiment corpus as chat/danmaku.")
    static final class ReplayChat implements Callable<Integer> {
        @CommandLine.ParentCommand
        SimulatorMain parent;

        @CommandLine.Parameters(index = "0", description = "twitch, waimai_10k, chnsenticorp_htl_all, online_shopping_10_cats or sst2")
        String source;

        @Option(names = "--shared-data", defaultValue = "../shared/data", description = "the shared/data directory")
        Path sharedData;

        @Option(names = "--compression", defaultValue = "0",
                description = "for twitch: event time runs this many times faster than the wall clock; 0 = use --rate")
        double compression;

        @Override
        public Integer call() throws Exception {
            var run = parent.resolve();
            var result = source.equals("twitch") ? ChatReplay.twitch(sharedData)
                    : ChatReplay.corpus(sharedData, source, Instant.now(), 1_000);
            CONSOLE.info("replay-chat {}: {} messages ({} lines skipped)", source, result.events().size(),
                    result.skippedRows());
            Pacing pacing = compression > 0 ? Pacing.compressed(compression) : run.pacing();
            @SuppressWarnings("unchecked")
            Iterator<SpecificRecord> events = (Iterator<SpecificRecord>) (Iterator<?>) result.events().iterator();
            return pump(run, pacing, events, result.events().size());
        }
    }

    static int pump(Run run, Pacing pacing, Iterator<SpecificRecord> events, long total) throws InterruptedException {
        var done = new CountDownLatch(1);
        var stop = stopOnShutdown(done);
        try (var sender = sender(run)) {
            var outcome = new EventPump(sender, pacing, run.batchSize(), false, Duration.ofSeconds(5))
                    .run(events, 0, total, stop::get);
            return outcome.rejected() > 0 ? 2 : 0;
        } finally {
            done.countDown();
        }
    }
}
