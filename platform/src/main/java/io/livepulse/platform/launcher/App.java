package io.livepulse.platform.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An app the launcher can start in a JVM of its own: the module that holds it and its main class. A module
 * lands its app by adding the main class named here; until then the launcher says it is not available.
 */
public enum App {
    BROKER("platform", "io.livepulse.platform.launcher.LivePulseCli", "broker"),
    TRICKLE("platform", "io.livepulse.platform.launcher.LivePulseCli", "trickle"),
    COLLECTOR("ingestion", "io.livepulse.ingestion.CollectorMain", null),
    SIMULATE("ingestion", "io.livepulse.ingestion.SimulatorMain", null),
    // A third of the heap for the young generation: the feature job allocates ~3 kB per event, nearly all of it
    // short-lived, and G1's own sizing halved its GC CPU only when fixed this way (docs/benchmarks.md, Streaming).
    STREAM("streaming-jobs", "io.livepulse.streaming.StreamingMain", null, "-XX:NewRatio=2"),
    TRAIN("batch-training", "io.livepulse.training.TrainingMain", null),
    SERVE("serving", "io.livepulse.serving.ServingMain", null),
    FORGET("serving", "io.livepulse.serving.privacy.ForgetMain", null),
    NOTEBOOKS("notebooks", "io.livepulse.notebooks.NotebooksMain", null);

    private final String module;
    private final String mainClass;
    private final String firstArg;
    private final List<String> jvmFlags;

    App(String module, String mainClass, String firstArg, String... jvmFlags) {
        this.module = module;
        this.mainClass = mainClass;
        this.firstArg = firstArg;
        this.jvmFlags = List.of(jvmFlags);
    }

    String module() {
        return module;
    }

    String mainClass() {
        return mainClass;
    }

    Optional<String> firstArg() {
        return Optional.ofNullable(firstArg);
    }

    /** JVM flags of this app's own, after the ones every app gets. */
    List<String> jvmFlags() {
        return jvmFlags;
    }

    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<App> named(String name) {
        return Arrays.stream(values()).filter(a -> a.displayName().equals(name)).findFirst();
    }
}
