package io.livepulse.streaming.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelSelector;
import io.livepulse.models.registry.RegistryException;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.RegistrySentimentScorer;
import io.livepulse.models.sentiment.RoutedSentimentScorer;
import io.livepulse.models.sentiment.Sentiment;
import io.livepulse.models.sentiment.SentimentModel;
import io.livepulse.models.sentiment.SentimentModels;
import io.livepulse.models.sentiment.SentimentScorer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RegistrySentimentScorer} (latest versions, hot reload) that also survives a corrupt latest version when a
 * task starts or restarts. A running scorer already keeps its model when a newer version fails to load; but a task
 * that (re)starts while the latest version is corrupt could not open at all, and the job would restart in a loop.
 * Instead it scores with the newest version that verifies and retries the latest every {@code checkInterval}. Every
 * kind {@link SentimentModels} reads is scored; close it to release the models' native resources. Not thread-safe:
 * one per task.
 */
final class LastGoodRegistryScorer implements SentimentScorer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LastGoodRegistryScorer.class);

    private final ModelRegistry registry;
    private final Map<Language, ModelSelector> names;
    private final Duration checkInterval;
    private final LongSupplier nanoClock;
    private RegistrySentimentScorer live;
    private SentimentScorer lastGood;
    private List<SentimentModel> lastGoodModels = List.of();
    private long nextAttemptNanos;
    private long failedOpens;

    LastGoodRegistryScorer(ModelRegistry registry, Map<Language, ModelSelector> names, Duration checkInterval,
            LongSupplier nanoClock) {
        this.registry = registry;
        this.names = new EnumMap<>(names);
        this.checkInterval = checkInterval;
        this.nanoClock = nanoClock;
        if (!tryOpenLatest()) {
            lastGood = newestThatLoads();
        }
    }

    /**
     * Opens the latest versions, or the newest that verify if a latest one is corrupt.
     *
     * @throws RegistryException if some model has no version that loads
     */
    static LastGoodRegistryScorer open(ModelRegistry registry, Map<Language, ModelSelector> names,
            Duration checkInterval) {
        return new LastGoodRegistryScorer(registry, names, checkInterval, System::nanoTime);
    }

    private boolean tryOpenLatest() {
        try {
            live = RegistrySentimentScorer.open(registry, names, checkInterval);
            lastGood = null;
            closeLastGood();
            return true;
        } catch (RegistryException e) {
            failedOpens++;
            nextAttemptNanos = nanoClock.getAsLong() + checkInterval.toNanos();
            LOG.warn("Latest sentiment models do not load ({}); scoring with the newest versions that do",
                    e.getMessage());
            return false;
        }
    }

    private SentimentScorer newestThatLoads() {
        var models = new EnumMap<Language, SentimentModel>(Language.class);
        for (var e : names.entrySet()) {
            var candidates = new java.util.ArrayList<>(e.getValue().candidates(registry));
            // after the preferred version, every other version of the same model, newest first
            if (!candidates.isEmpty()) {
                String name = candidates.get(0).name();
                List<Integer> versions = registry.versions(name);
                for (int i = versions.size() - 1; i >= 0; i--) {
                    var ref = new ModelSelector.Ref(name, versions.get(i));
                    if (!candidates.contains(ref)) {
                        candidates.add(ref);
                    }
                }
            }
            for (var ref : candidates) {
                if (models.containsKey(e.getKey())) {
                    break;
                }
                try {
                    models.put(e.getKey(), SentimentModels.load(registry, registry.load(ref.name(), ref.version())));
                    LOG.warn("Scoring {} with {}", e.getKey(), ref);
                } catch (RegistryException skipped) {
                    failedOpens++;
                }
            }
            if (!models.containsKey(e.getKey())) {
                models.values().forEach(SentimentModel::close);
                throw new RegistryException("No version for " + e.getValue() + " under " + registry.root()
                        + " loads; run ./livepulse train sentiment");
            }
        }
        lastGoodModels = List.copyOf(models.values());
        return new RoutedSentimentScorer(models);
    }

    private void closeLastGood() {
        lastGoodModels.forEach(SentimentModel::close);
        lastGoodModels = List.of();
    }

    /** Newer versions swapped in while running. */
    long reloads() {
        return live == null ? 0 : live.reloads();
    }

    /** Versions that failed to load: at start, on retries, and while running. */
    long failedReloads() {
        return failedOpens + (live == null ? 0 : live.failedReloads());
    }

    @Override
    public Sentiment score(String text) {
        if (live == null && nanoClock.getAsLong() - nextAttemptNanos >= 0) {
            tryOpenLatest();
        }
        return live != null ? live.score(text) : lastGood.score(text);
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
        closeLastGood();
    }
}
