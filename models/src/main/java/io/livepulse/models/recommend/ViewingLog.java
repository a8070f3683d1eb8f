package io.livepulse.models.recommend;

import io.livepulse.schemas.Validated;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A viewing log in the LiveRec format ({@code 100k.csv}, {@code full_a.csv.gz}): one line per watch interval,
 * {@code user,stream id,streamer,start step,stop step}, no header, steps of 10 minutes, the interval covering
 * steps {@code start <= s < stop}. Stored column-wise (about 24 bytes per interaction) and sorted by user, then
 * start step, so a user's history is one contiguous slice.
 *
 * <pre>{@code
 * ViewingLog log = ViewingLog.read(Path.of("100k.csv.gz"));
 * log.rejected(); // lines that did not parse, with the first reasons in log.rejections()
 * }</pre>
 */
public final class ViewingLog {
    /** Minutes per step in the LiveRec log. */
    public static final int STEP_MINUTES = 10;
    private static final int KEPT_REJECTIONS = 10;

    private final String[] userIds;
    private final String[] streamerNames;
    private final int[] user;
    private final long[] stream;
    private final int[] streamer;
    private final int[] start;
    private final int[] stop;
    private final int[] userOffsets;
    private final long rejected;
    private final List<Validated.Rejected<String>> rejections;

    private ViewingLog(String[] userIds, String[] streamerNames, int[] user, long[] stream, int[] streamer,
            int[] start, int[] stop, long rejected, List<Validated.Rejected<String>> rejections) {
        this.userIds = userIds;
        this.streamerNames = streamerNames;
        this.user = user;
        this.stream = stream;
        this.streamer = streamer;
        this.start = start;
        this.stop = stop;
        this.rejected = rejected;
        this.rejections = List.copyOf(rejections);
        this.userOffsets = new int[userIds.length + 1];
        for (int u : user) {
            userOffsets[u + 1]++;
        }
        for (int i = 0; i < userIds.length; i++) {
            userOffsets[i + 1] += userOffsets[i];
        }
    }

