package io.livepulse.serving.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseHandler;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.DashboardSessions;
import io.livepulse.serving.auth.RateLimiter;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.dashboard.LiveFeed;
import io.livepulse.serving.dashboard.RoomBoard;
import io.livepulse.serving.model.RegistryWatcher;
import io.livepulse.serving.privacy.UserErasure;
import io.livepulse.serving.store.FeatureStoreException;
import io.livepulse.serving.store.OnlineFeatures;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the scoring API, the operators' API and dashboard, {@code /openapi.json}, {@code /docs},
 * {@code /metrics} and {@code /health}. Every route goes through one gate: API key (401), role (403), rate limit
 * (429), then the handler; bad input answers 400 {@code {error, field, reason}}, never 500; each request is timed
 * per route in {@code livepulse_http_requests_seconds}. The platform calls {@code /v1/recommendations} with its own
 * user ids: the handler replaces them with the collector's pseudonym before the store is read, and they are never
 * logged (logs name the path, never the query).
 */
public final class ServingApi {
    private static final Logger LOG = LoggerFactory.getLogger(ServingApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY_HEADER = "X-Api-Key";
    static final int MAX_K = 100;
    /** The request attribute naming the caller's key (who acknowledged an alert, who asked for an erasure). */
    static final String CALLER = "livepulse.caller";

    /**
     * What the API reads.
     *
     * @param pseudonyms the collector's keyed pseudonym, applied to the platform's user ids before any lookup
     * @param featureProblem why the feature store does not follow the topics now, or empty ({@code /health})
     * @param sessions the dashboard's cookie sessions
     * @param erasure erases a user on an operator's request ({@code DELETE /v1/users/{id}})
     */
    public record Parts(OnlineFeatures features, Pseudonymizer pseudonyms, Recommendations recommendations,
            Sentiments sentiments, RegistryWatcher watcher, LiveFeed feed, DoubleSupplier lagSeconds, ApiKeys keys,
            RateLimiter limiter, PrometheusMeterRegistry meters, Supplier<Optional<String>> featureProblem,
            DashboardSessions sessions, RoomBoard rooms, UserErasure erasure) {}

    private final Parts parts;
    private final List<Route> routes;
    private final Properties webjars = new Properties();
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private Javalin app;

    public ServingApi(Parts parts) {
        this.parts = parts;
        try (InputStream in = ServingApi.class.getResourceAsStream("/io/livepulse/serving/webjars.properties")) {
            webjars.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var both = EnumSet.of(Role.PLATFORM, Role.OPERATOR);
        var platform = EnumSet.of(Role.PLATFORM);
        var operator = EnumSet.of(Role.OPERATOR);
        var open = EnumSet.noneOf(Role.class);
        var routes = List.of(
                new Route(HandlerType.GET, "/health", open, this::health),
                new Route(HandlerType.GET, "/openapi.json", open, ctx -> ctx.contentType("application/json")
                        .result(page("openapi.json"))),
                new Route(HandlerType.GET, "/docs", open, ctx -> ctx.html(page("docs.html"))),
                new Route(HandlerType.GET, "/dashboard", open, ctx -> ctx.html(page("dashboard.html"))),
                new Route(HandlerType.POST, "/dashboard/login", open, this::login),
                new Route(HandlerType.POST, "/dashboard/logout", open, this::logout),
                new Route(HandlerType.GET, "/metrics", operator, ctx -> ctx.contentType("text/plain; version=0.0.4")
                        .result(parts.meters().scrape())),
                new Route(HandlerType.GET, "/v1/ping", both, ctx -> ctx.json(Map.of("ok", true))),
                new Route(HandlerType.GET, "/v1/recommendations", platform, this::recommendations),
                new Route(HandlerType.POST, "/v1/sentiment", platform,
                        ctx -> ctx.json(parts.sentiments().label(ctx.body()))),
                new Route(HandlerType.GET, "/v1/rooms/trending", both, this::trending),
                new Route(HandlerType.GET, "/v1/rooms/{id}/metrics", both, this::roomMetrics),
                new Route(HandlerType.GET, "/v1/models", operator, this::models),
                new Route(HandlerType.GET, "/v1/alerts", operator, this::alerts),
                new Route(HandlerType.DELETE, "/v1/users/{id}", operator, this::forgetUser),
                new Route(HandlerType.GET, "/v1/dashboard/stream", operator,
                        new SseHandler(0, client -> parts.feed().join(client))));
        var all = new ArrayList<>(routes);
        all.addAll(new DashboardApi(parts.feed(), parts.rooms()).routes(this::page));
        this.routes = List.copyOf(all);
    }

    public List<Route> routes() {
        return routes;
    }

    public ServingApi start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.staticFiles.enableWebjars();
            config.jetty.host = host;
            config.jetty.port = port;
            for (Route route : routes) {
                config.routes.addEndpoint(new io.javalin.router.Endpoint(route.method(), route.path(), gate(route)));
            }
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    ctx.json(new ApiError("not_found", null, "no route " + ctx.method() + " " + ctx.path()
                            + "; see /openapi.json"));
                }
            });
        });
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private Handler gate(Route route) {
        Map<Integer, Timer> timers = new ConcurrentHashMap<>();
        return ctx -> {
            long start = System.nanoTime();
            try {
                if (!route.roles().isEmpty()) {
                    authorize(ctx, route.roles());
                }
                route.handler().handle(ctx);
            } catch (ApiException e) {
                ctx.status(e.status()).json(e.body());
            } catch (FeatureStoreException e) {
                LOG.warn("{} {}: {}", ctx.method(), route.path(), e.getMessage());
                ctx.status(503).json(new ApiError("unavailable", null, "the feature store is unavailable; retry later"));
            } catch (RuntimeException e) {
                // the route's template, not the path: a path may hold a user id (DELETE /v1/users/{id})
                LOG.error("{} {} failed", ctx.method(), route.path(), e);
                ctx.status(500).json(new ApiError("internal", null, "the server failed; see its log"));
            } finally {
                timers.computeIfAbsent(ctx.statusCode(), status -> timer(route, status))
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        };
    }

    private Timer timer(Route route, int status) {
        return Timer.builder("livepulse.http.requests").description("request latency by route")
                .tag("method", route.method().name()).tag("route", route.path()).tag("status", String.valueOf(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(parts.meters());
    }

    private void authorize(Context ctx, Set<Role> allowed) {
        if (ctx.queryParam("key") != null) {
            throw new ApiException(401, "unauthorized", "key", "API keys are not accepted in the URL (URLs end up in"
                    + " logs and browser history): send the " + KEY_HEADER + " header, or log in to the dashboard"
                    + " (POST /dashboard/login) and use its session cookie");
        }
        String presented = ctx.header(KEY_HEADER);
        String auth = ctx.header("Authorization");
        if (presented == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = auth.substring(7);
        }
        ApiKeys.ApiKey key;
        if (presented == null) {
            String session = ctx.cookie(DashboardSessions.COOKIE);
            if (session == null) {
                throw new ApiException(401, "unauthorized", KEY_HEADER, "missing API key: send it in the "
                        + KEY_HEADER + " header");
            }
            key = parts.sessions().find(session).orElseThrow(() -> new ApiException(401, "unauthorized",
                    DashboardSessions.COOKIE, "the dashboard session is unknown or has expired; log in again"));
        } else {
            key = parts.keys().find(presented).orElseThrow(() -> new ApiException(401, "unauthorized", KEY_HEADER,
                    "unknown API key"));
        }
        if (key.roles().stream().noneMatch(allowed::contains)) {
            throw new ApiException(403, "forbidden", KEY_HEADER, "key '" + key.name() + "' has role(s) "
                    + key.roles().stream().map(Role::label).sorted().toList() + "; this route needs "
                    + allowed.stream().map(Role::label).sorted().toList());
        }
        ctx.attribute(CALLER, key.name());
        if (!parts.limiter().tryAcquire(key.name())) {
            long retryAfter = parts.limiter().retryAfterSeconds(key.name());
            ctx.header("Retry-After", String.valueOf(retryAfter));
            throw new ApiException(429, "rate_limited", KEY_HEADER, "too many requests for key '" + key.name()
                    + "'; retry after " + retryAfter + " s");
        }
    }

    /**
     * {@code POST /dashboard/login} with {@code {"key": operator key}} or {@code {"loginToken": one-time token}}:
     * opens a session and sets its cookie ({@code HttpOnly; SameSite=Strict}, {@code Secure} over HTTPS).
     */
    private void login(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiException.badRequest("key", "the body must be JSON: {\"key\": \"...\"}");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("key", "the body must be a JSON object: {\"key\": \"...\"}");
        }
        ApiKeys.ApiKey key;
        if (body.hasNonNull("loginToken")) {
            key = parts.sessions().redeem(body.get("loginToken").asText()).orElseThrow(() -> new ApiException(401,
                    "unauthorized", "loginToken", "the login link was already used or has expired; log in with"
                    + " the operator key"));
        } else if (body.hasNonNull("key") && body.get("key").isTextual()) {
            key = parts.keys().find(body.get("key").asText()).orElseThrow(() -> new ApiException(401,
                    "unauthorized", "key", "unknown API key"));
        } else {
            throw ApiException.badRequest("key", "required: the operator API key (or loginToken from a login link)");
        }
        if (!key.roles().contains(Role.OPERATOR)) {
            throw new ApiException(403, "forbidden", "key", "key '" + key.name() + "' has role(s) "
                    + key.roles().stream().map(Role::label).sorted().toList() + "; the dashboard needs [operator]");
        }
        String token = parts.sessions().open(key);
        long maxAge = parts.sessions().sessionTtl().toSeconds();
        ctx.header("Set-Cookie", sessionCookie(ctx, token, maxAge));
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("name", key.name(), "expiresInSeconds", maxAge));
    }

    private void logout(Context ctx) {
        parts.sessions().close(ctx.cookie(DashboardSessions.COOKIE));
        ctx.header("Set-Cookie", sessionCookie(ctx, "", 0));
        ctx.json(Map.of("ok", true));
    }

    private static String sessionCookie(Context ctx, String value, long maxAgeSeconds) {
        return DashboardSessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + ("https".equalsIgnoreCase(ctx.scheme()) ? "; Secure" : "");
    }

    private void health(Context ctx) {
        var body = new LinkedHashMap<String, Object>();
        var problem = parts.featureProblem().get();
        body.put("status", problem.isPresent() ? "down" : "up");
        problem.ifPresent(reason -> body.put("reason", reason));
        body.put("featureStore", parts.features().store().kind());
        body.put("featureLagSeconds", parts.lagSeconds().getAsDouble());
        var models = new LinkedHashMap<String, Integer>();
        parts.watcher().slots().forEach(s -> models.put(s.name(), s.version()));
        body.put("models", models);
        ctx.status(problem.isPresent() ? 503 : 200).json(body);
    }

    private void recommendations(Context ctx) {
        String user = ctx.queryParam("user");
        if (user == null || user.isBlank()) {
            throw ApiException.badRequest("user", "required: the user id to recommend rooms for");
        }
        if (user.length() > 128) {
            throw ApiException.badRequest("user", "at most 128 characters");
        }
        int k = intParam(ctx, "k", 10, 1, MAX_K);
        // The store, the models and the logs only know pseudonyms; the caller gets its own id back.
        ctx.json(parts.recommendations().recommend(user, parts.pseudonyms().pseudonym(user), k));
    }

    /**
     * {@code DELETE /v1/users/{id}} (operator): erases the user with the platform's id everywhere LivePulse holds
     * them (see {@link UserErasure}) and answers what was removed, under the pseudonym only.
     */
    private void forgetUser(Context ctx) {
        String user = ctx.pathParam("id");
        if (user.isBlank()) {
            throw ApiException.badRequest("id", "required: the platform's user id to erase");
        }
        if (user.length() > UserErasure.MAX_ID_CHARS) {
            throw ApiException.badRequest("id", "at most " + UserErasure.MAX_ID_CHARS + " characters");
        }
        try {
            ctx.json(parts.erasure().forget(user, ctx.attribute(CALLER)));
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            LOG.warn("DELETE /v1/users/{id} failed part-way; it can be repeated: {}", e.getMessage());
            throw new ApiException(503, "unavailable", null, "the erasure could not finish (" + e.getMessage()
                    + "); nothing is lost by repeating the request");
        }
    }

    private void trending(Context ctx) {
        int k = intParam(ctx, "k", 10, 1, MAX_K);
        var rooms = new ArrayList<Map<String, Object>>();
        for (RoomMetrics m : parts.features().trending(k)) {
            rooms.add(RecordJson.of(m));
        }
        ctx.json(Map.of("rooms", rooms));
    }

    private void roomMetrics(Context ctx) {
        String id = ctx.pathParam("id");
        var metrics = parts.features().roomMetrics(id).orElseThrow(() -> new ApiException(404, "not_found", "id",
                "no metrics for room '" + id + "' yet"));
        var body = new LinkedHashMap<String, Object>();
        body.put("roomId", id);
        body.put("live", parts.features().isLive(id));
        body.put("metrics", RecordJson.of(metrics));
        body.put("sentiment", parts.features().roomSentiment(id).map(RecordJson::of).orElse(null));
        body.put("room", parts.features().roomInfo(id).map(RecordJson::of).orElse(null));
        ctx.json(body);
    }

    private void models(Context ctx) {
        var models = new ArrayList<Map<String, Object>>();
        parts.watcher().slots().forEach(slot -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("task", slot.name());
            m.put("selectedBy", slot.selector().toString());
            m.put("name", slot.modelName());
            m.put("version", slot.version());
            try {
                parts.watcher().registry().champion(slot.name()).ifPresent(c -> m.put("champion", c));
            } catch (RuntimeException e) {
                m.put("champion", Map.of("error", e.getMessage()));
            }
            slot.current().ifPresent(model -> {
                m.put("kind", model.manifest().kind());
                m.put("createdTimeMs", model.manifest().createdTimeMs());
                m.put("metrics", model.manifest().metrics());
                m.put("trainingData", model.manifest().trainingData());
            });
            m.put("lastRejection", parts.watcher().lastRejection(slot.name()));
            models.add(m);
        });
        var fits = new ArrayList<Map<String, Object>>();
        parts.features().fits().forEach(f -> fits.add(RecordJson.of(f)));
        ctx.json(Map.of("models", models, "onlineFits", fits));
    }

    private void alerts(Context ctx) {
        int n = intParam(ctx, "n", 20, 1, 500);
        var alerts = new ArrayList<Map<String, Object>>();
        parts.features().recentAlerts(n).forEach(a -> alerts.add(RecordJson.of(a)));
        ctx.json(Map.of("alerts", alerts));
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw ApiException.badRequest(name, "must be from " + min + " to " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "must be a whole number from " + min + " to " + max + ", got '"
                    + raw + "'");
        }
    }

    private String page(String name) {
        return pages.computeIfAbsent(name, this::readPage);
    }

    private String readPage(String name) {
        try (InputStream in = ServingApi.class.getResourceAsStream("/io/livepulse/serving/web/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("{{chartjs}}", webjars.getProperty("chartjs"))
                    .replace("{{swaggerui}}", webjars.getProperty("swaggerui"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
