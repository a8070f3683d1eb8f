package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the model registry: a newer version of a served model is loaded fully, verified (checksums, format
 * version) and read by the slot's loader, then swapped in atomically. A version that fails any step is
 * rejected with a logged reason and {@code livepulse_model_rejected_total{model}}, never retried, and the
 * previous version keeps serving. At start the newest version that loads is served.
 */
public final class RegistryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final ModelRegistry registry;
    private final List<ModelSlot<?>> slots;
    private final MeterRegistry meters;
    private final Map<String, Set<Integer>> rejected = new ConcurrentHashMap<>();
    private final Map<String, String> lastRejection = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public RegistryWatcher(ModelRegistry registry, List<ModelSlot<?>> slots, MeterRegistry meters) {
        this.registry = registry;
        this.slots = List.copyOf(slots);
        this.meters = meters;
        for (ModelSlot<?> slot : slots) {
            Gauge.builder("livepulse.model.version", slot, ModelSlot::version).tag("model", slot.name())
                    .description("registry version being served, 0 when none").register(meters);
            rejected.put(slot.name(), ConcurrentHashMap.newKeySet());
        }
    }

    public List<ModelSlot<?>> slots() {
        return slots;
    }

    /** Why the last rejected version of {@code model} was rejected, if one was. */
    public String lastRejection(String model) {
        return lastRejection.get(model);
    }

    /** Checks every slot once; returns the number of versions swapped in. */
    public synchronized int poll() {
        int swapped = 0;
        for (ModelSlot<?> slot : slots) {
            if (refresh(slot)) {
                swapped++;
            }
        }
        return swapped;
    }

    private <M extends ServedModel> boolean refresh(ModelSlot<M> slot) {
        var versions = new ArrayList<>(registry.versions(slot.name()));
        for (int i = versions.size() - 1; i >= 0; i--) {
            int version = versions.get(i);
            if (version <= slot.version()) {
                return false;
            }
            if (rejected.get(slot.name()).contains(version)) {
                continue;
            }
            try {
                M model = slot.loader().load(registry.load(slot.name(), version));
                if (model.manifest().version() != version || !slot.name().equals(model.manifest().name())) {
                    throw new IllegalStateException("manifest says " + model.manifest().name() + " v"
                            + model.manifest().version() + " but the directory is " + slot.name() + "/" + version);
                }
                int previous = slot.version();
                slot.swap(model);
                LOG.info("Serving {} v{} (kind {}), was v{}", slot.name(), version, model.manifest().kind(), previous);
                return true;
            } catch (RuntimeException e) {
                rejected.get(slot.name()).add(version);
                lastRejection.put(slot.name(), "v" + version + ": " + e.getMessage());
                Counter.builder("livepulse.model.rejected").tag("model", slot.name())
                        .description("registry versions rejected (corrupt, truncated, unknown format)")
                        .register(meters).increment();
                LOG.warn("Rejected {} v{}, still serving v{}: {}", slot.name(), version, slot.version(),
                        e.getMessage());
            }
        }
        return false;
    }

    /** Polls now and then every {@code interval} on a daemon thread. */
    public RegistryWatcher start(Duration interval) {
        poll();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "registry-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::pollLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void pollLogged() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the model registry at {}: {}", registry.root(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
