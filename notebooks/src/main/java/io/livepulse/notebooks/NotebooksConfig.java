package io.livepulse.notebooks;

import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of {@code ./livepulse notebooks}.
 *
 * @param token the Jupyter token from {@code LIVEPULSE_SECRET_NOTEBOOK_TOKEN}; a random one when unset
 */
public record NotebooksConfig(
        String host,
        int port,
        Path notebooksDir,
        Path jupyter,
        Path kernelJar,
        int kernelHeapMb,
        Path jupyterPath,
        Path dataDir,
        Path corpusDir,
        Optional<String> token) {

    /** Reads the settings; call {@link Settings#check()} afterwards. */
    public static NotebooksConfig from(Settings s) {
        return new NotebooksConfig(
                s.string("notebooks.host"),
                s.integer("notebooks.port", 1, 65_535),
                s.path("notebooks.dir").toAbsolutePath(),
                s.path("notebooks.jupyter"),
                s.path("notebooks.kernel-jar").toAbsolutePath(),
                s.integer("notebooks.kernel-heap-mb", 256, 65_536),
                s.path("notebooks.jupyter-path").toAbsolutePath(),
                PlatformConfig.from(s).dataDir(),
                s.path("notebooks.corpus-dir").toAbsolutePath().normalize(),
                s.secret("NOTEBOOK_TOKEN"));
    }
}
