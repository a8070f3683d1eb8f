package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelSelector;
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
 * Watches the model registry: when a slot's {@link ModelSelector} chooses another version (a new champion, a
 * newer version of a named model), it is loaded fully, verified (checksums, format version) and read by the slot's
 * loader, then swapped in atomically. A version that fails any step is rejected with a logged reason and
 * {@code livepulse_model_rejected_total{model}}, never retried, and the previous version keeps serving.
 */
public final class RegistryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final ModelRegistry registry;
    private final List<ModelSlot<?>> slots;
    private final MeterRegistry meters;
    private final Map<String, Set<ModelSelector.Ref>> rejected = new ConcurrentHashMap<>();
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

    public ModelRegistry registry() {
        return registry;
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
            if (refreshLogged(slot)) {
                swapped++;
            }
        }
        return swapped;
    }

    private boolean refreshLogged(ModelSlot<?> slot) {
        try {
            return refresh(slot);
        } catch (RuntimeException e) {
            // an unreadable champion file: keep serving what is loaded, say why, try again next poll
            lastRejection.put(slot.name(), e.getMessage());
            LOG.warn("Cannot choose a model for {} ({}), still serving {} v{}", slot.name(), e.getMessage(),
                    slot.modelName(), slot.version());
            return false;
        }
    }

    private <M extends ServedModel> boolean refresh(ModelSlot<M> slot) {
        for (ModelSelector.Ref ref : slot.selector().candidates(registry)) {
            if (ref.name().equals(slot.modelName()) && ref.version() == slot.version()) {
                return false;
            }
            if (!slot.selector().name().isEmpty() && ref.name().equals(slot.modelName())
                    && ref.version() < slot.version()) {
                return false; // by name: never go back to an older version than the one serving
            }
            if (rejected.get(slot.name()).contains(ref)) {
                continue;
            }
            try {
                M model = slot.loader().load(registry.load(ref.name(), ref.version()));
                if (model.manifest().version() != ref.version() || !ref.name().equals(model.manifest().name())) {
                    throw new IllegalStateException("manifest says " + model.manifest().name() + " v"
                            + model.manifest().version() + " but the directory is " + ref.name() + "/"
                            + ref.version());
                }
                String previous = slot.modelName() == null ? "nothing" : slot.modelName() + " v" + slot.version();
                slot.swap(model);
                LOG.info("Serving {} for {} (kind {}, selected as {}), was {}", ref, slot.name(),
                        model.manifest().kind(), slot.selector(), previous);
                return true;
            } catch (RuntimeException e) {
                rejected.get(slot.name()).add(ref);
                lastRejection.put(slot.name(), ref + ": " + e.getMessage());
                Counter.builder("livepulse.model.rejected").tag("model", slot.name())
                        .description("registry versions rejected (corrupt, truncated, unknown format)")
                        .register(meters).increment();
                LOG.warn("Rejected {} for {}, still serving {} v{}: {}", ref, slot.name(), slot.modelName(),
                        slot.version(), e.getMessage());
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
