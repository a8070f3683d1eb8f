package io.livepulse.notebooks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's Jupyter notebook server in a child process, on loopback, serving the notebooks directory with the
 * LivePulse kernelspec visible through {@code JUPYTER_PATH}.
 */
final class JupyterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JupyterServer.class);
    private static final Logger JUPYTER = LoggerFactory.getLogger("jupyter");

    private final Process process;
    private final String url;

    private JupyterServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The command that starts the server. */
    static List<String> command(NotebooksConfig config, String token, boolean root) {
        var command = new ArrayList<>(List.of(config.jupyter().toString(), "notebook", "--no-browser",
                "--ip=" + config.host(), "--port=" + config.port(), "--port-retries=0",
                "--notebook-dir=" + config.notebooksDir(), "--NotebookApp.token=" + token));
        if (root) {
            // Containers and CI run as root; Jupyter refuses to start there unless told.
            command.add("--allow-root");
        }
        return command;
    }

    /** A random token for the server's URL. */
    static String randomToken() {
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Starts Jupyter and waits until it answers.
     *
     * @throws IllegalStateException if Jupyter is not installed, exits, or does not answer within {@code timeout}
     */
    static JupyterServer start(NotebooksConfig config, Path kernelspecRoot, Duration timeout) throws InterruptedException {
        if (!Files.isExecutable(config.jupyter())) {
            throw new IllegalStateException(config.jupyter() + " is not installed: run .ci/install-packages (it installs "
                    + "Debian's jupyter-notebook, jupyter-nbconvert and jupyter-client), or set notebooks.jupyter");
        }
        if (!Files.isDirectory(config.notebooksDir())) {
            throw new IllegalStateException("notebooks.dir " + config.notebooksDir() + " is not a directory");
        }
        String token = config.token().orElseGet(JupyterServer::randomToken);
        var builder = new ProcessBuilder(command(config, token, "root".equals(System.getProperty("user.name")))).redirectErrorStream(true);
        builder.environment().put("JUPYTER_PATH", kernelspecRoot.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + config.jupyter(), e);
        }
        var pump = new Thread(() -> pump(process), "jupyter-output");
        pump.setDaemon(true);
        pump.start();
        String base = "http://" + config.host() + ":" + config.port() + "/";
        var server = new JupyterServer(process, base + "?token=" + token);
        if (!server.awaitAnswer(URI.create(base + "api/status?token=" + token), timeout)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Jupyter exited with code " + process.exitValue()
                        + " before answering; see its output above");
            }
            server.close();
            throw new IllegalStateException("Jupyter did not answer on " + base + " within " + timeout.toSeconds()
                    + " s; see its output above (is port " + config.port() + " taken? set notebooks.port)");
        }
        return server;
    }

    String url() {
        return url;
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    private boolean awaitAnswer(URI status, Duration timeout) throws InterruptedException {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                var response = client.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                LOG.debug("Jupyter not answering yet: {}", e.getMessage());
            }
            Thread.sleep(300);
        }
        return false;
    }

    private static void pump(Process process) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JUPYTER.info("{}", line);
            }
        } catch (IOException e) {
            LOG.debug("Jupyter output closed: {}", e.getMessage());
        }
    }

    /** SIGTERM (Jupyter shuts its kernels down), then a kill after 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warn("Jupyter did not stop within 15 s; killing it");
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
