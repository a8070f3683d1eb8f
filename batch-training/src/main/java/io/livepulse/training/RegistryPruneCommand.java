package io.livepulse.training;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.platform.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train prune-registry}: deletes registry versions beyond the newest {@code registry.keep-versions} of each
 * model, never a task's champion nor a version a serving selector pins. Training runs the same pruning after each
 * registration.
 */
@Command(name = "prune-registry", mixinStandardHelpOptions = true,
        description = "Delete registry versions beyond the newest registry.keep-versions per model (never a champion"
                + " or a pinned version).")
public final class RegistryPruneCommand implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--config", description = "Settings file (properties).")
    Path config;

    @Option(names = "--data-dir", description = "Data directory (default: data.dir setting).")
    Path dataDir;

    @Option(names = "--keep", description = "Versions to keep per model (default: registry.keep-versions).")
    Integer keep;

    /** {@code registry.keep-versions} from the defaults, {@code config} (may be null) and the environment. */
    public static int keepVersions(Path config) {
        Settings settings = Settings.load(Optional.ofNullable(config), System.getenv());
        int keep = settings.integer("registry.keep-versions", 0, 1_000_000);
        settings.check();
        return keep;
    }

    @Override
    public Integer call() {
        Settings settings = Settings.load(Optional.ofNullable(config), System.getenv());
        Path data = dataDir != null ? dataDir : settings.path("data.dir");
        int n = keep != null ? keep : settings.integer("registry.keep-versions", 0, 1_000_000);
        settings.check();
        if (n < 1) {
            CONSOLE.info("registry.keep-versions is 0: every version is kept; nothing pruned");
            return 0;
        }
        var registry = new ModelRegistry(data.resolve("models"));
        var deleted = registry.prune(n);
        CONSOLE.info("registry {}: kept the newest {} versions per model, champions and pins; deleted {}{}",
                registry.root(), n, deleted.size(), deleted.isEmpty() ? "" : " " + deleted);
        return 0;
    }
}
