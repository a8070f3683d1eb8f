package io.livepulse.platform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's Prometheus starts from ops/prometheus with serving's operator key and stops with the demo. */
class PrometheusProcessTest {
    @Test
    void startsWithTheOpsConfigAndTheOperatorKeyAndStops(@TempDir Path dir) throws Exception {
        var binary = PrometheusProcess.binary();
        if (binary.isEmpty()) {
            assertThat(System.getenv("CI"))
                    .as("prometheus is not installed (listed in .ci/apt-packages)").isNotEqualToIgnoringCase("true");
            Assumptions.abort("prometheus is not installed");
        }
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path home = projectRoot();

        try (var prometheus = PrometheusProcess.start(binary.get(), home, dir, "demo-operator-key", port)) {
            String targets = awaitOk("http://127.0.0.1:" + port + "/api/v1/targets");
            assertThat(targets).contains("\"job\":\"livepulse-collector\"", "\"job\":\"livepulse-serving\"",
                    "\"job\":\"livepulse-flink\"", "localhost:9250", "localhost:9260");
            assertThat(awaitOk("http://127.0.0.1:" + port + "/api/v1/rules")).contains("LivePulseTargetDown");
            assertThat(Files.readString(dir.resolve("operator.key"))).isEqualTo("demo-operator-key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("operator.key"))))
                    .isEqualTo("rw-------");
            assertThat(prometheus.isAlive()).isTrue();
            prometheus.close();
            assertThat(prometheus.isAlive()).isFalse();
        }
    }

    private static String awaitOk(String url) throws Exception {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.body();
                if (response.statusCode() == 200 && last.contains("\"status\":\"success\"")
                        && !last.contains("\"activeTargets\":[]") && !last.contains("\"groups\":[]")) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no success from " + url + " within 30 s; last: " + last);
    }

    private static Path projectRoot() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null && !Files.isDirectory(at.resolve("ops").resolve("prometheus"))) {
            at = at.getParent();
        }
        assertThat(at).as("ops/prometheus above the working directory").isNotNull();
        return at;
    }
}
