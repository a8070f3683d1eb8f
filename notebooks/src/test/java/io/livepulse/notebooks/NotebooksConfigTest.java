package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotebooksConfigTest {

    @Test
    void defaultsServeOnLoopbackAndTheCommandSaysSo() {
        var settings = Settings.of(Map.of());
        var config = NotebooksConfig.from(settings);
        settings.check();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8888);
        assertThat(config.jupyter()).isEqualTo(Path.of("/usr/bin/jupyter"));
        assertThat(config.token()).isEmpty();
        assertThat(JupyterServer.command(config, "tok", false)).contains("notebook", "--ip=127.0.0.1", "--port=8888",
                "--NotebookApp.token=tok", "--notebook-dir=" + config.notebooksDir()).doesNotContain("--allow-root");
        assertThat(JupyterServer.command(config, "tok", true)).contains("--allow-root");
        assertThat(JupyterServer.randomToken()).hasSize(48).isNotEqualTo(JupyterServer.randomToken());
    }

    @Test
    void badValuesAreReportedTogetherAndTheTokenComesFromTheEnvironment() {
        var settings = Settings.load(Optional.empty(), Map.of("LIVEPULSE_NOTEBOOKS_PORT", "99999",
                "LIVEPULSE_NOTEBOOKS_KERNEL_HEAP_MB", "a lot", "LIVEPULSE_SECRET_NOTEBOOK_TOKEN", "s3cret"));
        var config = NotebooksConfig.from(settings);
        assertThat(config.token()).contains("s3cret");
        assertThatThrownBy(settings::check).isInstanceOf(ConfigException.class)
                .hasMessageContaining("notebooks.port = '99999'")
                .hasMessageContaining("notebooks.kernel-heap-mb = 'a lot'");
    }
}
