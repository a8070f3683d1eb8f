package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelRegistry.VerifiedModel;

/**
 * Reads a verified registry version into a model. Throws (any runtime exception, with a message saying why) when
 * the kind is not one it reads or the payload cannot be parsed; the watcher then keeps the previous version.
 */
@FunctionalInterface
public interface ModelLoader<M extends ServedModel> {
    M load(VerifiedModel model);
}
