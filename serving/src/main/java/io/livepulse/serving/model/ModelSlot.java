package io.livepulse.serving.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The version of one registry model being served now; swapped atomically by {@link RegistryWatcher}. */
public final class ModelSlot<M extends ServedModel> {
    private final String name;
    private final ModelLoader<M> loader;
    private final AtomicReference<M> current = new AtomicReference<>();

    public ModelSlot(String name, ModelLoader<M> loader) {
        this.name = name;
        this.loader = loader;
    }

    public String name() {
        return name;
    }

    public Optional<M> current() {
        return Optional.ofNullable(current.get());
    }

    /** Version being served, 0 when none. */
    public int version() {
        M model = current.get();
        return model == null ? 0 : model.manifest().version();
    }

    ModelLoader<M> loader() {
        return loader;
    }

    void swap(M model) {
        current.set(model);
    }
}
