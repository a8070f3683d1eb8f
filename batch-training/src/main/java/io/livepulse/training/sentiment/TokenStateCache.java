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
 * Per-token encoder states cached on disk ({@code <dir>/<encoder>-<maxTokens>/<corpus>-<part>.tok}) as bfloat16
 * (the top 16 bits of a float, rounded to nearest even: 8 exponent bits, 7 mantissa bits, about 3 significant
 * digits): half the size of floats, and what the token heads train on. A text keeps only its own tokens (no padding),
 * so short texts cost little. The file records the texts' fingerprint and is recomputed when the texts changed.
 */
final class TokenStateCache {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final int MAGIC = 0x4C50544F; // "LPTO"

    /**
     * Token states of a list of texts.
     *
     * @param hidden channels per token
     * @param states per text, {@code tokens * hidden} bfloat16 values, token-major
     */
    record States(int hidden, short[][] states) {
        int size() {
            return states.length;
        }

        int tokens(int text) {
            return states[text].length / hidden;
        }

        /** One text's states as floats, {@code [token][channel]}. */
        float[][] floats(int text) {
            int len = tokens(text);
            float[][] out = new float[len][hidden];
            short[] s = states[text];
            for (int t = 0; t < len; t++) {
                for (int c = 0; c < hidden; c++) {
                    out[t][c] = toFloat(s[t * hidden + c]);
                }
            }
            return out;
        }
    }

    private final Path dir;

    TokenStateCache(Path dir) {
        this.dir = dir;
    }

    /** States of {@code texts} from the cache, or encoded (with progress lines) and cached. */
    States states(SentenceEncoder encoder, String corpus, String part, List<String> texts) throws IOException {
        Path file = dir.resolve(encoder.encoder().id() + "-" + encoder.maxTokens()).resolve(corpus + "-" + part + ".tok");
        long fingerprint = EncoderFeatureCache.fingerprint(texts);
        if (Files.isRegularFile(file)) {
            States cached = read(file, fingerprint, texts.size(), encoder.hidden());
            if (cached != null) {
                CONSOLE.info("{} {} {}: token states of {} texts from {}", encoder.encoder().id(), corpus, part,
                        cached.size(), file);
                return cached;
            }
        }
        long start = System.nanoTime();
        int step = Math.max(256, texts.size() / 10);
        int[] nextReport = {step};
        int h = encoder.hidden();
        short[][] out = new short[texts.size()][];
        encoder.forEachState(texts, 32, (done, total) -> {
            if (done >= nextReport[0] || done == total) {
                nextReport[0] = done + step;
                double secs = (System.nanoTime() - start) / 1e9;
                double rate = done / secs;
                CONSOLE.info(String.format(Locale.ROOT, "%s %s %s: token states of %d/%d texts, %.1f texts/s, elapsed"
                        + " %.0f s, ETA %.0f s", encoder.encoder().id(), corpus, part, done, total, rate, secs,
                        (total - done) / rate));
            }
        }, (i, states, length) -> out[i] = pack(states, length, h));
        var result = new States(h, out);
        write(file, fingerprint, result);
        return result;
    }

    static short[] pack(float[][] states, int length, int hidden) {
        short[] s = new short[length * hidden];
        for (int t = 0; t < length; t++) {
            for (int c = 0; c < hidden; c++) {
                s[t * hidden + c] = toBfloat16(states[t][c]);
            }
        }
        return s;
    }

    static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return (short) (bits >>> 16);
    }

    static float toFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    static States read(Path file, long fingerprint, int n, int hidden) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readLong() != fingerprint || in.readInt() != n
                    || in.readInt() != hidden) {
                return null;
            }
            short[][] states = new short[n][];
            byte[] buf = new byte[0];
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                short[] s = new short[len * hidden];
                if (buf.length < 2 * s.length) {
                    buf = new byte[2 * s.length];
                }
                in.readFully(buf, 0, 2 * s.length);
                for (int k = 0; k < s.length; k++) {
                    s[k] = (short) (((buf[2 * k] & 0xFF) << 8) | (buf[2 * k + 1] & 0xFF));
                }
                states[i] = s;
            }
            return new States(hidden, states);
        }
    }

    private static void write(Path file, long fingerprint, States states) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeLong(fingerprint);
            out.writeInt(states.size());
            out.writeInt(states.hidden());
            for (short[] s : states.states()) {
                out.writeInt(s.length / states.hidden());
                for (short v : s) {
                    out.writeShort(v);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
