package io.livepulse.serving;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.models.privacy.ErasureList;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelSelector;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.serving.api.Recommendations;
import io.livepulse.serving.api.Route;
import io.livepulse.serving.api.Sentiments;
import io.livepulse.serving.api.ServingApi;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.DashboardSessions;
import io.livepulse.serving.auth.RateLimiter;
import io.livepulse.serving.dashboard.LiveFeed;
import io.livepulse.serving.dashboard.RoomBoard;
import io.livepulse.serving.model.ModelKinds;
import io.livepulse.serving.model.ModelLoader;
import io.livepulse.serving.model.ModelSlot;
import io.livepulse.serving.model.RegistryWatcher;
import io.livepulse.serving.model.ServedRanker;
import io.livepulse.serving.model.TextClassifier;
import io.livepulse.serving.privacy.UserErasure;
import io.livepulse.serving.store.FeatureConsumer;
import io.livepulse.serving.store.FeatureStore;
import io.livepulse.serving.store.OnlineFeatures;
import io.livepulse.serving.store.RedisFeatureStore;
import io.livepulse.serving.store.RocksDbFeatureStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving process assembled: feature store, the consumer that fills it, the registry watcher, the dashboard
 * feed and the HTTP API. {@link ServingMain} starts one; tests start one against the embedded broker.
 */
public final class ServingServer implements AutoCloseable {
    private final FeatureStore store;
    private final FeatureConsumer consumer;
    private final RegistryWatcher watcher;
    private final LiveFeed feed;
    private final ServingApi api;
    private final OnlineFeatures features;
    private final ApiKeys keys;
    private final DashboardSessions sessions;
    private final ScheduledExecutorService retention;

    private static final Logger LOG = LoggerFactory.getLogger(ServingServer.class);
    /** How often user-room features past {@code serving.user-room-ttl} are deleted from the store. */
    static final Duration RETENTION_EVERY = Duration.ofHours(1);

    /** How long a dashboard login lasts. */
    public static final Duration DASHBOARD_SESSION_TTL = Duration.ofHours(8);
    /** How long a login link's one-time token may wait for its use. */
    public static final Duration DASHBOARD_LOGIN_LINK_TTL = Duration.ofMinutes(10);

    private ServingServer(FeatureStore store, FeatureConsumer consumer, RegistryWatcher watcher, LiveFeed feed,
            ServingApi api, OnlineFeatures features, ApiKeys keys, DashboardSessions sessions,
            ScheduledExecutorService retention) {
        this.store = store;
        this.consumer = consumer;
        this.watcher = watcher;
        this.feed = feed;
        this.api = api;
        this.features = features;
        this.keys = keys;
        this.sessions = sessions;
        this.retention = retention;
    }

