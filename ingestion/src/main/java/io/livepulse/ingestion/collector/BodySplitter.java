package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a request body into events: one JSON object, a JSON array of objects, or NDJSON (one object per
 * line). Each part keeps its bytes exactly as received, for the dead-letter topic. Parts are checked for UTF-8
 * here; parsing each event is left to the caller ({@link StreamingEventReader}, else {@link #tree}), so that a
 * valid event is parsed once.
 */
public final class BodySplitter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** For whole documents: {@code {"a":1} {"b":2}} is not one event. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /** A quoted token in a parser message; only the JSON literals that Jackson names in its expectations are kept. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");
    private static final java.util.Set<String> LITERALS = java.util.Set.of("'null'", "'true'", "'false'");
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * One event as received, {@code body[from, to)}, or refused before it could be parsed ({@code rejection}
     * not null). The bytes are copied out only when needed ({@link #raw}), for the tree path or a dead letter.
     */
    public record Part(byte[] body, int from, int to, Rejection rejection) {
        /** The event's bytes exactly as received. */
        public byte[] raw() {
            return from == 0 && to == body.length ? body : Arrays.copyOfRange(body, from, to);
        }

        /** The parsed JSON value, or null when the part is refused or not valid JSON. */
        public JsonNode node() {
            return rejection == null ? tree(raw()).node() : null;
        }
    }

    /** One event's JSON tree, or why it is not a JSON value. */
    public record Tree(JsonNode node, Rejection rejection) {}

    /** The parts, or a whole-body problem. */
    public record Split(List<Part> parts, Rejection bodyProblem) {}

    private BodySplitter() {}

    public static Split split(byte[] body, String contentType, int maxEvents) {
        int first = firstNonBlank(body, 0);
        if (first < 0) {
            return new Split(List.of(), new Rejection(Rejection.INVALID_JSON, null, "body is empty"));
        }
        boolean ndjson = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("ndjson");
        if (!ndjson && body[first] == '[') {
            return array(body, maxEvents);
        }
        // '\n' never occurs inside a UTF-8 sequence, so when the whole body is valid so is every line of it
        boolean allValid = validUtf8(body, 0, body.length);
        if (!ndjson) {
            Part whole = part(body, 0, body.length, allValid);
            if (!hasInnerNewline(body, first) || (whole.rejection() == null && tree(body).rejection() == null)) {
                return new Split(List.of(whole), null);
            }
        }
        var parts = new ArrayList<Part>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int from = start;
                start = i + 1;
                if (firstNonBlank(body, from, i) < 0) {
                    continue;
                }
                if (parts.size() == maxEvents) {
                    return tooMany(maxEvents);
                }
                parts.add(part(body, from, i, allValid));
            }
        }
        return new Split(parts, null);
    }

    private static Split array(byte[] body, int maxEvents) {
        if (!validUtf8(body)) {
            return new Split(List.of(), new Rejection(Rejection.INVALID_UTF8, null, "body is not valid UTF-8"));
        }
        var parts = new ArrayList<Part>();
        try (JsonParser parser = FACTORY.createParser(body)) {
            parser.nextToken();
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    break;
                }
                if (token == null) {
                    throw new IOException("unexpected end of the array");
                }
                int from = (int) parser.currentTokenLocation().getByteOffset();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else {
                    MAPPER.readTree(parser);
                }
                int to = (int) parser.currentLocation().getByteOffset();
                if (parts.size() == maxEvents) {
                    return tooMany(maxEvents);
                }
                parts.add(new Part(body, from, to, null));
            }
            if (parser.nextToken() != null) {
                throw new IOException("content after the closing ]");
            }
        } catch (IOException e) {
            return new Split(List.of(), new Rejection(Rejection.INVALID_JSON, null,
                    "body is not a valid JSON array: " + describe(e)));
        }
        return new Split(parts, null);
    }

    private static Part part(byte[] body, int from, int to, boolean knownValid) {
        if (!knownValid && !validUtf8(body, from, to)) {
            return new Part(body, from, to, new Rejection(Rejection.INVALID_UTF8, null, "event is not valid UTF-8"));
        }
        return new Part(body, from, to, null);
    }

    /** Parses one event's bytes (valid UTF-8) as exactly one JSON value. */
    public static Tree tree(byte[] raw) {
        try {
            JsonNode node = STRICT.readTree(raw);
            if (node == null || node.isMissingNode()) {
                return new Tree(null, new Rejection(Rejection.INVALID_JSON, null, "event is empty"));
            }
            return new Tree(node, null);
        } catch (IOException e) {
            return new Tree(null, new Rejection(Rejection.INVALID_JSON, null, "event is not valid JSON: "
                    + describe(e)));
        }
    }

    private static Split tooMany(int maxEvents) {
        return new Split(List.of(), new Rejection(Rejection.TOO_MANY_EVENTS, null,
                "at most " + maxEvents + " events per request; split the batch"));
    }

    /**
     * Well-formed UTF-8 as RFC 3629 defines it (the JDK decoder's strict mode agrees): no overlong forms, no
     * surrogates, nothing above U+10FFFF. Checked in place, without decoding into a buffer.
     */
    static boolean validUtf8(byte[] bytes) {
        return validUtf8(bytes, 0, bytes.length);
    }

    static boolean validUtf8(byte[] bytes, int from, int to) {
        if (ascii(bytes, from, to)) {
            return true;
        }
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                boolean eightAscii = i + Long.BYTES <= to
                        && ((long) LONGS.get(bytes, i) & 0x8080808080808080L) == 0;
                i += eightAscii ? Long.BYTES : 1;
                continue;
            }
            int extra;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + extra >= to) {
                return false;
            }
            int codePoint = b & (0x3F >> extra);
            for (int k = 1; k <= extra; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (c & 0x3F);
            }
            if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }

    /** Eight bytes at a time: any byte with its high bit set is not ASCII. */
    static boolean ascii(byte[] bytes) {
        return ascii(bytes, 0, bytes.length);
    }

    static boolean ascii(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int firstNonBlank(byte[] bytes, int from) {
        return firstNonBlank(bytes, from, bytes.length);
    }

    private static int firstNonBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasInnerNewline(byte[] body, int first) {
        int last = body.length - 1;
        while (last > first && (body[last] == ' ' || body[last] == '\n' || body[last] == '\r' || body[last] == '\t')) {
            last--;
        }
        for (int i = first; i < last; i++) {
            if (body[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    /**
     * A parser's complaint without the input it quotes, with where it is. Jackson echoes the offending token
     * ({@code Unrecognized token 'alice'}), which may be a user id, and this text is stored in the dead letter.
     */
    static String describe(IOException e) {
        String m = String.valueOf(e.getMessage());
        int newline = m.indexOf('\n');
        String line = newline < 0 ? m : m.substring(0, newline);
        if (line.startsWith("Unrecognized token")) {
            line = "Unrecognized token (not a JSON value)";
        } else {
            line = QUOTED.matcher(line).replaceAll(q -> Matcher.quoteReplacement(
                    LITERALS.contains(q.group()) ? q.group() : "'…'"));
        }
        if (line.length() > 200) {
            line = line.substring(0, 200) + "...";
        }
        if (e instanceof JsonProcessingException json && json.getLocation() != null
                && json.getLocation().getLineNr() > 0) {
            line = line + " (line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr() + ")";
        }
        return line;
    }
}
