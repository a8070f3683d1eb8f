package io.livepulse.serving;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.ModelKinds;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./livepulse serve}: the scoring API and the operators' dashboard. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Scoring API, online feature store and operators' dashboard.")
public final class ServingMain implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final Logger LOG = LoggerFactory.getLogger(ServingMain.class);

    @Option(names = "--config", description = "Settings file (properties).")
    Path config;

    @Option(names = "--demo", description = "Generate an operator key and a platform key for this run and print them;"
            + " without LIVEPULSE_SECRET_PSEUDONYM_KEY, use the collector's development pseudonymisation key.")
    boolean demo;

    @Option(names = "--hash-key", arity = "2", paramLabel = "NAME ROLES",
            description = "Generate a key for NAME with ROLES (platform,operator), print it and its line for "
                    + "serving.api-keys-file, and exit.")
    String[] hashKey;

    public static void main(String[] args) {
        var cli = new CommandLine(new ServingMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalStateException
                    || e instanceof IllegalArgumentException) {
                cmd.getErr().println("serve: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (hashKey != null) {
            String key = ApiKeys.generate();
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : hashKey[1].split(",")) {
                roles.add(Role.parse(r));
            }
            CONSOLE.info("key (give it to the client, it is not stored): {}", key);
            CONSOLE.info("line for serving.api-keys-file: {}", ApiKeys.fileLine(hashKey[0], roles, key));
            return 0;
        }
        var env = new HashMap<>(System.getenv());
        if (this.demo) {
            env.put(Settings.envName("serving.demo-mode"), "true");
        }
        var config = ServingConfig.from(Settings.load(Optional.ofNullable(this.config), env));
        var keys = config.apiKeysFile().map(ApiKeys::fromFile).orElse(ApiKeys.none());
        keys = config.apiKeysSecret().map(keys::withSecret).orElse(keys);
        boolean demo = config.demoMode();
        if (config.demoKey()) {
            LOG.warn("DEMO MODE: user ids are looked up under the built-in development pseudonymisation key, as the"
                    + " collector in demo mode stores them. Set LIVEPULSE_SECRET_PSEUDONYM_KEY (the collector's) before"
                    + " serving real users.");
        }
        String operatorKey = ApiKeys.generate();
        String platformKey = ApiKeys.generate();
        if (demo) {
            keys = keys.with("demo-operator", Set.of(Role.OPERATOR), operatorKey)
                    .with("demo-platform", Set.of(Role.PLATFORM), platformKey);
        }
        if (keys.size() == 0) {
            CONSOLE.info("No API keys configured: set serving.api-keys-file or LIVEPULSE_SECRET_API_KEYS, or run with"
                    + " --demo; every /v1 route will answer 401");
        }
        var server = ServingServer.start(config, keys, ModelKinds.recommenders(), ModelKinds.sentiment(),
                Clock.systemUTC());
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serving-shutdown"));
        String base = "http://localhost:" + server.port();
        if (demo) {
            CONSOLE.info("LivePulse serving operator key: {}", operatorKey);
            CONSOLE.info("LivePulse serving platform key: {}", platformKey);
            // a one-time login token, not the key: it is used up when the page opens, and expires unused
            CONSOLE.info("LivePulse dashboard, logged in (link valid once, for {} min): {}/dashboard#login={}",
                    ServingServer.DASHBOARD_LOGIN_LINK_TTL.toMinutes(), base, server.dashboardLoginToken(operatorKey));
        }
        CONSOLE.info("LivePulse serving ready at {} (dashboard {}/dashboard)", base, base);
        stopped.await();
        return 0;
    }
}
