package io.livepulse.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.AvroSerde;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Shared by the integration tests: settings for a server on a free port (with the pseudonymisation key the
 * collector would use), a producer, HTTP calls.
 */
final class ServingFixture {
    static final String PSEUDONYM_KEY = "serving-test-pseudonym-key-0123456789-abcdef";
    /** What the collector stores for a platform user id, so tests seed the store as the pipeline would. */
    static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(PSEUDONYM_KEY.getBytes(StandardCharsets.UTF_8));
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServingFixture() {}

    static ServingConfig config(String bootstrap, Path dataDir, Map<String, String> extra) {
        var settings = new HashMap<String, String>();
        settings.put("kafka.bootstrap-servers", bootstrap);
        settings.put("kafka.partitions", "1");
        settings.put("data.dir", dataDir.toString());
        settings.put("serving.port", "0");
        settings.put("serving.host", "127.0.0.1");
        settings.put("serving.registry-poll", "200ms");
        settings.put("serving.dashboard-period", "300ms");
        settings.putAll(extra);
        var env = new HashMap<String, String>();
        settings.forEach((key, value) -> env.put(Settings.envName(key), value));
        env.put(Pseudonymizer.SECRET_VARIABLE, PSEUDONYM_KEY);
        return ServingConfig.from(Settings.load(Optional.empty(), env));
    }

    static KafkaProducer<String, SpecificRecord> producer(String bootstrap) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props, new StringSerializer(), new AvroSerde.RecordSerializer());
    }

    static void send(KafkaProducer<String, SpecificRecord> producer, String topic, String key, SpecificRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, key, record)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    static Answer call(int port, String method, String path, String key, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json")) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
