package io.livepulse.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.features.Activity;
import io.livepulse.models.features.FeatureParams;
import io.livepulse.models.features.FeatureReference;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.launcher.App;
import io.livepulse.platform.launcher.AppProcess;
import io.livepulse.platform.launcher.LivePulseCli;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.UserRoomFeatures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak: the demo pipeline (broker, collector, Flink feature job, serving; each in its own JVM as
 * {@code ./livepulse} starts them) under a steady load of viewer events posted to the collector, with three faults
 * injected: a broker restart, a Flink job failure (the streaming JVM killed, then started again: it resumes from its
 * latest checkpoint) and a serving restart. At the end it accounts for every event: sent = accepted + rejected;
 * accepted = in the event topics (none lost, none twice); rejected = dead-lettered; and the sessions in the feature
 * topic equal those of the plain-Java reference ({@link FeatureReference}) over the same events.
 *
 * <pre>
 * java ... io.livepulse.benchmarks.soak.SoakBenchmark --rate 2000 --duration 10m
 * </pre>
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Soak the demo pipeline under faults and account for every event.")
public final class SoakBenchmark implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READY_PORT = Pattern.compile("ready at http://[^:]+:(\\d+)");
    private static final String PREFIX = "soak.";
    private static final int BATCH = 500;
    private static final int IN_FLIGHT = 4;
    private static final Duration HEARTBEAT_GAP = Duration.ofSeconds(150);
    private static final Duration ALLOWED_LATENESS = Duration.ofMinutes(2);

    @Option(names = "--rate", defaultValue = "2000", description = "Events per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "10m", description = "How long to send (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--rooms", defaultValue = "40", description = "Live rooms (default: ${DEFAULT-VALUE}).")
    int rooms;

    @Option(names = "--invalid-every", defaultValue = "500",
            description = "Every n-th event is sent without its roomId, to be rejected (default: ${DEFAULT-VALUE}).")
    int invalidEvery;

    @Option(names = "--broker-outage", defaultValue = "15s",
            description = "How long the broker stays down in its restart (default: ${DEFAULT-VALUE}).")
    String brokerOutage;

    @Option(names = "--checkpoint-interval", defaultValue = "5s",
            description = "The feature job's checkpoint interval (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--data-dir", description = "Data directory of the soak's apps (default: a new one under data/).")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the viewers (default: ${DEFAULT-VALUE}).")
    long seed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path home = Path.of(System.getProperty("livepulse.home", ".")).toAbsolutePath().normalize();
    private Map<String, String> env;
    private final AtomicReference<AppProcess> broker = new AtomicReference<>();
    private final AtomicReference<AppProcess> streaming = new AtomicReference<>();
    private final AtomicReference<AppProcess> serving = new AtomicReference<>();
    private final AtomicInteger servingPort = new AtomicInteger();
    private final AtomicReference<String> resumedFrom = new AtomicReference<>();
    private final List<String> faults = java.util.Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Duration length = Settings.parseDuration(duration);
        Duration outage = Settings.parseDuration(brokerOutage);
        if (rate <= 0 || length.isNegative() || length.isZero() || rooms <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--rate, --duration and --rooms must be positive");
        }
        Path dir = dataDir != null ? dataDir
                : Files.createDirectories(home.resolve("data")).resolve("soak-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        int kafkaPort = freePort();
        String bootstrap = "localhost:" + kafkaPort;
        env = new HashMap<>(Map.of(
                "LIVEPULSE_DATA_DIR", dir.toString(),
                "LIVEPULSE_KAFKA_EMBEDDED_PORT", String.valueOf(kafkaPort),
                "LIVEPULSE_KAFKA_TOPIC_PREFIX", PREFIX,
                "LIVEPULSE_KAFKA_PARTITIONS", "2",
                "LIVEPULSE_SECRET_PSEUDONYM_KEY", "soak-pseudonym-key-0123456789-abcdefghij",
                "LIVEPULSE_SECRET_DEAD_LETTER_KEY", "soak-dead-letter-key-0123456789-abcdefghij"));
        var topics = new TopicCatalog(PREFIX, 2, (short) 1);
        CONSOLE.info("Soak: {} events/s for {} s, data under {}", rate, length.toSeconds(), dir);

        AppProcess collector = null;
        try {
            broker.set(startBroker());
            var clientEnv = with(env, "LIVEPULSE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            var collectorPort = new AtomicInteger();
            collector = AppProcess.start(home, App.COLLECTOR, List.of(), with(clientEnv, "LIVEPULSE_COLLECTOR_PORT", "0"),
                    LivePulseCli.jvmFlags(), line -> port(line, collectorPort));
            await(collector, "collector", 180);
            streaming.set(startStreaming(clientEnv));
            serving.set(startServing(clientEnv));

            var traffic = new SoakTraffic(seed, rate * 10, rooms, invalidEvery);
            var sender = new Sender(collectorPort.get());
            long startedMs = System.currentTimeMillis();
            sender.sendUntilDone(traffic.roomsStarted(startedMs));
            var faultThread = new Thread(() -> injectFaults(length, outage, clientEnv), "soak-faults");
            faultThread.setDaemon(true);
            faultThread.start();
            sender.run(traffic, length);
            faultThread.join(Duration.ofMinutes(5).toMillis());
            // Event time far enough on to close every session and window, then wait for the job to commit them.
            long lastMs = System.currentTimeMillis();
            // (The collector refuses events more than 5 minutes ahead.)
            sender.sendUntilDone(traffic.roomsUpdated(lastMs + HEARTBEAT_GAP.toMillis() + 60_000));
            awaitQuiet(new TopicReader(bootstrap), topics);
            return account(sender, new TopicReader(bootstrap), topics);
        } finally {
            for (var app : List.of(serving, streaming)) {
                if (app.get() != null) {
                    app.get().close();
                }
            }
            if (collector != null) {
                collector.close();
            }
            if (broker.get() != null) {
                broker.get().close();
            }
        }
    }

    private void injectFaults(Duration length, Duration outage, Map<String, String> clientEnv) {
        long start = System.nanoTime();
        try {
            sleepUntil(start, length.multipliedBy(3).dividedBy(10));
            long t = System.nanoTime();
            broker.get().close();
            Thread.sleep(outage.toMillis());
            broker.set(startBroker());
            faults.add(String.format(Locale.ROOT, "broker restart at %d s: down %.1f s", elapsed(start, t),
                    (System.nanoTime() - t) / 1e9));

            sleepUntil(start, length.dividedBy(2));
            t = System.nanoTime();
            streaming.get().kill();
            streaming.set(startStreaming(clientEnv));
            faults.add(String.format(Locale.ROOT, "Flink job failure at %d s: streaming JVM killed (SIGKILL), running "
                    + "again after %.1f s, resumed from %s", elapsed(start, t), (System.nanoTime() - t) / 1e9,
                    resumedFrom.get() == null ? "NO CHECKPOINT" : resumedFrom.get()));

            sleepUntil(start, length.multipliedBy(7).dividedBy(10));
            t = System.nanoTime();
            serving.get().close();
            serving.set(startServing(clientEnv));
            faults.add(String.format(Locale.ROOT, "serving restart at %d s: ready again after %.1f s",
                    elapsed(start, t), (System.nanoTime() - t) / 1e9));
            faults.forEach(f -> CONSOLE.info("Soak fault: {}", f));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            faults.add("FAULT INJECTION FAILED: " + e.getMessage());
            CONSOLE.error("Soak fault injection failed: {}", e.getMessage());
        }
    }

    private static long elapsed(long startNanos, long atNanos) {
        return (atNanos - startNanos) / 1_000_000_000L;
    }

    private static void sleepUntil(long startNanos, Duration offset) throws InterruptedException {
        long waitMs = (startNanos + offset.toNanos() - System.nanoTime()) / 1_000_000L;
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
    }

    private AppProcess startBroker() {
        var process = AppProcess.start(home, App.BROKER, List.of(), env, LivePulseCli.jvmFlags(),
                line -> line.contains(LivePulseCli.BROKER_READY));
        await(process, "broker", 120);
        return process;
    }

    private AppProcess startStreaming(Map<String, String> clientEnv) {
        resumedFrom.set(null);
        var process = AppProcess.start(home, App.STREAM, List.of(), with(clientEnv,
                "LIVEPULSE_STREAMING_CHECKPOINT_INTERVAL", checkpointInterval,
                "LIVEPULSE_STREAMING_HEARTBEAT_GAP", HEARTBEAT_GAP.toSeconds() + "s",
                "LIVEPULSE_STREAMING_ALLOWED_LATENESS", ALLOWED_LATENESS.toSeconds() + "s",
                "LIVEPULSE_STREAMING_MAX_OUT_OF_ORDERNESS", "30s",
                "LIVEPULSE_STREAMING_SOURCE_IDLENESS", "10s",
                "LIVEPULSE_STREAMING_WEB_UI_PORT", "0",
                "LIVEPULSE_STREAMING_SUMMARY_INTERVAL", "0s",
                "LIVEPULSE_STREAMING_PARQUET", "false"), LivePulseCli.jvmFlags(), line -> {
                    int at = line.indexOf("Resuming from checkpoint ");
                    if (at >= 0) {
                        resumedFrom.set(line.substring(at + "Resuming from checkpoint ".length()).trim());
                    }
                    return line.contains("streaming jobs running");
                });
        await(process, "streaming jobs", 300);
        return process;
    }

    private AppProcess startServing(Map<String, String> clientEnv) {
        var process = AppProcess.start(home, App.SERVE, List.of(), with(clientEnv, "LIVEPULSE_SERVING_PORT", "0",
                "LIVEPULSE_SERVING_HOST", "127.0.0.1", "LIVEPULSE_SERVING_USER_ROOM_TTL", "3650d",
                "LIVEPULSE_SECRET_API_KEYS", "soak-app:platform:soak-platform-api-key-0123456789"),
                LivePulseCli.jvmFlags(), line -> port(line, servingPort));
        await(process, "serving", 180);
        return process;
    }

    private static boolean port(String line, AtomicInteger port) {
        Matcher m = READY_PORT.matcher(line);
        if (m.find()) {
            port.set(Integer.parseInt(m.group(1)));
            return true;
        }
        return false;
    }

    private static void await(AppProcess process, String name, int seconds) {
        try {
            if (!process.awaitReady(seconds)) {
                throw new IllegalStateException(name + " did not become ready within " + seconds + " s; see its log");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        var result = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            result.put(pairs[i], pairs[i + 1]);
        }
        return result;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the feature topics stop growing for three checkpoint intervals (at most 10 minutes). */
    private void awaitQuiet(TopicReader reader, TopicCatalog topics) throws InterruptedException {
        var outputs = List.of(topics.userRoomFeatures(), topics.roomMetrics(), topics.deadLetter());
        long quietMs = Settings.parseDuration(checkpointInterval).multipliedBy(3).plusSeconds(10).toMillis();
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        long last = -1;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = reader.endOffsetSum(outputs);
            if (now != last) {
                last = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since >= quietMs) {
                CONSOLE.info("Soak: feature topics quiet for {} s ({} records)", quietMs / 1000, now);
                return;
            }
            Thread.sleep(2_000);
        }
        CONSOLE.warn("Soak: feature topics still growing after 10 minutes; accounting anyway");
    }

    private int account(Sender sender, TopicReader reader, TopicCatalog topics) {
        var codec = AvroCodec.standard();
        int generated = sender.generated;
        var inTopics = new int[generated];
        var roomCopies = new HashMap<String, Integer>();
        var firsts = new ArrayList<Activity>();
        long[] unknown = {0};
        long started = System.nanoTime();
        reader.readAll(topics.eventTopics(), record -> {
            SpecificRecord event = codec.decode(record.value());
            Activity activity = Activity.from(event);
            String id = activity.eventId();
            int n = Sender.number(id);
            boolean first;
            if (n >= 0 && n < generated) {
                first = inTopics[n]++ == 0;
            } else if (sender.roomIds.contains(id)) {
                first = roomCopies.merge(id, 1, Integer::sum) == 1;
            } else {
                unknown[0]++;
                first = false;
            }
            if (first) {
                firsts.add(activity);
            }
        });
        long lost = 0;
        long duplicated = 0;
        long rejectedButStored = 0;
        for (int n = 0; n < generated; n++) {
            if (sender.accepted.get(n) && inTopics[n] == 0) {
                lost++;
            }
            if (!sender.accepted.get(n) && inTopics[n] > 0) {
                rejectedButStored++;
            }
            duplicated += Math.max(0, inTopics[n] - 1);
        }
        for (String id : sender.roomIds) {
            int copies = roomCopies.getOrDefault(id, 0);
            lost += copies == 0 ? 1 : 0;
            duplicated += Math.max(0, copies - 1);
        }
        long acceptedCount = sender.accepted.cardinality() + sender.roomIds.size();
        long inTopicsDistinct = firsts.size();

        var deadLetterSources = new TreeMap<String, Long>();
        reader.readAll(List.of(topics.deadLetter()), record -> deadLetterSources.merge(
                codec.decode(record.value(), DeadLetter.class).getSource(), 1L, Long::sum));
        long jobDeadLetters = deadLetterSources.entrySet().stream().filter(e -> e.getKey().startsWith("streaming"))
                .mapToLong(Map.Entry::getValue).sum();
        long collectorDeadLetters = deadLetterSources.values().stream().mapToLong(Long::longValue).sum()
                - jobDeadLetters;

        var features = new HashMap<String, UserRoomFeatures>();
        reader.readAll(List.of(topics.userRoomFeatures()), record -> {
            var f = codec.decode(record.value(), UserRoomFeatures.class);
            features.put(f.getUserId() + "/" + f.getRoomId(), f);
        });
        var params = new FeatureParams(HEARTBEAT_GAP, 1000, Duration.ofSeconds(60), Duration.ofSeconds(10));
        var reference = FeatureReference.compute(firsts, params).userRoom();
        long referenceSessions = reference.values().stream().mapToLong(UserRoomFeatures::getSessions).sum();
        long featureSessions = features.values().stream().mapToLong(UserRoomFeatures::getSessions).sum();
        long keysDiffering = 0;
        for (String key : union(reference.keySet(), features.keySet())) {
            var want = reference.get(key);
            var got = features.get(key);
            if (want == null || got == null || want.getSessions() != got.getSessions()
                    || want.getWatchTimeMs() != got.getWatchTimeMs() || want.getInteractions() != got.getInteractions()) {
                keysDiffering++;
            }
        }
        String health = servingHealth();
        CONSOLE.info("Soak accounting (read back in {} s):", (System.nanoTime() - started) / 1_000_000_000L);
        faults.forEach(f -> CONSOLE.info("  fault: {}", f));
        CONSOLE.info("  events sent {} = accepted {} + rejected {}{}", fmt(generated + sender.roomIds.size()),
                fmt(acceptedCount), fmt(sender.rejected.cardinality()),
                sender.unresolved() == 0 ? "" : " + never answered " + fmt(sender.unresolved()));
        CONSOLE.info("  collector answers: {} requests, {} event retries after 503 (Kafka unavailable)",
                fmt(sender.requests), fmt(sender.retries));
        CONSOLE.info("  accepted {} -> in the event topics {} distinct; lost {}, duplicated {}, rejected but stored {},"
                        + " unknown ids {}", fmt(acceptedCount), fmt(inTopicsDistinct), fmt(lost), fmt(duplicated),
                fmt(rejectedButStored), fmt(unknown[0]));
        CONSOLE.info("  rejected {} -> dead letters from the collector {}; dead letters from the feature job (late) {}"
                + " {}", fmt(sender.rejected.cardinality()), fmt(collectorDeadLetters), fmt(jobDeadLetters),
                deadLetterSources);
        CONSOLE.info("  sessions: feature topic {} in {} user-rooms; reference {} in {} user-rooms; user-rooms that"
                        + " differ (sessions, W or interactions) {}", fmt(featureSessions), fmt(features.size()),
                fmt(referenceSessions), fmt(reference.size()), fmt(keysDiffering));
        CONSOLE.info("  serving /health after its restart: {}", health);
        boolean balanced = sender.unresolved() == 0 && lost == 0 && duplicated == 0 && rejectedButStored == 0
                && unknown[0] == 0 && collectorDeadLetters == sender.rejected.cardinality()
                && featureSessions == referenceSessions && keysDiffering == 0 && faults.size() == 3
                && faults.stream().noneMatch(f -> f.contains("FAILED") || f.contains("NO CHECKPOINT"));
        CONSOLE.info("RESULT soak {}: sent {}, lost {}, duplicated {}, sessions {} vs reference {}",
                balanced ? "BALANCED" : "NOT BALANCED", fmt(generated + sender.roomIds.size()), fmt(lost),
                fmt(duplicated), fmt(featureSessions), fmt(referenceSessions));
        return balanced ? 0 : 1;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private String servingHealth() {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servingPort.get()
                    + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Posts events to the collector in NDJSON batches, retrying those it answers as unavailable. */
    private final class Sender {
        final BitSet accepted = new BitSet();
        final BitSet rejected = new BitSet();
        final java.util.Set<String> roomIds = new java.util.HashSet<>();
        private final java.util.Set<String> roomsAnswered = new java.util.HashSet<>();
        private final URI uri;
        private final ArrayDeque<SoakTraffic.Event> retry = new ArrayDeque<>();
        int generated;
        long requests;
        long retries;

        Sender(int collectorPort) {
            this.uri = URI.create("http://127.0.0.1:" + collectorPort + "/v1/events");
        }

        static int number(String eventId) {
            if (eventId == null || !eventId.startsWith("soak-") || eventId.startsWith("soak-room-")) {
                return -1;
            }
            try {
                return Integer.parseInt(eventId.substring("soak-".length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        long unresolved() {
            return generated - accepted.cardinality() - rejected.cardinality() + roomIds.size()
                    - roomsAnswered.size();
        }

        /**
         * Generates {@code rate} events a second for {@code length}, stamped when generated, into the queue, and
         * posts the queue in up to {@link #IN_FLIGHT} concurrent batches: while Kafka is down, events keep coming
         * and wait in the queue with their times, as a client's buffer would hold them.
         */
        void run(SoakTraffic traffic, Duration length) throws InterruptedException {
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long nextProgress = start + 10_000_000_000L;
            long lastGenerated = 0;
            long lastProgress = start;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                long due = (long) ((now - start) / 1e9 * rate) - generated;
                long wallMs = System.currentTimeMillis();
                for (; due > 0; due--) {
                    retry.add(traffic.next(wallMs));
                    generated++;
                }
                if (retry.isEmpty()) {
                    Thread.sleep(5);
                } else if (!postQueued()) {
                    Thread.sleep(500); // Kafka (or the collector) unavailable: back off; new events queue up
                }
                if (now >= nextProgress) {
                    double seconds = (now - start) / 1e9;
                    CONSOLE.info(String.format(Locale.ROOT, "soak %4.0f/%d s: sent %,d (%,.0f events/s last %.0f s),"
                                    + " accepted %,d, rejected %,d, queued or retrying %,d; ETA %.0f s", seconds,
                            length.toSeconds(), generated, (generated - lastGenerated) / ((now - lastProgress) / 1e9),
                            (now - lastProgress) / 1e9, accepted.cardinality(), rejected.cardinality(), retry.size(),
                            length.toSeconds() - seconds));
                    lastGenerated = generated;
                    lastProgress = now;
                    nextProgress += 10_000_000_000L;
                }
            }
            drain();
        }

        /** Posts up to {@link #IN_FLIGHT} batches from the queue at once; false when some events must be retried. */
        private boolean postQueued() throws InterruptedException {
            var batches = new ArrayList<List<SoakTraffic.Event>>();
            while (!retry.isEmpty() && batches.size() < IN_FLIGHT) {
                var batch = new ArrayList<SoakTraffic.Event>();
                while (!retry.isEmpty() && batch.size() < BATCH) {
                    batch.add(retry.poll());
                }
                batches.add(batch);
            }
            var answers = new ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
            for (var batch : batches) {
                var body = new StringBuilder(batch.size() * 200);
                batch.forEach(e -> body.append(e.json()).append('\n'));
                requests++;
                answers.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            boolean allAnswered = true;
            for (int i = 0; i < batches.size(); i++) {
                HttpResponse<String> response;
                try {
                    response = answers.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    response = null;
                }
                allAnswered &= settle(batches.get(i), response);
            }
            return allAnswered;
        }

        /** Sends {@code events} (room events) and retries until each is answered. */
        void sendUntilDone(List<SoakTraffic.Event> events) throws InterruptedException {
            events.forEach(e -> roomIds.add(e.eventId()));
            retry.addAll(events);
            drain();
        }

        private void drain() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!retry.isEmpty() && System.nanoTime() < deadline) {
                var batch = new ArrayList<SoakTraffic.Event>();
                while (!retry.isEmpty() && batch.size() < BATCH) {
                    batch.add(retry.poll());
                }
                if (!post(batch)) {
                    Thread.sleep(500);
                }
            }
        }

        /** False when some events must be retried. */
        private boolean post(List<SoakTraffic.Event> batch) throws InterruptedException {
            var body = new StringBuilder(batch.size() * 200);
            batch.forEach(e -> body.append(e.json()).append('\n'));
            requests++;
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                response = null;
            }
            return settle(batch, response);
        }

        /** Records each event's answer; queues again those to retry. False when there are some. */
        private boolean settle(List<SoakTraffic.Event> batch, HttpResponse<String> response) {
            JsonNode results = null;
            if (response != null && (response.statusCode() == 200 || response.statusCode() == 400
                    || response.statusCode() == 503)) {
                try {
                    results = JSON.readTree(response.body()).get("results");
                } catch (IOException e) {
                    results = null;
                }
            }
            if (results == null || results.size() != batch.size()) {
                retry.addAll(batch);
                retries += batch.size();
                return false;
            }
            boolean allAnswered = true;
            for (JsonNode result : results) {
                var event = batch.get(result.get("index").asInt());
                String status = result.get("status").asText();
                switch (status) {
                    // A duplicate is an event id the collector already stored: a retry after a lost answer.
                    case "accepted", "duplicate" -> mark(event, accepted);
                    case "rejected" -> mark(event, rejected);
                    default -> {
                        retry.add(event);
                        retries++;
                        allAnswered = false;
                    }
                }
            }
            return allAnswered;
        }

        private void mark(SoakTraffic.Event event, BitSet outcome) {
            int n = number(event.eventId());
            if (n >= 0) {
                outcome.set(n);
            } else {
                roomsAnswered.add(event.eventId());
            }
        }
    }
}
