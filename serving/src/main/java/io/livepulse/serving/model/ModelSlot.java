package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelSelector;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model served for one task (e.g. {@code recommender}, {@code sentiment-zh}); {@link RegistryWatcher} swaps it
 * atomically to the version its {@link ModelSelector} chooses.
 */
public final class ModelSlot<M extends ServedModel> {
    private final ModelSelector selector;
    private final ModelLoader<M> loader;
    private final AtomicReference<M> current = new AtomicReference<>();

    public ModelSlot(ModelSelector selector, ModelLoader<M> loader) {
        this.selector = selector;
        this.loader = loader;
    }

    /** The task this slot serves. */
    public String name() {
        return selector.task();
    }

    public ModelSelector selector() {
        return selector;
    }

    public Optional<M> current() {
        return Optional.ofNullable(current.get());
    }

    /** Version being served, 0 when none. */
    public int version() {
        M model = current.get();
        return model == null ? 0 : model.manifest().version();
    }

    /** Name of the registry model being served, null when none. */
    public String modelName() {
        M model = current.get();
        return model == null ? null : model.manifest().name();
    }

    ModelLoader<M> loader() {
        return loader;
    }

    void swap(M model) {
        M previous = current.getAndSet(model);
        if (previous instanceof AutoCloseable closeable && previous != model) {
            try {
                closeable.close();
            } catch (Exception e) {
                // a model's native resources failing to close must not stop serving the new one
                org.slf4j.LoggerFactory.getLogger(ModelSlot.class).warn("Closing {} v{} failed: {}",
                        previous.manifest().name(), previous.manifest().version(), e.getMessage());
            }
        }
    }
}
