package io.livepulse.platform.ops;

import io.livepulse.platform.testing.OpsTooling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Prometheus's {@code promtool} over {@code ops/prometheus}: the rules parse, their unit tests
 * ({@code ops/prometheus/tests/*.yml}) pass, and the scrape config is valid. Without promtool the test is skipped,
 * except on CI ({@code CI=true}) where it fails: {@code .ci/apt-packages} lists {@code prometheus}.
 */
class PrometheusRulesTest {
    private static Path promtool;
    private static Path ops;

    @BeforeAll
    static void findPromtool() {
        ops = OpsTooling.prometheusOps();
        promtool = OpsTooling.onPath("promtool");
        if (promtool == null) {
            String message = "promtool is not installed: run 'apt-get install prometheus' (listed in .ci/apt-packages)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    @Test
    void everyRuleUnitTestPasses() throws Exception {
        var tests = new ArrayList<String>();
        try (var files = Files.list(ops.resolve("tests"))) {
            files.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(f -> tests.add(f.toString()));
        }
        assertThat(tests).isNotEmpty();

        var command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        command.addAll(tests);
        var result = run(ops, command);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void rulesAndScrapeConfigAreValid(@TempDir Path dir) throws Exception {
        var rules = run(ops, List.of(promtool.toString(), "check", "rules", "rules.yml"));
        assertThat(rules.exit()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: 10 rules found");

        // The scrape config reads serving's operator key from a file next to it, as the demo writes it.
        Files.copy(ops.resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.copy(ops.resolve("rules.yml"), dir.resolve("rules.yml"));
        Files.writeString(dir.resolve("operator.key"), "test-key\n");
        var config = run(dir, List.of(promtool.toString(), "check", "config", "prometheus.yml"));
        assertThat(config.exit()).as(config.output()).isZero();
    }

    /** The harness notices a broken rule: the pipeline-lag rule with a threshold that never fires fails its test. */
    @Test
    void aBrokenRuleFailsItsUnitTest(@TempDir Path dir) throws Exception {
        String rules = Files.readString(ops.resolve("rules.yml"));
        assertThat(rules).contains("livepulse_pipeline_lag_seconds > 120");
        Files.writeString(dir.resolve("rules.yml"),
                rules.replace("livepulse_pipeline_lag_seconds > 120", "livepulse_pipeline_lag_seconds > 1200"));
        Files.createDirectory(dir.resolve("tests"));
        Files.copy(ops.resolve("tests").resolve("rules_test.yml"), dir.resolve("tests").resolve("rules_test.yml"));

        var result = run(dir, List.of(promtool.toString(), "test", "rules", "tests/rules_test.yml"));

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("FAILED").contains("LivePulsePipelineLagHigh");
    }

    private record Result(int exit, String output) {}

    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish within 60 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
