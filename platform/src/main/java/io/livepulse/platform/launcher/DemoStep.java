package io.livepulse.platform.launcher;

import java.util.List;
import java.util.Map;

/**
 * One app of {@code ./livepulse demo}: what to start, with which arguments, and the text of its ready line.
 *
 * @param env environment variables added for this app (settings overrides for the demo)
 * @param awaitReady whether the next step waits for this one's ready line (services others connect to)
 */
record DemoStep(App app, List<String> args, Map<String, String> env, String readyText, int timeoutSeconds,
        boolean awaitReady) {

    /** The whole pipeline, in start order. Steps whose module has not landed are skipped with a note. */
    static List<DemoStep> pipeline() {
        return List.of(
                new DemoStep(App.BROKER, List.of(), Map.of(), LivePulseCli.BROKER_READY, 120, true),
                // A development pseudonymisation key: the collector warns that it is not for production.
                new DemoStep(App.COLLECTOR, List.of(), Map.of("LIVEPULSE_COLLECTOR_DEMO_MODE", "true"),
                        "collector ready at", 180, true),
                // Models first when the registry has none: the chat sentiment job starts only with a model.
                new DemoStep(App.TRAIN, List.of("demo"), Map.of(), "demo training: models ready", 1_200, true),
                // The simulator fast-forwards its day (6,000 viewers at 200 events/s: about 2 minutes a simulated
                // hour), so a room is live for minutes: a room's alert baseline is ready after 2 minutes instead of 10.
                new DemoStep(App.STREAM, List.of(), Map.of("LIVEPULSE_SENTIMENT_ALERT_WARMUP_MINUTES", "2"),
                        "streaming jobs running", 300, true),
                new DemoStep(App.SERVE, List.of("--demo"), Map.of(), "serving ready at", 180, true),
                // Planted hostile-chat bursts of 90 simulated minutes, 8 a day; the first that finds a room with a
                // baseline alerted about 20 minutes after the simulator started (the first ones fall on rooms just
                // going live, which have no baseline yet).
                new DemoStep(App.SIMULATE, List.of(), Map.of("LIVEPULSE_SIMULATE_USERS", "6000",
                        "LIVEPULSE_SIMULATE_BURSTS_PER_DAY", "8", "LIVEPULSE_SIMULATE_BURST_DURATION", "90m"),
                        "simulator ready", 120, false),
                new DemoStep(App.NOTEBOOKS, List.of(), Map.of(), "notebooks ready at", 120, false));
    }
}
