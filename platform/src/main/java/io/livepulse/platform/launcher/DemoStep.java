package io.livepulse.platform.launcher;

import java.util.List;

/**
 * One app of {@code ./livepulse demo}: what to start, with which arguments, and the text of its ready line.
 *
 * @param awaitReady whether the next step waits for this one's ready line (services others connect to)
 */
record DemoStep(App app, List<String> args, String readyText, int timeoutSeconds, boolean awaitReady) {

    /** The whole pipeline, in start order. Steps whose module has not landed are skipped with a note. */
    static List<DemoStep> pipeline() {
        return List.of(
                new DemoStep(App.BROKER, List.of(), LivePulseCli.BROKER_READY, 120, true),
                new DemoStep(App.COLLECTOR, List.of("--demo"), "collector ready at", 120, true),
                new DemoStep(App.STREAM, List.of(), "streaming jobs running", 300, true),
                new DemoStep(App.TRAIN, List.of("demo"), "", 0, false),
                new DemoStep(App.SERVE, List.of("--demo"), "serving ready at", 180, true),
                new DemoStep(App.SIMULATE, List.of("--live", "--target", "http://localhost:8081"), "", 0, false));
    }
}