    /** Starts everything; the topics of the catalog are created when missing. */
    public static ServingServer start(ServingConfig config, ApiKeys keys, ModelLoader<ServedRanker> recommender,
            ModelLoader<TextClassifier> sentiment, Clock clock) {
        FeatureStore store = config.featureStore().equals("redis")
                ? new RedisFeatureStore(config.redisHost(), config.redisPort(), config.redisKeyPrefix())
                : RocksDbFeatureStore.open(config.featureStoreDir());
        var features = new OnlineFeatures(store, clock, config.liveWindow(), config.userRoomTtl());
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var catalog = TopicCatalog.of(config.platform());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.platform().kafkaBootstrap()))) {
            catalog.ensureTopics(admin);
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("Kafka at " + config.platform().kafkaBootstrap()
                    + " does not answer (" + e.getMessage() + "); start ./livepulse broker first or set"
                    + " kafka.bootstrap-servers", e);
        }
        Gauge.builder("livepulse.pipeline.lag.seconds", features,
                        OnlineFeatures::pipelineLagSeconds)
                .description("now minus the end of the newest room-metrics window").register(meters);
        var feedRef = new AtomicReference<LiveFeed>();
        var consumer = new FeatureConsumer(config.platform().kafkaBootstrap(), config.consumerGroup(),
                List.of(catalog.userRoomFeatures(), catalog.roomMetrics(), catalog.modelFits(),
                        catalog.roomSentiment(), catalog.sentimentAlerts(), catalog.roomCatalog()),
                catalog.userRoomFeatures(), features, record -> {
                    LiveFeed f = feedRef.get();
                    if (f != null) {
                        f.onRecord(record);
                    }
                }, meters, clock);
        var feed = new LiveFeed(features, clock, config.dashboardPeriod(), consumer::lagSeconds, consumer::lagRecords);
        feedRef.set(feed);
        var erased = ErasureList.in(config.platform().dataDir());
        // Every recommender loaded forgets the erased users, so no version trained or saved before an erasure
        // (a training run that was under way, a restored backup) can bring their factors back.
        ModelLoader<ServedRanker> forgetting = model -> {
            ServedRanker ranker = recommender.load(model);
            ranker.ranker().model().ifPresent(m -> erased.all().forEach(m::forget));
            return ranker;
        };
        var recommenderSlot = new ModelSlot<>(config.recommenderModel(), forgetting);
        var sentimentZh = new ModelSlot<>(config.sentimentModelZh(), sentiment);
        var sentimentEn = new ModelSlot<>(config.sentimentModelEn(), sentiment);
        var registry = new ModelRegistry(config.registryRoot());
        pinSelectors(registry, List.of(config.recommenderModel(), config.sentimentModelZh(), config.sentimentModelEn()));
        var watcher = new RegistryWatcher(registry, List.of(recommenderSlot, sentimentZh, sentimentEn), meters)
                .start(config.registryPoll());
        var pseudonyms = new Pseudonymizer(config.pseudonymKey());
        var erasure = new UserErasure(new UserErasure.Stores(config.platform().kafkaBootstrap(),
                catalog.userRoomFeatures(), Optional.of(features), config.platform().dataDir(), registry,
                () -> recommenderSlot.current().flatMap(r -> r.ranker().model())), pseudonyms, clock);
        var sessions = new DashboardSessions(clock, DASHBOARD_SESSION_TTL, DASHBOARD_LOGIN_LINK_TTL);
        var limiter = new RateLimiter(config.rateLimitPerSecond(), 2.0 * config.rateLimitPerSecond(), System::nanoTime);
        var api = new ServingApi(new ServingApi.Parts(features, pseudonyms,
                new Recommendations(features, recommenderSlot),
                new Sentiments(Map.of("zh", sentimentZh, "en", sentimentEn), ModelKinds::languageOf), watcher, feed,
                consumer::lagSeconds, keys, limiter, meters, consumer::problem, sessions,
                new RoomBoard(features, feed.roomHistory(), feed.triage(), clock), erasure));
        consumer.start();
        feed.start();
        api.start(config.host(), config.port());
        var retention = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "user-room-retention");
            t.setDaemon(true);
            return t;
        });
        retention.scheduleWithFixedDelay(() -> purge(features), 1, RETENTION_EVERY.toMinutes(), TimeUnit.MINUTES);
        return new ServingServer(store, consumer, watcher, feed, api, features, keys, sessions, retention);
    }

    /**
     * Records in the registry which versions the selectors pin ({@code NAME:VERSION}), so that registry pruning
     * ({@code registry.keep-versions}) never deletes a version served by pin; tasks not pinned lose their old pin.
     */
    static void pinSelectors(ModelRegistry registry, List<ModelSelector> selectors) {
        for (ModelSelector selector : selectors) {
            try {
                if (selector.version() > 0) {
                    registry.pin(selector.task(), new ModelSelector.Ref(selector.name().orElseThrow(),
                            selector.version()));
                } else {
                    registry.unpin(selector.task());
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot record the pin of {} in the registry (pruning may then delete it): {}",
                        selector.task(), e.toString());
            }
        }
    }

    /**
     * A one-time token for a dashboard link that logs in ({@code /dashboard#login=TOKEN}): the page exchanges it
     * for a session cookie, and it is invalid after that first use or after {@link #DASHBOARD_LOGIN_LINK_TTL}.
     *
     * @throws IllegalArgumentException when {@code operatorKey} is not a known key
     */
    public String dashboardLoginToken(String operatorKey) {
        return sessions.loginToken(keys.find(operatorKey).orElseThrow(() ->
                new IllegalArgumentException("not a known API key")));
    }

    private static void purge(OnlineFeatures features) {
        try {
            int deleted = features.purgeExpiredUserRooms();
            if (deleted > 0) {
                LOG.info("Deleted {} user-room entries older than serving.user-room-ttl", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("User-room retention failed this time; it runs again in {}: {}", RETENTION_EVERY, e.toString());
        }
    }

    public int port() {
        return api.port();
    }

    /** The HTTP routes, as documented in {@code /openapi.json}. */
    public List<Route> routes() {
        return api.routes();
    }

    public OnlineFeatures features() {
        return features;
    }

    public RegistryWatcher watcher() {
        return watcher;
    }

    public LiveFeed feed() {
        return feed;
    }

    @Override
    public void close() {
        // The feed first: ending a dashboard stream finishes its request, which needs the HTTP server still running
        // (after it stopped, Javalin looped on the failing response and close() never returned).
        feed.close();
        retention.shutdownNow();
        api.stop();
        watcher.close();
        consumer.close();
        store.close();
    }
}
