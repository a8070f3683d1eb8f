package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelSelector;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model served for one task (e.g. {@code recommender}, {@code sentiment-zh}); {@link RegistryWatcher} swaps it
 * atomically to the version its {@link ModelSelector} chooses. A model that holds resources ({@link AutoCloseable},
 * e.g. an encoder-backed sentiment model's onnxruntime session) is closed {@value #RETIRE_SECONDS} seconds after it
 * was swapped out, once the requests that were using it are done.
 */
public final class ModelSlot<M extends ServedModel> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);
    static final long RETIRE_SECONDS = 30;

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
            CompletableFuture.runAsync(() -> retire(closeable), CompletableFuture.delayedExecutor(RETIRE_SECONDS,
                    TimeUnit.SECONDS));
        }
    }

    private void retire(AutoCloseable model) {
        try {
            model.close();
        } catch (Exception e) {
            LOG.warn("Cannot close the swapped-out version of {}: {}", name(), e.getMessage());
        }
    }
}
