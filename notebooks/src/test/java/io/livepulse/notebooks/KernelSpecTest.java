package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {
    @TempDir
    Path dir;

    @Test
    void writesAKernelspecThatPutsOurJarsAndDataDirOnTheKernel() throws Exception {
        Path jar = Files.writeString(dir.resolve("kernel.jar"), "jar");
        String classpath = "/a/x.jar" + File.pathSeparator + "/b/y.jar";
        Path specDir = new KernelSpec(jar, classpath, Path.of("/data"), Path.of("/corpora"), 1536).installInto(dir.resolve("jp"));

        assertThat(specDir).isEqualTo(dir.resolve("jp/kernels/livepulse-java"));
        var json = new ObjectMapper().readTree(specDir.resolve("kernel.json").toFile());
        assertThat(json.get("language").asText()).isEqualTo("java");
        assertThat(json.get("env").get("RJK_CLASSPATH").asText()).isEqualTo("/a/x.jar;/b/y.jar");
        assertThat(json.get("env").get("LIVEPULSE_DATA_DIR").asText()).isEqualTo("/data");
        assertThat(json.get("env").get("LIVEPULSE_NOTEBOOKS_CORPUS_DIR").asText()).isEqualTo("/corpora");
        var argv = json.get("argv");
        assertThat(argv.get(argv.size() - 1).asText()).isEqualTo("{connection_file}");
        assertThat(argv.get(argv.size() - 2).asText()).isEqualTo(jar.toString());
        assertThat(argv.toString()).contains("-Xmx1536m", "-Dlogback.configurationFile=" + specDir.resolve("logback.xml"));
        assertThat(specDir.resolve("logback.xml")).content().contains("<root level=\"WARN\">");
    }

    @Test
    void aMissingKernelJarSaysHowToBuildIt() {
        var spec = new KernelSpec(dir.resolve("missing.jar"), "", dir, dir, 512);
        assertThatThrownBy(() -> spec.installInto(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mvn -DskipTests package");
    }

    @Test
    void moduleClasspathIsTheJarThenItsDependencies() throws Exception {
        Files.writeString(dir.resolve("livepulse-notebooks-0.1.0.jar"), "jar");
        Files.writeString(dir.resolve("livepulse-notebooks-0.1.0-tests.jar"), "jar");
        Files.writeString(dir.resolve("app.classpath"), "/m2/a.jar" + File.pathSeparator + "/m2/b.jar\n");
        assertThat(KernelSpec.moduleClasspath(dir)).isEqualTo(dir.resolve("livepulse-notebooks-0.1.0.jar")
                + File.pathSeparator + "/m2/a.jar" + File.pathSeparator + "/m2/b.jar");
    }
}
