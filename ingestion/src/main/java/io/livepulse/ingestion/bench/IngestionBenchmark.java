package io.livepulse.ingestion.bench;

import io.livepulse.ingestion.collector.CollectorConfig;
import io.livepulse.ingestion.collector.CollectorServer;
import io.livepulse.ingestion.collector.KafkaEventWriter;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Events/s accepted end to end into Kafka through the collector (single events, batches of 100 and 1,000,
 * posted by loopback client threads), against a plain kafka-clients producer sending the same records with
 * the same settings (idempotent, acks=all) to the same embedded broker in the same run. Each run's rate is
 * also given per CPU-second of the whole JVM and per CPU-second without the load generator's threads, which
 * the other processes of a shared machine distort much less than the wall clock.
 *
 * <pre>
 * java -Xmx2g -cp ingestion/target/livepulse-ingestion-*.jar:$(cat ingestion/target/app.classpath) \
 *     io.livepulse.ingestion.bench.IngestionBenchmark --events 200000 --single-events 2000 --clients 8 --more-clients 32
 * </pre>
 */
@Command(name = "ingestion-benchmark", mixinStandardHelpOptions = true)
public final class IngestionBenchmark implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final Logger LOG = LoggerFactory.getLogger(IngestionBenchmark.class);

    @Option(names = "--events", defaultValue = "200000", description = "events per batched run and for the plain producer")
    int events;

    @Option(names = "--single-events", defaultValue = "20000", description = "events for the one-event-per-request run")
    int singleEvents;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent HTTP client threads")
    int clients;

    @Option(names = "--single-clients", defaultValue = "64",
            description = "concurrent HTTP client threads for the one-event-per-request run (it is latency bound)")
    int singleClients;

    @Option(names = "--more-clients", defaultValue = "32",
            description = "also run the batches with this many client threads (0: skip), since a request waits for"
                    + " Kafka's acknowledgement and few clients leave the collector idle")
    int moreClients;

    @Option(names = "--batch-sizes", defaultValue = "100,1000", split = ",",
            description = "events per request of the batched runs")
    List<Integer> batchSizes;

    @Option(names = "--warmup-events", defaultValue = "100000",
            description = "events per unmeasured warm-up run (one per batch size and client count)")
    int warmupEvents;

    @Option(names = "--warmup-requests", defaultValue = "20000",
            description = "requests of 10 events each posted unmeasured before the batch warm-ups (0: none), so that the"
                    + " per-request code (HTTP server and client, dispatch, answers) is compiled as in a collector that has"
                    + " been up for a while: a batch warm-up of 100,000 events is only 100 requests of 1,000")
    int warmupRequests;

    @Option(names = "--linger-ms", defaultValue = "5",
            description = "Kafka linger.ms of the collector's producer and of the plain producer alike")
    int lingerMs;

    @Option(names = "--http-threads", defaultValue = "16", description = "most threads of the collector's HTTP server")
    int httpThreads;

    @Option(names = "--partitions", defaultValue = "4",
            description = "partitions per topic (kafka.partitions) for the collector and the plain producer alike")
    int partitions;

    /** A phase's events and what it cost. */
    record Rate(String name, int events, CpuClock.Cost cost) {
        double perSecond() {
            return events / cost.wallSeconds();
        }

        double perProcessCpuSecond() {
            return events / cost.processCpuSeconds();
        }

        double perServerCpuSecond() {
            return events / cost.systemUnderTestCpuSeconds();
        }
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("livepulse-bench");
        try (var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0)) {
            var settings = Settings.of(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                    "kafka.topic-prefix", "bench.", "collector.port", "0", "collector.demo-mode", "true",
                    "collector.dedup-max-ids", "2000000", "collector.producer-linger", lingerMs + "ms",
                    "collector.http-threads", Integer.toString(httpThreads), "kafka.partitions", Integer.toString(partitions)));
            var config = CollectorConfig.from(settings);
            var topics = TopicCatalog.of(config.platform());
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                topics.ensureTopics(admin);
            }
            String bootstrap = broker.bootstrapServers();
            var plainWarm = plainProducer("plain producer, warm-up", bootstrap, topics, records(1, events / 4), config.producerLinger());
            var plainFirst = plainProducer("plain producer, 1st run", bootstrap, topics, records(2, events), config.producerLinger());
            CONSOLE.info("bench: plain kafka-clients producer: {} events/s (warm-up {}), load average {}",
                    round(plainFirst.perSecond()), round(plainWarm.perSecond()), loadAverage());
            var rates = new ArrayList<Rate>();
            var clientCounts = moreClients > 0 ? List.of(clients, moreClients) : List.of(clients);
            try (var server = CollectorServer.start(config)) {
                String url = "http://localhost:" + server.port() + "/v1/events";
                long seed = 100;
                // unmeasured: the JIT compiles the collector's paths before the measured runs, as for the limit
                if (warmupRequests > 0) {
                    collector(url, server, Bodies.of(records(seed++, warmupRequests * 10), 10), clients, "warm-up, ");
                }
                for (int batchSize : batchSizes) {
                    for (int c : clientCounts) {
                        collector(url, server, Bodies.of(records(seed++, warmupEvents), batchSize), c, "warm-up, ");
                    }
                }
                if (singleEvents > 0) {
                    rates.add(collector(url, server, Bodies.of(records(seed++, singleEvents), 1), singleClients, ""));
                }
                for (int c : clientCounts) {
                    for (int batchSize : batchSizes) {
                        rates.add(collector(url, server, Bodies.of(records(seed++, events), batchSize), c, ""));
                    }
                }
            }
            // measured again once the broker is as warm as for the collector runs; the better run is the limit
            var plainLast = plainProducer("plain producer, 2nd run", bootstrap, topics, records(9, events), config.producerLinger());
            CONSOLE.info("bench: plain kafka-clients producer again: {} events/s, load average {}",
                    round(plainLast.perSecond()), loadAverage());
            var plain = new Rate("plain producer (limit, best of 2)", events, new CpuClock.Cost(
                    Math.min(plainFirst.cost().wallSeconds(), plainLast.cost().wallSeconds()),
                    Math.min(plainFirst.cost().processCpuSeconds(), plainLast.cost().processCpuSeconds()),
                    Map.of()));
            report(plain, plainFirst, plainLast, rates);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private void report(Rate plain, Rate plainFirst, Rate plainLast, List<Rate> rates) {
        CONSOLE.info("bench: {} cores, JDK {}, {} events per run ({} for single events), {} warm-up requests of 10"
                + " events, {} warm-up events per batch run, linger {} ms, {} partitions per topic, {} HTTP threads at most,"
                + " load average now {}",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), events, singleEvents, warmupRequests,
                warmupEvents,
                lingerMs, partitions, httpThreads, loadAverage());
        CONSOLE.info("bench: the whole JVM (broker, producer or collector, load generator) is on the CPU clock;"
                + " 'server CPU' leaves out the load generator's threads");
        CONSOLE.info(String.format("bench: %-36s %10s %6s %14s %6s %14s %6s", "run", "events/s", "ratio",
                "/process CPU-s", "ratio", "/server CPU-s", "ratio"));
        var all = new ArrayList<Rate>();
        all.add(plain);
        all.addAll(rates);
        for (Rate r : all) {
            CONSOLE.info(String.format("bench: %-36s %10.0f %6.2f %14.0f %6.2f %14.0f %6.2f", r.name(), r.perSecond(),
                    r.perSecond() / plain.perSecond(), r.perProcessCpuSecond(),
                    r.perProcessCpuSecond() / plain.perProcessCpuSecond(), r.perServerCpuSecond(),
                    r.perServerCpuSecond() / plain.perServerCpuSecond()));
        }
        var breakdown = new ArrayList<Rate>(List.of(plainFirst, plainLast));
        breakdown.addAll(rates);
        var groups = new java.util.TreeSet<String>();
        breakdown.forEach(r -> groups.addAll(r.cost().groups().keySet()));
        CONSOLE.info("bench: CPU microseconds per event by thread group (Linux per-thread CPU time):");
        CONSOLE.info(String.format("bench: %-36s %6s | %s", "run", "total", String.join(" | ", groups)));
        for (Rate r : breakdown) {
            var cells = new ArrayList<String>();
            for (String g : groups) {
                cells.add(String.format("%" + g.length() + ".2f", r.cost().groups().getOrDefault(g, 0.0) * 1e6 / r.events()));
            }
            CONSOLE.info(String.format("bench: %-36s %6.2f | %s", r.name(), r.cost().processCpuSeconds() * 1e6 / r.events(),
                    String.join(" | ", cells)));
        }
    }

    private List<SpecificRecord> records(long seed, int n) {
        var out = new ArrayList<SpecificRecord>(n);
        var it = new PlatformSimulator(SimulationConfig.demo(seed).withUsers(20_000).withStreamers(2_000)).events();
        while (out.size() < n && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private Rate plainProducer(String name, String bootstrap, TopicCatalog topics, List<SpecificRecord> records, Duration linger)
            throws Exception {
        var encoded = new ArrayList<ProducerRecord<String, byte[]>>(records.size());
        for (SpecificRecord r : records) {
            encoded.add(new ProducerRecord<>(topics.topicFor(EventType.of(r).orElseThrow()),
                    String.valueOf(r.get(r.getSchema().getField("roomId").pos())), AvroCodec.standard().encode(r)));
        }
        var settings = new java.util.HashMap<String, Object>(KafkaEventWriter.batching(linger));
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(settings,
                new StringSerializer(), new ByteArraySerializer())) {
            quiesce();
            var start = CpuClock.read();
            for (var record : encoded) {
                producer.send(record);
            }
            producer.flush();
            var rate = new Rate(name, records.size(), CpuClock.between(start, CpuClock.read()));
            CONSOLE.info(String.format("bench: %s: %d events in %.1f s = %.0f events/s; CPU %.1f s: %s", rate.name(),
                    records.size(), rate.cost().wallSeconds(), rate.perSecond(), rate.cost().processCpuSeconds(),
                    microsPerEvent(rate)));
            return rate;
        }
    }

    /** NDJSON request bodies of {@code batchSize} events each. */
    record Bodies(List<byte[]> bodies, int events, int batchSize) {
        static Bodies of(List<SpecificRecord> records, int batchSize) {
            var bodies = new ArrayList<byte[]>();
            for (int i = 0; i < records.size(); i += batchSize) {
                var sb = new StringBuilder();
                for (SpecificRecord r : records.subList(i, Math.min(records.size(), i + batchSize))) {
                    sb.append(EventJson.toJsonString(r)).append('\n');
                }
                bodies.add(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            return new Bodies(bodies, records.size(), batchSize);
        }
    }

    /**
     * Posts every body, {@code clients} requests in flight at a time, with Jetty's asynchronous HTTP client: each
     * answer sends the next body, so a few client threads keep all connections busy. The records are turned into
     * bodies first, so that the run's heap holds only the bodies.
     */
    private Rate collector(String url, CollectorServer server, Bodies prepared, int clients, String label)
            throws Exception {
        double acceptedBefore = server.metrics().total("livepulse.collector.events.accepted");
        var bodies = prepared.bodies();
        int batchSize = prepared.batchSize();
        var threads = new QueuedThreadPool(4, 2);
        threads.setName("loadgen-http");
        var client = new HttpClient();
        client.setExecutor(threads);
        client.setMaxConnectionsPerDestination(clients);
        client.setMaxRequestsQueuedPerDestination(clients * 2);
        client.setIdleTimeout(60_000);
        client.start();
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        var done = new CountDownLatch(clients);
        quiesce();
        var start = CpuClock.read();
        for (int c = 0; c < clients; c++) {
            new LoadClient(client, url, bodies, next, failures, done).sendNext();
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the load generator did not finish in 30 minutes");
        }
        var cost = CpuClock.between(start, CpuClock.read());
        client.stop();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests were not answered 200");
        }
        double accepted = server.metrics().total("livepulse.collector.events.accepted") - acceptedBefore;
        if (accepted != prepared.events()) {
            throw new IllegalStateException("the collector accepted " + accepted + " of " + prepared.events()
                    + " events; every event of the benchmark must be valid and new");
        }
        var rate = new Rate(label + (batchSize == 1 ? "collector, 1 per request" : "collector, batch " + batchSize)
                + ", " + clients + " clients", prepared.events(), cost);
        CONSOLE.info(String.format("bench: %s: %d events in %.1f s = %.0f events/s; CPU %.1f s: %s; load average %s",
                rate.name(), prepared.events(), cost.wallSeconds(), rate.perSecond(), cost.processCpuSeconds(),
                microsPerEvent(rate), loadAverage()));
        return rate;
    }

    /** One request in flight at a time: when an answer arrives, the next unsent body goes out. */
    private static final class LoadClient implements Response.CompleteListener {
        private final HttpClient client;
        private final String url;
        private final List<byte[]> bodies;
        private final AtomicInteger next;
        private final AtomicInteger failures;
        private final CountDownLatch done;

        LoadClient(HttpClient client, String url, List<byte[]> bodies, AtomicInteger next, AtomicInteger failures,
                CountDownLatch done) {
            this.client = client;
            this.url = url;
            this.bodies = bodies;
            this.next = next;
            this.failures = failures;
            this.done = done;
        }

        void sendNext() {
            int b = next.getAndIncrement();
            if (b >= bodies.size()) {
                done.countDown();
                return;
            }
            client.POST(url).headers(h -> h.remove(HttpHeader.ACCEPT_ENCODING))
                    .body(new BytesRequestContent("application/x-ndjson", bodies.get(b))).send(this);
        }

        @Override
        public void onComplete(Result result) {
            if (result.isFailed() || result.getResponse().getStatus() != 200) {
                failures.incrementAndGet();
            }
            sendNext();
        }
    }

    /**
     * Before a measured phase: the garbage of preparing it is collected and the JIT has compiled what preparing
     * it made hot, so that neither is charged to the phase (the plain producer and the collector alike).
     */
    private static void quiesce() throws InterruptedException {
        System.gc();
        double waited = CpuClock.awaitQuietCompilers(Duration.ofSeconds(10));
        LOG.debug("JIT compilers quiet after {} s", waited);
    }

    /** CPU microseconds per event, by thread group. */
    private static String microsPerEvent(Rate rate) {
        var parts = new ArrayList<String>();
        rate.cost().groups().forEach((group, seconds) -> {
            if (Math.abs(seconds) >= 0.005) {
                parts.add(String.format("%s %.1f", group, seconds * 1e6 / rate.events()));
            }
        });
        return String.format("%.1f us/event (", rate.cost().processCpuSeconds() * 1e6 / rate.events())
                + String.join(", ", parts) + ")";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long round(double rate) {
        return Math.round(rate);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestionBenchmark()).execute(args));
    }
}
