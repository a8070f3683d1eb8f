package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelSelector;
import io.livepulse.models.registry.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RoutedSentimentScorer} over the registry version each language's {@link ModelSelector} prefers (the
 * task's champion by default, else the newest version of a named model) that picks up a new choice without a
 * restart: at most every {@code checkInterval} (checked on the scoring thread, no extra thread) it asks the
 * selectors, and when one prefers another version loads and verifies it fully, then swaps an
 * {@link AtomicReference}. A version that fails to load is logged and counted, and the old model stays. Any kind
 * {@link SentimentModels} reads can be used; a model swapped out is closed (its native resources, if any, released)
 * {@value #RETIRE_SECONDS} seconds later, once texts that other threads were scoring with it are done.
 *
 * <pre>{@code
 * var scorer = RegistrySentimentScorer.open(registry, Map.of(Language.ZH, ModelSelector.parse("sentiment-zh",
 *         "champion"), Language.EN, ModelSelector.parse("sentiment-en", "sentiment-twitch-lr")), Duration.ofSeconds(30));
 * }</pre>
 */
public final class RegistrySentimentScorer implements SentimentScorer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySentimentScorer.class);
    static final long RETIRE_SECONDS = 30;

    private record Loaded(Map<Language, ModelSelector.Ref> versions, Map<Language, SentimentModel> models,
            RoutedSentimentScorer scorer) {
        void close() {
            models.values().forEach(SentimentModel::close);
        }
    }

    private final ModelRegistry registry;
    private final Map<Language, ModelSelector> names;
    private final long checkIntervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final AtomicLong nextCheck = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();

    RegistrySentimentScorer(ModelRegistry registry, Map<Language, ModelSelector> names, Duration checkInterval,
            LongSupplier nanoClock) {
        this.registry = registry;
        this.names = new EnumMap<>(names);
        this.checkIntervalNanos = checkInterval.toNanos();
        this.nanoClock = nanoClock;
        this.current.set(loadLatest());
        this.nextCheck.set(nanoClock.getAsLong() + checkIntervalNanos);
    }

    /**
     * Loads the version each selector prefers.
     *
     * @throws RegistryException if a language has no version to choose or the preferred one is corrupt
     */
    public static RegistrySentimentScorer open(ModelRegistry registry, Map<Language, ModelSelector> names,
            Duration checkInterval) {
        return new RegistrySentimentScorer(registry, names, checkInterval, System::nanoTime);
    }

    private Loaded loadLatest() {
        return loadLatest(null);
    }

    /** The preferred version of a language's selector. */
    private ModelSelector.Ref preferred(ModelSelector selector) {
        var candidates = selector.candidates(registry);
        if (candidates.isEmpty()) {
            throw new RegistryException("No model for " + selector + " under " + registry.root()
                    + "; run ./livepulse train sentiment first");
        }
        return candidates.get(0);
    }

    /** The preferred versions; those {@code previous} already holds are kept, not loaded again. */
    private Loaded loadLatest(Loaded previous) {
        var versions = new EnumMap<Language, ModelSelector.Ref>(Language.class);
        var models = new EnumMap<Language, SentimentModel>(Language.class);
        var fresh = new ArrayList<SentimentModel>();
        try {
            for (var e : names.entrySet()) {
                var ref = preferred(e.getValue());
                versions.put(e.getKey(), ref);
                if (previous != null && ref.equals(previous.versions().get(e.getKey()))) {
                    models.put(e.getKey(), previous.models().get(e.getKey()));
                } else {
                    var loaded = SentimentModels.load(registry, registry.load(ref.name(), ref.version()));
                    fresh.add(loaded);
                    models.put(e.getKey(), loaded);
                }
            }
        } catch (RegistryException e) {
            fresh.forEach(SentimentModel::close);
            throw e;
        }
        return new Loaded(versions, models, new RoutedSentimentScorer(models));
    }

    /** Loads the versions the selectors now prefer, if any changed; returns whether a model changed. */
    public synchronized boolean refresh() {
        var loaded = current.get();
        boolean changed = false;
        try {
            for (var e : names.entrySet()) {
                var candidates = e.getValue().candidates(registry);
                if (!candidates.isEmpty() && !candidates.get(0).equals(loaded.versions().get(e.getKey()))) {
                    changed = true;
                }
            }
        } catch (RegistryException e) {
            failedReloads.incrementAndGet();
            LOG.warn("Keeping sentiment models {}: cannot read the registry's choice ({})", loaded.versions(),
                    e.getMessage());
            return false;
        }
        if (!changed) {
            return false;
        }
        try {
            var next = loadLatest(loaded);
            current.set(next);
            var retired = loaded.models().values().stream().filter(m -> !next.models().containsValue(m)).toList();
            CompletableFuture.runAsync(() -> retired.forEach(SentimentModel::close),
                    CompletableFuture.delayedExecutor(RETIRE_SECONDS, TimeUnit.SECONDS));
            reloads.incrementAndGet();
            LOG.info("Sentiment models reloaded: {}", next.versions());
            return true;
        } catch (RegistryException e) {
            failedReloads.incrementAndGet();
            LOG.warn("Keeping sentiment models {}: the newer version does not load ({})", loaded.versions(),
                    e.getMessage());
            return false;
        }
    }

    /** Model version in use per language. */
    public Map<Language, ModelSelector.Ref> versions() {
        return current.get().versions();
    }

    public long reloads() {
        return reloads.get();
    }

    public long failedReloads() {
        return failedReloads.get();
    }

    @Override
    public Sentiment score(String text) {
        long now = nanoClock.getAsLong();
        long due = nextCheck.get();
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + checkIntervalNanos)) {
            refresh();
        }
        return current.get().scorer().score(text);
    }

    /** Closes the models in use; score nothing with this scorer afterwards. */
    @Override
    public void close() {
        current.get().close();
    }
}
