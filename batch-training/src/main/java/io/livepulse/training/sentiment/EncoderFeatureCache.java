package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.SentenceEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encoder outputs cached on disk ({@code <dir>/<encoder>-<maxTokens>/<corpus>-<part>.f32}), because encoding is
 * the expensive step (tens of texts per CPU-second for long Chinese reviews) and every head, tuning run and final
 * model reads the same vectors. A file records the texts' fingerprint and is recomputed when the texts changed.
 * Where the token states of the same texts are cached ({@link TokenStateCache}, same encoder and length) the vectors
 * are pooled from those (bfloat16, so within ~0.4 % of a fresh encoding) instead of running the encoder again.
 */
final class EncoderFeatureCache {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final int MAGIC = 0x4C50454E; // "LPEN"

    private final Path dir;

    EncoderFeatureCache(Path dir) {
        this.dir = dir;
    }

    /** Features of {@code texts} from the cache, or encoded (with progress lines) and cached. */
    float[][] features(SentenceEncoder encoder, String corpus, String part, List<String> texts) throws IOException {
        Path file = dir.resolve(encoder.encoder().id() + "-" + encoder.maxTokens()).resolve(corpus + "-" + part + ".f32");
        long fingerprint = fingerprint(texts);
        if (Files.isRegularFile(file)) {
            float[][] cached = read(file, fingerprint, texts.size(), encoder.dimension());
            if (cached != null) {
                CONSOLE.info("{} {} {}: {} cached vectors from {}", encoder.encoder().id(), corpus, part, cached.length,
                        file);
                return cached;
            }
        }
        Path tokens = file.resolveSibling(corpus + "-" + part + ".tok");
        if (Files.isRegularFile(tokens)) {
            var states = TokenStateCache.read(tokens, fingerprint, texts.size(), encoder.hidden());
            if (states != null) {
                float[][] pooled = new float[states.size()][];
                for (int i = 0; i < pooled.length; i++) {
                    pooled[i] = SentenceEncoder.pool(states.floats(i), states.tokens(i));
                }
                CONSOLE.info("{} {} {}: {} vectors pooled from the cached token states {}", encoder.encoder().id(),
                        corpus, part, pooled.length, tokens);
                write(file, fingerprint, pooled);
                return pooled;
            }
        }
        long start = System.nanoTime();
        int step = Math.max(256, texts.size() / 10);
        int[] nextReport = {step};
        float[][] features = encoder.encode(texts, 32, (done, total) -> {
            if (done >= nextReport[0] || done == total) {
                nextReport[0] = done + step;
                double secs = (System.nanoTime() - start) / 1e9;
                double rate = done / secs;
                CONSOLE.info(String.format(Locale.ROOT, "%s %s %s: encoded %d/%d texts, %.1f texts/s, elapsed %.0f s,"
                        + " ETA %.0f s", encoder.encoder().id(), corpus, part, done, total, rate, secs,
                        (total - done) / rate));
            }
        });
        write(file, fingerprint, features);
        return features;
    }

    static long fingerprint(List<String> texts) {
        long h = 1125899906842597L;
        for (String t : texts) {
            h = 31 * h + t.hashCode();
        }
        return h * 31 + texts.size();
    }

    private static float[][] read(Path file, long fingerprint, int n, int dim) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readLong() != fingerprint || in.readInt() != n || in.readInt() != dim) {
                return null;
            }
            float[][] out = new float[n][dim];
            for (float[] row : out) {
                for (int k = 0; k < dim; k++) {
                    row[k] = in.readFloat();
                }
            }
            return out;
        }
    }

    private static void write(Path file, long fingerprint, float[][] features) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeLong(fingerprint);
            out.writeInt(features.length);
            out.writeInt(features.length == 0 ? 0 : features[0].length);
            for (float[] row : features) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
