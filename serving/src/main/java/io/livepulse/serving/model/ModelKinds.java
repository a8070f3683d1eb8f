package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelRegistry.VerifiedModel;

/**
 * The artifact kinds this build can serve, by model family. A version of any other kind is rejected by the
 * watcher with the kind named, and the previous version keeps serving.
 */
public final class ModelKinds {
    private ModelKinds() {}

    public static ModelLoader<RoomScorer> recommenders() {
        return model -> {
            throw unknown(model, "none yet");
        };
    }

    public static ModelLoader<TextClassifier> sentiment() {
        return model -> {
            throw unknown(model, "none yet");
        };
    }

    static IllegalArgumentException unknown(VerifiedModel model, String known) {
        return new IllegalArgumentException("unknown artifact kind '" + model.manifest().kind() + "' (this build reads: "
                + known + ")");
    }
}
