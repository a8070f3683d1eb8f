package io.livepulse.streaming;

import io.livepulse.platform.testing.OpsTooling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code prometheus} on the loopback scrapes the stream app's MiniCluster, built by
 * {@link StreamingMain#environment} with its Prometheus reporter, while a Kafka job runs. Flink's throughput,
 * backpressure, checkpoint and Kafka-lag metrics arrive, the target is up and no rule of
 * {@code ops/prometheus/rules.yml} fires; then the job stops, the reporter goes away and
 * {@code LivePulseFlinkDown} fires (the rules' {@code for:} shortened to seconds).
 */
class PrometheusMonitoringITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private Process prometheus;
    private JobClient job;
    private final AtomicBoolean producing = new AtomicBoolean(true);

    @AfterEach
    void stop() throws Exception {
        producing.set(false);
        if (job != null) {
            job.cancel().exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void prometheusScrapesFlinkAndFiresWhenTheJobGoesAway() throws Exception {
        Path binary = OpsTooling.onPath("prometheus");
        if (binary == null) {
            String message = "prometheus is not installed: run 'apt-get install prometheus' (in .ci/apt-packages)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        String topic = "monitoring-it";
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        startProducer(topic);

        int reporterPort = OpsTooling.freePort();
        var config = StreamingConfig.from(Settings.of(Map.of(
                "kafka.bootstrap-servers", KAFKA.bootstrapServers(),
                "data.dir", dir.resolve("data").toString(),
                "streaming.web-ui-port", String.valueOf(OpsTooling.freePort()),
                "streaming.parallelism", "1",
                "streaming.checkpoint-interval", "1s")));
        var env = StreamingMain.environment(config, String.valueOf(reporterPort), false);
        var source = KafkaSource.<String>builder().setBootstrapServers(KAFKA.bootstrapServers()).setTopics(topic)
                .setGroupId("monitoring-it").setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema()).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events")
                .map(String::length).uid("lengths")
                .sinkTo(new DiscardingSink<>());
        job = env.executeAsync("livepulse-monitoring-it");

        int prometheusPort = OpsTooling.freePort();
        prometheus = startPrometheus(binary, reporterPort, prometheusPort);
        String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";

        // Every target up, Flink's own metrics present (a completed checkpoint and records read first).
        JsonNode targets = await(api + "targets", t -> t.path("data").path("activeTargets").size() == 1
                && t.path("data").path("activeTargets").get(0).path("health").asText().equals("up"));
        assertThat(targets.path("data").path("activeTargets").get(0).path("labels").path("job").asText())
                .isEqualTo("livepulse-flink");
        for (String metric : List.of(
                "flink_jobmanager_job_numberOfCompletedCheckpoints > 0",
                "flink_jobmanager_job_numberOfFailedCheckpoints",
                "flink_taskmanager_job_task_operator_numRecordsIn{operator_name=~\".*lengths.*|Map\"} > 0",
                "flink_taskmanager_job_task_operator_numRecordsInPerSecond",
                "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
                "flink_taskmanager_job_task_operator_pendingRecords",
                "flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max")) {
            await(api + "query?query=" + URLEncoder.encode(metric, StandardCharsets.UTF_8),
                    r -> r.path("data").path("result").size() > 0);
        }
        JsonNode rules = get(api + "rules");
        assertThat(rules.path("data").path("groups").findValuesAsText("name"))
                .contains("LivePulseTargetDown", "LivePulseFlinkDown", "LivePulsePipelineLagHigh",
                        "LivePulseFlinkCheckpointFailures", "LivePulseDeadLetterRate");
        assertThat(firing(get(api + "alerts"))).isEmpty();

        // The job stops, its MiniCluster and reporter with it: the Flink-down rule fires.
        job.cancel().get(30, TimeUnit.SECONDS);
        job = null;
        JsonNode alerts = await(api + "alerts", a -> firing(a).contains("LivePulseFlinkDown"));
        assertThat(firing(alerts)).containsExactly("LivePulseFlinkDown");
    }

    private static List<String> firing(JsonNode alerts) {
        var names = new ArrayList<String>();
        for (JsonNode alert : alerts.path("data").path("alerts")) {
            if (alert.path("state").asText().equals("firing")) {
                names.add(alert.path("labels").path("alertname").asText());
            }
        }
        return names;
    }

    private Process startPrometheus(Path binary, int reporterPort, int port) throws IOException {
        Path ops = OpsTooling.prometheusOps();
        String rules = Files.readString(ops.resolve("rules.yml"));
        assertThat(rules).contains("for: 1m");
        Files.writeString(dir.resolve("rules.yml"), rules.replace("for: 1m", "for: 2s"));
        Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "rule_files: [rules.yml]",
                "scrape_configs:",
                "  - job_name: livepulse-flink",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + reporterPort + "']",
                ""));
        return new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private void startProducer(String topic) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        var thread = new Thread(() -> {
            try (var producer = new KafkaProducer<String, String>(props)) {
                for (int i = 0; producing.get(); i++) {
                    producer.send(new ProducerRecord<>(topic, "event-" + i));
                    if (i % 100 == 99) {
                        Thread.sleep(50);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "monitoring-it-producer");
        thread.setDaemon(true);
        thread.start();
    }

    private JsonNode await(String url, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                last = get(url);
                if (condition.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                last = null; // not listening yet
            }
            Thread.sleep(500);
        }
        String base = url.substring(0, url.indexOf("/api/v1/") + "/api/v1/".length());
        return fail("no answer of " + url + " matched within 60 s; last: " + last + "; metrics: "
                + get(base + "label/__name__/values").path("data"));
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
