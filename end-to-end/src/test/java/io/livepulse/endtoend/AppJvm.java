package io.livepulse.endtoend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app in a JVM of its own, as {@code ./livepulse} starts it: the module's jar plus its
 * {@code target/app.classpath} (written at package), settings from environment variables, output kept and logged.
 */
final class AppJvm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppJvm.class);

    private final String name;
    private final Process process;
    private final Queue<String> output = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();

    private AppJvm(String name, Process process, Pattern readyLine) {
        this.name = name;
        this.process = process;
        var pump = new Thread(() -> pump(readyLine), "out-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code mainClass} of {@code module} under {@code home}; {@code readyLine} matches its ready line. */
    static AppJvm start(Path home, String module, String mainClass, Map<String, String> env, Pattern readyLine) {
        Path target = home.resolve(module).resolve("target");
        Path classpathFile = target.resolve("app.classpath");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(classpathFile + " is missing: build with mvn -pl end-to-end -am verify");
        }
        try (var jars = Files.list(target)) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("livepulse-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(tests|sources|shaded|job)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar in " + target));
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx768m");
            for (String flag : System.getProperty("livepulse.jvm-flags", "").trim().split("\\s+")) {
                if (!flag.isBlank()) {
                    command.add(flag);
                }
            }
            command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim(),
                    mainClass));
            var builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("LIVEPULSE_"));
            builder.environment().putAll(env);
            return new AppJvm(module, builder.start(), readyLine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    private void pump(Pattern readyLine) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                LOG.info("[{}] {}", name, line);
                Matcher m = readyLine.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(m);
                }
            }
        } catch (IOException e) {
            LOG.debug("output of {} closed", name, e);
        }
        ready.completeExceptionally(new IllegalStateException(name + " exited before its ready line"));
    }

    /** The ready line's match (its groups, e.g. the port), once the app printed it. */
    Matcher awaitReady(Duration timeout) throws Exception {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " not ready within " + timeout + "; output:\n" + String.join("\n", output));
        }
    }

    /** Every line the app wrote so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    /** SIGTERM (shutdown hooks run), then kill after a grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
