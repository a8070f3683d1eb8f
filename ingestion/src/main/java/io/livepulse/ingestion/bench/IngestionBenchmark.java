package io.livepulse.ingestion.bench;

import io.livepulse.ingestion.collector.CollectorConfig;
import io.livepulse.ingestion.collector.CollectorServer;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Events/s accepted end to end into Kafka through the collector (single events, batches of 100 and 1,000,
 * posted by loopback client threads), against a plain kafka-clients producer sending the same records with
 * the same settings (idempotent, acks=all) to the same embedded broker in the same run.
 *
 * <pre>
 * java -cp ingestion/target/livepulse-ingestion-*.jar:$(cat ingestion/target/app.classpath) \
 *     io.livepulse.ingestion.bench.IngestionBenchmark --events 200000 --single-events 20000 --clients 8
 * </pre>
 */
@Command(name = "ingestion-benchmark", mixinStandardHelpOptions = true)
public final class IngestionBenchmark implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--events", defaultValue = "200000", description = "events per batched run and for the plain producer")
    int events;

    @Option(names = "--single-events", defaultValue = "20000", description = "events for the one-event-per-request run")
    int singleEvents;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent HTTP client threads")
    int clients;

    @Option(names = "--single-clients", defaultValue = "64",
            description = "concurrent HTTP client threads for the one-event-per-request run (it is latency bound)")
    int singleClients;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("livepulse-bench");
        try (var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0)) {
            var settings = Settings.of(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                    "kafka.topic-prefix", "bench.", "collector.port", "0", "collector.demo-mode", "true",
                    "collector.dedup-max-ids", "5000000"));
            var config = CollectorConfig.from(settings);
            var topics = TopicCatalog.of(config.platform());
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                topics.ensureTopics(admin);
            }
            double plainWarm = plainProducer(broker.bootstrapServers(), topics, records(1, events / 4));
            double plain = plainProducer(broker.bootstrapServers(), topics, records(2, events));
            CONSOLE.info("bench: plain kafka-clients producer: {} events/s (warm-up {})", round(plain), round(plainWarm));
            try (var server = CollectorServer.start(config)) {
                String url = "http://localhost:" + server.port() + "/v1/events";
                collector(url, records(3, events / 4), 100, clients);
                double single = collector(url, records(4, singleEvents), 1, singleClients);
                double hundred = collector(url, records(5, events), 100, clients);
                double thousand = collector(url, records(6, events), 1_000, clients);
                CONSOLE.info("bench: {} cores, JDK {}, {} client threads ({} for single events), {} events per run ({} for"
                        + " single events)", Runtime.getRuntime().availableProcessors(), Runtime.version(), clients,
                        singleClients, events, singleEvents);
                CONSOLE.info(String.format("bench: plain producer          %10.0f events/s  1.00", plain));
                CONSOLE.info(String.format("bench: collector, 1 per request %9.0f events/s  %.2f", single, single / plain));
                CONSOLE.info(String.format("bench: collector, batch 100    %10.0f events/s  %.2f", hundred, hundred / plain));
                CONSOLE.info(String.format("bench: collector, batch 1000   %10.0f events/s  %.2f", thousand, thousand / plain));
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private List<SpecificRecord> records(long seed, int n) {
        var out = new ArrayList<SpecificRecord>(n);
        var it = new PlatformSimulator(SimulationConfig.demo(seed).withUsers(20_000).withStreamers(2_000)).events();
        while (out.size() < n && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private double plainProducer(String bootstrap, TopicCatalog topics, List<SpecificRecord> records) throws Exception {
        var encoded = new ArrayList<ProducerRecord<String, byte[]>>(records.size());
        for (SpecificRecord r : records) {
            encoded.add(new ProducerRecord<>(topics.topicFor(EventType.of(r).orElseThrow()),
                    String.valueOf(r.get(r.getSchema().getField("roomId").pos())), AvroCodec.standard().encode(r)));
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (var record : encoded) {
                producer.send(record);
            }
            producer.flush();
            return records.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private double collector(String url, List<SpecificRecord> records, int batchSize, int clients) throws Exception {
        var bodies = new ArrayList<byte[]>();
        for (int i = 0; i < records.size(); i += batchSize) {
            var sb = new StringBuilder();
            for (SpecificRecord r : records.subList(i, Math.min(records.size(), i + batchSize))) {
                sb.append(EventJson.toJsonString(r)).append('\n');
            }
            bodies.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        var futures = new ArrayList<Future<?>>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < bodies.size(); b = next.getAndIncrement()) {
                    var response = client.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(b))).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests were not answered 200");
        }
        double rate = records.size() / seconds;
        CONSOLE.info("bench: collector, batches of {}: {} events in {} s = {} events/s", batchSize, records.size(),
                String.format("%.1f", seconds), round(rate));
        return rate;
    }

    private static long round(double rate) {
        return Math.round(rate);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestionBenchmark()).execute(args));
    }
}