    /** Reads a {@code .csv} or {@code .csv.gz} log; a malformed line is counted and skipped, never fatal. */
    public static ViewingLog read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            var builder = new Builder();
            String line;
            while ((line = reader.readLine()) != null) {
                builder.addLine(line);
            }
            if (builder.size() == 0) {
                throw new IllegalArgumentException(file + ": no valid interaction line (expected user,stream id,streamer,"
                        + "start step,stop step)" + (builder.rejections.isEmpty() ? ""
                                : "; first problem: " + builder.rejections.get(0).message()));
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read viewing log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Collects interactions in any order; {@link #build()} sorts them by user and start step. */
    public static final class Builder {
        private final Map<String, Integer> users = new HashMap<>();
        private final Map<String, Integer> streamers = new HashMap<>();
        private final List<String> userNames = new ArrayList<>();
        private final List<String> streamerNames = new ArrayList<>();
        private int[] user = new int[1024];
        private long[] stream = new long[1024];
        private int[] streamer = new int[1024];
        private int[] start = new int[1024];
        private int[] stop = new int[1024];
        private int size;
        private long lineNumber;
        private long rejected;
        private final List<Validated.Rejected<String>> rejections = new ArrayList<>();

        public int size() {
            return size;
        }

        /** Parses one line of the file format; returns false (and counts the line) when it is malformed. */
        public boolean addLine(String line) {
            lineNumber++;
            String[] f = line.split(",", -1);
            if (f.length != 5) {
                return reject(null, "expected 5 comma-separated fields (user,stream id,streamer,start step,stop step), "
                        + "found " + f.length, line);
            }
            if (f[0].isBlank()) {
                return reject("user", "is empty", line);
            }
            if (f[2].isBlank()) {
                return reject("streamer", "is empty", line);
            }
            long streamId;
            int from;
            int to;
            try {
                streamId = Long.parseLong(f[1].trim());
            } catch (NumberFormatException e) {
                return reject("stream id", "not an integer: " + f[1], line);
            }
            try {
                from = Integer.parseInt(f[3].trim());
            } catch (NumberFormatException e) {
                return reject("start step", "not an integer: " + f[3], line);
            }
            try {
                to = Integer.parseInt(f[4].trim());
            } catch (NumberFormatException e) {
                return reject("stop step", "not an integer: " + f[4], line);
            }
            if (from < 0) {
                return reject("start step", "negative: " + from, line);
            }
            if (to <= from) {
                return reject("stop step", "must be after the start step (" + from + "), found " + to, line);
            }
            add(f[0].trim(), streamId, f[2].trim(), from, to);
            return true;
        }

        public void add(String userId, long streamId, String streamerName, int startStep, int stopStep) {
            if (size == user.length) {
                int n = size * 2;
                user = Arrays.copyOf(user, n);
                stream = Arrays.copyOf(stream, n);
                streamer = Arrays.copyOf(streamer, n);
                start = Arrays.copyOf(start, n);
                stop = Arrays.copyOf(stop, n);
            }
            user[size] = users.computeIfAbsent(userId, k -> {
                userNames.add(k);
                return userNames.size() - 1;
            });
            streamer[size] = streamers.computeIfAbsent(streamerName, k -> {
                streamerNames.add(k);
                return streamerNames.size() - 1;
            });
            stream[size] = streamId;
            start[size] = startStep;
            stop[size] = stopStep;
            size++;
        }

        /**
         * Counts a line of another published format (twitch105k, DRIVER) as malformed and skipped; the reason says
         * which file and line.
         */
        public void skip(String field, String reason, String line) {
            rejected++;
            if (rejections.size() < KEPT_REJECTIONS) {
                rejections.add(new Validated.Rejected<>(field, reason, line.getBytes(StandardCharsets.UTF_8)));
            }
        }

        private boolean reject(String field, String reason, String line) {
            rejected++;
            if (rejections.size() < KEPT_REJECTIONS) {
                rejections.add(new Validated.Rejected<>(field, "line " + lineNumber + ": " + reason,
                        line.getBytes(StandardCharsets.UTF_8)));
            }
            return false;
        }

        public ViewingLog build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> user[a] != user[b] ? Integer.compare(user[a], user[b])
                    : start[a] != start[b] ? Integer.compare(start[a], start[b]) : Integer.compare(stop[a], stop[b]));
            int[] u = new int[size];
            long[] st = new long[size];
            int[] s = new int[size];
            int[] a = new int[size];
            int[] b = new int[size];
            for (int i = 0; i < size; i++) {
                int j = order[i];
                u[i] = user[j];
                st[i] = stream[j];
                s[i] = streamer[j];
                a[i] = start[j];
                b[i] = stop[j];
            }
            return new ViewingLog(userNames.toArray(String[]::new), streamerNames.toArray(String[]::new), u, st, s, a, b,
                    rejected, rejections);
        }
    }

    public int size() {
        return user.length;
    }

    public int users() {
        return userIds.length;
    }

    public int streamers() {
        return streamerNames.length;
    }

    public String userId(int userIndex) {
        return userIds[userIndex];
    }

    public String streamerName(int streamerIndex) {
        return streamerNames[streamerIndex];
    }

    /** All streamer names, by index (a copy). */
    public String[] streamerNames() {
        return streamerNames.clone();
    }

    /** All user ids, by index (a copy). */
    public String[] userIds() {
        return userIds.clone();
    }

    public int user(int i) {
        return user[i];
    }

    public long stream(int i) {
        return stream[i];
    }

    public int streamer(int i) {
        return streamer[i];
    }

    public int start(int i) {
        return start[i];
    }

    public int stop(int i) {
        return stop[i];
    }

    /** First interaction index of a user (interactions of a user are contiguous, by start step). */
    public int userFrom(int userIndex) {
        return userOffsets[userIndex];
    }

    /** One past the last interaction index of a user. */
    public int userTo(int userIndex) {
        return userOffsets[userIndex + 1];
    }

    /** The largest stop step in the log: the end of observed time. */
    public int maxStep() {
        int max = 0;
        for (int s : stop) {
            max = Math.max(max, s);
        }
        return max;
    }

    /** Malformed lines skipped while reading. */
    public long rejected() {
        return rejected;
    }

    /** The first malformed lines with their reasons. */
    public List<Validated.Rejected<String>> rejections() {
        return rejections;
    }
}
