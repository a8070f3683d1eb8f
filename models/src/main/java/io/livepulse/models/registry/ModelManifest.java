package io.livepulse.models.registry;

import java.util.Map;

/**
 * What {@code manifest.json} says about one model version.
 *
 * @param formatVersion version of this manifest format; readers refuse versions they do not know
 * @param name the model's name, e.g. {@code recommender-als}, {@code sentiment-zh-lr}
 * @param version the model version, 1, 2, ... per name
 * @param kind how to read the payload, e.g. {@code als-factors/1}; scorers refuse kinds they do not know
 * @param createdTimeMs when it was written, epoch ms UTC
 * @param trainingData what it was trained on (data range, corpora and their licences), free-form
 * @param params training parameters
 * @param metrics evaluation metrics (also in {@code metrics.json})
 * @param files SHA-256 (hex) of every payload file, by file name relative to the version directory
 */
public record ModelManifest(
        int formatVersion,
        String name,
        int version,
        String kind,
        long createdTimeMs,
        Map<String, Object> trainingData,
        Map<String, Object> params,
        Map<String, Object> metrics,
        Map<String, String> files) {

    public static final int FORMAT_VERSION = 1;
}
