package io.livepulse.serving;

import io.livepulse.platform.testing.OpsTooling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.LexiconModel;
import io.livepulse.serving.model.ScoresModel;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code prometheus} on the loopback with the operators' {@code ops/prometheus/prometheus.yml} (hosts,
 * intervals and the rules' {@code for:} shortened; the Flink job left out): it scrapes serving's {@code /metrics}
 * with the operator key as a bearer token, and the collector, planted down, fires {@code LivePulseTargetDown}.
 */
class PrometheusScrapeITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String OPERATOR = "operator-key-for-prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void scrapesServingWithTheOperatorKeyAndFiresTargetDownForTheCollector() throws Exception {
        Path binary = OpsTooling.onPath("prometheus");
        if (binary == null) {
            String message = "prometheus is not installed: run 'apt-get install prometheus' (in .ci/apt-packages)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        var config = ServingFixture.config(KAFKA.bootstrapServers(), dir.resolve("data"), Map.of());
        var keys = ApiKeys.none().with("operator", Set.of(Role.OPERATOR), OPERATOR);
        int collectorPort = OpsTooling.freePort(); // nothing listens: the planted down target
        int port = OpsTooling.freePort();
        Process prometheus = null;
        try (var server = ServingServer.start(config, keys, ScoresModel.LOADER, LexiconModel.LOADER,
                Clock.systemUTC())) {
            prometheus = startPrometheus(binary, server.port(), collectorPort, port);
            String api = "http://127.0.0.1:" + port + "/api/v1/";

            JsonNode targets = await(prometheus, api + "targets", t -> health(t, "livepulse-serving").equals("up")
                    && health(t, "livepulse-collector").equals("down"));
            assertThat(targets.path("data").path("activeTargets").size()).isEqualTo(2);
            await(prometheus, api + "query?query=" + URLEncoder.encode(
                    "livepulse_pipeline_lag_seconds{job=\"livepulse-serving\"}", StandardCharsets.UTF_8),
                    r -> r.path("data").path("result").size() == 1);

            JsonNode alerts = await(prometheus, api + "alerts", a -> !firing(a).isEmpty());
            assertThat(firing(alerts)).containsExactly("LivePulseTargetDown/livepulse-collector");
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    private static String health(JsonNode targets, String job) {
        for (JsonNode target : targets.path("data").path("activeTargets")) {
            if (target.path("labels").path("job").asText().equals(job)) {
                return target.path("health").asText();
            }
        }
        return "absent";
    }

    private static List<String> firing(JsonNode alerts) {
        var names = new ArrayList<String>();
        for (JsonNode alert : alerts.path("data").path("alerts")) {
            if (alert.path("state").asText().equals("firing")) {
                names.add(alert.path("labels").path("alertname").asText() + "/"
                        + alert.path("labels").path("job").asText());
            }
        }
        return names;
    }

    private Process startPrometheus(Path binary, int servingPort, int collectorPort, int port) throws IOException {
        Path ops = OpsTooling.prometheusOps();
        String scrape = Files.readString(ops.resolve("prometheus.yml"));
        assertThat(scrape).contains("localhost:8080", "localhost:8081", "scrape_interval: 15s",
                "evaluation_interval: 15s", "  - job_name: livepulse-flink");
        scrape = scrape.substring(0, scrape.indexOf("  - job_name: livepulse-flink"))
                .replace("localhost:8080", "127.0.0.1:" + servingPort)
                .replace("localhost:8081", "127.0.0.1:" + collectorPort)
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
        Files.writeString(dir.resolve("prometheus.yml"), scrape);
        Files.writeString(dir.resolve("rules.yml"), Files.readString(ops.resolve("rules.yml"))
                .replace("for: 1m", "for: 2s"));
        Files.writeString(dir.resolve("operator.key"), OPERATOR);
        return new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private JsonNode await(Process prometheus, String url, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = JSON.readTree(response.body());
                if (condition.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                last = null; // not listening yet
            }
            Thread.sleep(500);
        }
        return fail("no answer of " + url + " matched within 60 s; last: " + last);
    }
}
