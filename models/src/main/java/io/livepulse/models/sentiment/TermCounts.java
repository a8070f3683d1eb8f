package io.livepulse.models.sentiment;

/**
 * Hashed term counts of one text: strictly increasing feature indices and their counts (a sparse vector).
 *
 * @param indices feature indices in [0, numFeatures), ascending, distinct
 * @param counts how often a term hashed to that index occurred
 */
public record TermCounts(int[] indices, double[] counts) {
    public int size() {
        return indices.length;
    }
}
