package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelManifest;

/** A model loaded from the registry and being served. */
public interface ServedModel {
    /** Name, version, kind and evaluation metrics, as written by the training job. */
    ModelManifest manifest();
}
