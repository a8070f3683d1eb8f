package io.livepulse.platform.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's Prometheus: the system's {@code prometheus} binary with {@code ops/prometheus} (scrape config and
 * rules) copied under {@code data/prometheus}, serving's demo operator key beside them for the scrape of
 * {@code /metrics}, its time series in {@code data/prometheus/tsdb} and its output in {@code prometheus.log}.
 */
final class PrometheusProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusProcess.class);
    static final int PORT = 9090;

    private final Process process;
    private final Path dir;

    private PrometheusProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** The {@code prometheus} binary on the PATH, if installed. */
    static Optional<Path> binary() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry, "prometheus");
            if (!entry.isBlank() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the config under {@code dir} and starts Prometheus on {@code 127.0.0.1:port}.
     *
     * @param operatorKey serving's operator key, for {@code Authorization: Bearer} on its {@code /metrics}
     */
    static PrometheusProcess start(Path binary, Path home, Path dir, String operatorKey, int port) {
        Path ops = home.resolve("ops").resolve("prometheus");
        try {
            Files.createDirectories(dir.resolve("tsdb"));
            Files.copy(ops.resolve("prometheus.yml"), dir.resolve("prometheus.yml"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(ops.resolve("rules.yml"), dir.resolve("rules.yml"), StandardCopyOption.REPLACE_EXISTING);
            Path key = dir.resolve("operator.key");
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, operatorKey == null ? "" : operatorKey);
            var process = new ProcessBuilder(List.of(binary.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
                    .start();
            LOG.info("Started prometheus (pid {})", process.pid());
            return new PrometheusProcess(process, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start prometheus from " + binary, e);
        }
    }

    Path log() {
        return dir.resolve("prometheus.log");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
