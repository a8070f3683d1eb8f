package io.livepulse.platform.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app running in a child JVM: its jar and its module's runtime classpath ({@code target/app.classpath},
 * written by the build), the JVM flags Flink and Spark need, and its output passed through line by line.
 */
public final class AppProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppProcess.class);
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final App app;
    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);

    private AppProcess(App app, Process process, Predicate<String> readyLine) {
        this.app = app;
        this.process = process;
        var pump = new Thread(() -> pump(readyLine), "out-" + app.displayName());
        pump.setDaemon(true);
        pump.start();
    }

    /** True when the app's module is built and its jar holds the app's main class. */
    public static boolean available(Path home, App app) {
        try {
            Path jar = moduleJar(home.resolve(app.module()).resolve("target"));
            try (var file = new JarFile(jar.toFile())) {
                return file.getEntry(app.mainClass().replace('.', '/') + ".class") != null;
            }
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static Path moduleJar(Path target) throws IOException {
        try (var jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("livepulse-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(tests|sources|shaded|job)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in " + target));
        }
    }

    public static AppProcess start(Path home, App app, List<String> args, List<String> jvmFlags,
            Predicate<String> readyLine) {
        return start(home, app, args, Map.of(), jvmFlags, readyLine);
    }

    public static AppProcess start(Path home, App app, List<String> args, Map<String, String> env,
            List<String> jvmFlags,
            Predicate<String> readyLine) {
        Path target = home.resolve(app.module()).resolve("target");
        Path classpathFile = target.resolve("app.classpath");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(app.displayName() + " is not built: " + classpathFile
                    + " is missing; run 'mvn -DskipTests package' in " + home);
        }
        try {
            Path jar = moduleJar(target);
            String classpath = jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags);
            command.addAll(app.jvmFlags());
            command.add("-Dlivepulse.home=" + home);
            Path log = logFile(home, app);
            command.add("-Dlivepulse.log.dir=" + log.getParent());
            command.add("-Dlivepulse.app=" + app.displayName());
            command.add("-cp");
            command.add(classpath);
            command.add(app.mainClass());
            app.firstArg().ifPresent(command::add);
            command.addAll(args);
            var builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            if (app == App.FORGET) {
                builder.redirectInput(ProcessBuilder.Redirect.INHERIT); // 'forget -' reads the user id from stdin
            }
            builder.environment().putAll(env);
            var process = builder.start();
            LOG.info("Started {} (pid {}, log {})", app.displayName(), process.pid(), home.relativize(log));
            return new AppProcess(app, process, readyLine);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + app.displayName(), e);
        }
    }

    /** The app's log file: what its console shows plus the libraries' messages (see logback.xml). */
    static Path logFile(Path home, App app) {
        return home.resolve("data").resolve("logs").resolve(app.displayName() + ".log");
    }

    private void pump(Predicate<String> readyLine) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                CONSOLE.info("[{}] {}", app.displayName(), line);
                if (readyLine.test(line)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            LOG.debug("Output of {} closed: {}", app.displayName(), e.getMessage());
        }
    }

    /** Waits for the ready line; false if the app exited or the time ran out first. */
    public boolean awaitReady(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (ready.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
        }
        return false;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    public App app() {
        return app;
    }

    /** Kills the app at once (SIGKILL: no shutdown hook runs), as a crash would; waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Asks the app to stop (SIGTERM runs its shutdown hooks), then kills it after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within 30 s; killing it", app.displayName());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
