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

    /** {@code zh} when Han characters make up at least a third of the letters, else {@code en}. */
    public static String languageOf(String text) {
        int han = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han++;
                letters++;
            } else if (Character.isLetter(cp)) {
                letters++;
            }
        }
        return han > 0 && han * 3 >= letters ? "zh" : "en";
    }

    static IllegalArgumentException unknown(VerifiedModel model, String known) {
        return new IllegalArgumentException("unknown artifact kind '" + model.manifest().kind() + "' (this build reads: "
                + known + ")");
    }
}
