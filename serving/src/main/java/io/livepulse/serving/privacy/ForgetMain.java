package io.livepulse.serving.privacy;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import io.livepulse.serving.ServingConfig;
import io.livepulse.serving.store.FeatureStore;
import io.livepulse.serving.store.OnlineFeatures;
import io.livepulse.serving.store.RedisFeatureStore;
import io.livepulse.serving.store.RocksDbFeatureStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./livepulse forget USER_ID}: erases a user (see {@link UserErasure}). With {@code --api}, asks the running
 * serving process ({@code DELETE /v1/users/{id}} with the operator key from {@value #KEY_VARIABLE}), which also drops
 * the user from the model it serves at once; without, does the erasure itself, which needs the online store free
 * (serving stopped, or the store in Redis).
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Erase a user everywhere LivePulse holds them (feature topics, online store, Parquet, models);"
                + " an audit record names the pseudonym only.")
public final class ForgetMain implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    /** The operator API key for {@code --api}. */
    static final String KEY_VARIABLE = "LIVEPULSE_SECRET_OPERATOR_KEY";

    @Parameters(index = "0", paramLabel = "USER_ID",
            description = "The platform's user id; '-' reads it from the first line of standard input (keeps it out of"
                    + " the shell history and the process list).")
    String userId;

    @Option(names = "--config", description = "Settings file (properties), as for serve.")
    Path config;

    @Option(names = "--demo", description = "Without LIVEPULSE_SECRET_PSEUDONYM_KEY, use the demo's development key.")
    boolean demo;

    @Option(names = "--api", paramLabel = "URL",
            description = "The running serving process, e.g. http://localhost:8080; the operator key is read from "
                    + KEY_VARIABLE + ".")
    String api;

    public static void main(String[] args) {
        var cli = new CommandLine(new ForgetMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalStateException
                    || e instanceof IllegalArgumentException) {
                cmd.getErr().println("forget: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String id = userId.equals("-") ? readStdin() : userId;
        if (api != null) {
            return viaApi(id);
        }
        var env = new HashMap<>(System.getenv());
        if (demo) {
            env.put(Settings.envName("serving.demo-mode"), "true");
        }
        var config = ServingConfig.from(Settings.load(Optional.ofNullable(this.config), env));
        FeatureStore store;
        try {
            store = config.featureStore().equals("redis")
                    ? new RedisFeatureStore(config.redisHost(), config.redisPort(), config.redisKeyPrefix())
                    : RocksDbFeatureStore.open(config.featureStoreDir());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ". While serving runs, erase through it: set "
                    + KEY_VARIABLE + " to an operator key and add --api http://HOST:PORT", e);
        }
        try (store) {
            var features = new OnlineFeatures(store, Clock.systemUTC(), config.liveWindow(), config.userRoomTtl());
            var erasure = new UserErasure(new UserErasure.Stores(config.platform().kafkaBootstrap(),
                    io.livepulse.platform.kafka.TopicCatalog.of(config.platform()).userRoomFeatures(),
                    Optional.of(features), config.platform().dataDir(), new ModelRegistry(config.registryRoot()),
                    Optional::empty), new Pseudonymizer(config.pseudonymKey()), Clock.systemUTC());
            var report = erasure.forget(id, "cli:" + System.getProperty("user.name", "unknown"));
            CONSOLE.info("forget: erased pseudonym {}: {}", report.pseudonym(), report.removed());
            CONSOLE.info("forget: audit record appended to {}", config.platform().dataDir().resolve(
                    UserErasure.AUDIT_FILE));
        }
        return 0;
    }

    private int viaApi(String id) throws IOException, InterruptedException {
        String key = System.getenv(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("--api needs an operator key in " + KEY_VARIABLE
                    + " (serve --demo prints one)");
        }
        String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        var request = HttpRequest.newBuilder(URI.create(base + "/v1/users/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(Duration.ofMinutes(10)).header("X-Api-Key", key).DELETE().build();
        var response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            CONSOLE.error("forget: {} answered {}: {}", base, response.statusCode(), response.body());
            return 1;
        }
        CONSOLE.info("forget: {}", response.body());
        return 0;
    }

    private static String readStdin() throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("USER_ID '-': standard input has no id on its first line");
        }
        return line.strip();
    }
}
