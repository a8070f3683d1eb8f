package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes every notebook headless with Debian's nbconvert and the LivePulse Java kernel, on a fresh data directory
 * (so each notebook shows the seeded sample it writes itself). A cell error fails the test; the executed copies stay
 * in {@code target/executed/} as build artifacts.
 */
class NotebooksITCase {
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path MODULE = Path.of(System.getProperty("livepulse.notebooks.dir", "."));
    static final Path TARGET = Path.of(System.getProperty("livepulse.notebooks.target", "target"));
    static final Path EXECUTED = TARGET.resolve("executed");
    static final Path JUPYTER_PATH = TARGET.resolve("it-jupyter");
    static final Path DATA = TARGET.resolve("it-data");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installKernel() throws Exception {
        if (!Files.isExecutable(JUPYTER) || run(List.of(JUPYTER.toString(), "nbconvert", "--version"), 120).exit() != 0) {
            fail("Jupyter's nbconvert is not installed (" + JUPYTER + "): run .ci/install-packages, which installs "
                    + "the Debian packages in .ci/apt-packages (jupyter-nbconvert, python3-nbclient, jupyter-client, ...)");
        }
        deleteTree(DATA);
        deleteTree(EXECUTED);
        Files.createDirectories(EXECUTED);
        new KernelSpec(TARGET.resolve("kernel/rapaio-jupyter-kernel.jar"), KernelSpec.moduleClasspath(TARGET), DATA,
                Path.of(System.getProperty("livepulse.shared.data", "../../shared/data")).toAbsolutePath().normalize(), 1024)
                .installInto(JUPYTER_PATH);
    }

    static Stream<Path> notebooks() throws IOException {
        try (var files = Files.list(MODULE)) {
            var list = files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
            assertThat(list).as("notebooks in " + MODULE.toAbsolutePath()).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void notebookRunsTopToBottomAndDrawsItsCharts(Path notebook) throws Exception {
        var result = execute(notebook);
        assertThat(result.exit()).as("nbconvert of %s failed:%n%s", notebook.getFileName(), result.tail()).isZero();

        JsonNode executed = JSON.readTree(EXECUTED.resolve(notebook.getFileName()).toFile());
        var errors = new ArrayList<String>();
        int codeCells = 0;
        int images = 0;
        int plottingCells = 0;
        for (JsonNode cell : executed.get("cells")) {
            if (!cell.get("cell_type").asText().equals("code")) {
                continue;
            }
            codeCells++;
            assertThat(cell.get("execution_count").isNull()).as("every code cell ran").isFalse();
            String source = source(cell);
            boolean drew = false;
            for (JsonNode output : cell.get("outputs")) {
                if (output.get("output_type").asText().equals("error")) {
                    errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
                }
                drew |= output.path("data").has("image/png");
            }
            if (source.strip().endsWith(".image()")) {
                plottingCells++;
                images += drew ? 1 : 0;
            }
        }
        assertThat(errors).as("error outputs").isEmpty();
        assertThat(codeCells).isPositive();
        assertThat(plottingCells).as("cells that draw a chart").isPositive();
        assertThat(images).as("charts drawn as PNG").isEqualTo(plottingCells);
    }

    @Test
    void aCellErrorFailsTheRun() throws Exception {
        Path broken = TARGET.resolve("it-broken").resolve("broken.ipynb");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, """
                {"cells": [{"cell_type": "code", "execution_count": null, "id": "a1", "metadata": {}, "outputs": [],
                  "source": "int x = 1 / 0;"}],
                 "metadata": {"kernelspec": {"display_name": "Java (LivePulse)", "language": "java",
                  "name": "livepulse-java"}}, "nbformat": 4, "nbformat_minor": 5}
                """, StandardCharsets.UTF_8);
        var result = execute(broken);
        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("ArithmeticException");
    }

    /**
     * Runs nbconvert. A healthy kernel answers kernel_info within a second or two of binding its sockets, even on a
     * loaded machine. Here the first kernel started after the jars were rebuilt (and now and then another) binds its
     * sockets, starts no control thread and never answers, or exits first. Such a start is retried, at most three times, and said so on
     * stderr; a cell error is never retried.
     */
    private static Result execute(Path notebook) throws Exception {
        var command = List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.startup_timeout=" + STARTUP_TIMEOUT_S + "",
                "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME,
                "--output-dir=" + EXECUTED.toAbsolutePath(), notebook.toAbsolutePath().toString());
        Result result = run(command, 1200);
        for (int attempt = 2; attempt <= 4 && result.exit() != 0 && kernelNeverAnswered(result); attempt++) {
            System.err.println(notebook.getFileName() + ": the kernel did not answer at start; attempt " + attempt);
            result = run(command, 1200);
        }
        return result;
    }

    /** Seconds nbclient waits for the kernel's first answer. */
    static final int STARTUP_TIMEOUT_S = 30;

    private static boolean kernelNeverAnswered(Result result) {
        return result.output().contains("Kernel didn't respond")
                || result.output().contains("Kernel died before replying to kernel_info");
    }

    private static String source(JsonNode cell) {
        JsonNode source = cell.get("source");
        if (source.isArray()) {
            var sb = new StringBuilder();
            source.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return source.asText();
    }

    record Result(int exit, String output) {
        String tail() {
            var lines = output.lines().filter(l -> !l.startsWith("Add ") && !l.startsWith("Parsing classpath"))
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        }
    }

    private static Result run(List<String> command, long timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("nbconvert", ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JUPYTER_PATH", JUPYTER_PATH.toAbsolutePath().toString());
        builder.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        var process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
        }
        var result = new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        Files.delete(log);
        return result;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
