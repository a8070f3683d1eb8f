package io.livepulse.models.recommend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A real viewing log read exactly as published, in the {@link ViewingLog} tables, with its evaluation protocol
 * ({@link RealLogProtocol}, issue 19).
 *
 * <ul>
 *   <li><b>twitch105k</b> ({@code twitch105k.csv}, header {@value #TWITCH105K_HEADER}): user, streamer, start
 *       step (10 minutes). <b>Missing: stop step, stream id and so watch time W.</b> The {@code community}
 *       column (a cluster id made by the publishing project) and the row index are not read. In the tables each
 *       interaction gets {@code stop = start + 1} (one step, the shortest interval) and stream id
 *       {@value #NO_STREAM}; nothing in the protocol, the baselines or the metrics reads them.
 *   <li><b>driver</b> (a directory with {@code train.csv}, {@code test.csv}, {@code room_state.csv}; header
 *       {@value #DRIVER_HEADER}): user, room, entry time in seconds. <b>Missing: stop time, stream id, watch
 *       time, chat, gifts.</b> Rows get {@code stop = start + 1} (one second) and stream id {@value #NO_STREAM}.
 *       {@code room_state.csv} snapshots ({@code room_id,timestamp_s,n_users,user_ids}) are read only as
 *       evidence that a room was live at a time, never as watch time.
 * </ul>
 *
 * <p>Malformed lines are counted and skipped ({@link ViewingLog#rejected()}), never fatal.
 *
 * @param log the interactions
 * @param protocol the split windows and candidate rule
 * @param snapshots presence snapshots read (0 for twitch105k)
 */
public record PublishedLog(ViewingLog log, RealLogProtocol protocol, long snapshots) {
    /** Header line of {@code twitch105k.csv} (its first column is unnamed). */
    public static final String TWITCH105K_HEADER = ",user_id,streamer_name,start_time,community";
    /** Header line of DRIVER's {@code train.csv} and {@code test.csv}. */
    public static final String DRIVER_HEADER = "user_id,room_id,timestamp_s";
    /** Header line of DRIVER's {@code room_state.csv}. */
    public static final String ROOM_STATE_HEADER = "room_id,timestamp_s,n_users,user_ids";
    /** The stream id stored for logs that have none. */
    public static final long NO_STREAM = -1;
    /** twitch105k: test and validation windows, in steps. */
    public static final int TWITCH105K_WINDOW_STEPS = 250;
    /** twitch105k: a streamer is a candidate when some interaction starts within this many steps. */
    public static final int TWITCH105K_RADIUS_STEPS = 3;
    /** DRIVER: a room is a candidate with a snapshot or an entry within this many seconds. */
    public static final int DRIVER_RADIUS_SECONDS = 1800;
    /** DRIVER: the validation tail of {@code train.csv}, as a share of its rows by time. */
    public static final double DRIVER_VALIDATION_SHARE = 0.10;

    /** Which published format a file is in. */
    public enum Format {
        /** LiveRec {@code 100k.csv} / {@code full_a.csv.gz}: read by {@link ViewingLog#read}. */
        LIVEREC,
        TWITCH105K,
        DRIVER;

        /**
         * The format of {@code path}: a directory or a {@code train.csv}/{@code test.csv} with DRIVER's header is
         * DRIVER, a file with twitch105k's header is twitch105k, anything else LiveRec (which has no header).
         */
        public static Format detect(Path path) {
            Path file = Files.isDirectory(path) ? path.resolve("train.csv") : path;
            if (!Files.isRegularFile(file) || file.getFileName().toString().endsWith(".gz")) {
                return Files.isDirectory(path) ? DRIVER : LIVEREC;
            }
            String header = firstLine(file).trim();
            if (header.equals(TWITCH105K_HEADER)) {
                return TWITCH105K;
            }
            return header.equals(DRIVER_HEADER) ? DRIVER : LIVEREC;
        }

        /** Milliseconds per unit of the format's time column: 10-minute steps, or seconds for DRIVER. */
        public long timeUnitMs() {
            return this == DRIVER ? 1000L : ViewingLog.STEP_MINUTES * 60_000L;
        }

        /** The report name of the dataset ({@code twitch105k}, {@code driver}, {@code liverec}). */
        public String dataset() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Milliseconds per unit of this log's time ({@link Format#timeUnitMs}). */
    public long timeUnitMs() {
        return Format.valueOf(protocol.dataset().toUpperCase(java.util.Locale.ROOT)).timeUnitMs();
    }

    /** Reads twitch105k or DRIVER (a file of the directory, or the directory itself); LiveRec has no protocol. */
    public static PublishedLog read(Path path, Format format) {
        return switch (format) {
            case TWITCH105K -> twitch105k(path);
            case DRIVER -> driver(Files.isDirectory(path) ? path : path.toAbsolutePath().getParent());
            case LIVEREC -> throw new IllegalArgumentException(path + ": the LiveRec format (100k.csv) is read by"
                    + " ViewingLog.read and evaluated with LiveSplit, not with the real-log protocol");
        };
    }

    /**
     * {@code twitch105k.csv}. With T the last start step: test targets start in {@code [T-249, T]}, validation
     * in {@code [T-499, T-250]}, training earlier; a target needs an earlier interaction of its user; candidates
     * are the streamers with some start within {@code [s-3, s+3]}.
     */
    public static PublishedLog twitch105k(Path file) {
        var builder = new ViewingLog.Builder();
        forEachLine(file, TWITCH105K_HEADER, (line, number) -> {
            String[] f = line.split(",", -1);
            String where = file.getFileName() + " line " + number + ": ";
            if (f.length != 5) {
                builder.skip(null, where + "expected 5 fields (" + TWITCH105K_HEADER + "), found " + f.length, line);
                return;
            }
            Integer step = parse(f[3]);
            if (f[1].isBlank() || f[2].isBlank() || step == null || step < 0) {
                builder.skip(step == null || step < 0 ? "start_time" : "user_id/streamer_name",
                        where + "empty id or start step not an integer >= 0", line);
                return;
            }
            builder.add(f[1].trim(), NO_STREAM, f[2].trim(), step, step + 1);
        });
        ViewingLog log = nonEmpty(builder.build(), file);
        int last = 0;
        for (int i = 0; i < log.size(); i++) {
            last = Math.max(last, log.start(i));
        }
        int testStart = last - TWITCH105K_WINDOW_STEPS + 1;
        var protocol = new RealLogProtocol("twitch105k", "twitch105k: T = last start step (" + last + "); test"
                + " targets start >= T-249, validation the 250 steps before, training earlier; one instance per user"
                + " and split (first interaction in the window with an earlier one); input the last <= 16 earlier"
                + " interactions; candidates every streamer with a start within [s-3, s+3]; popularity = training"
                + " interactions", testStart - TWITCH105K_WINDOW_STEPS, testStart, last + 1, true,
                CandidateWindow.ofStarts(log, TWITCH105K_RADIUS_STEPS));
        return new PublishedLog(log, protocol, 0);
    }

    /**
     * DRIVER's directory: {@code train.csv} is training with its last 10 % of rows by time as validation
     * (validation starts at the time of row {@code floor(0.9 n)} of the time-sorted file and holds every row from
     * that time on), {@code test.csv} is test; one instance per user and split (the user's first entry in it,
     * the input possibly empty); candidates every room with a snapshot or an entry within +-1800 s.
     */
    public static PublishedLog driver(Path dir) {
        var builder = new ViewingLog.Builder();
        int[] trainTimes = readEntries(dir.resolve("train.csv"), builder);
        int[] testTimes = readEntries(dir.resolve("test.csv"), builder);
        if (trainTimes.length == 0 || testTimes.length == 0) {
            throw new IllegalArgumentException(dir + ": train.csv and test.csv need at least one valid row each ("
                    + DRIVER_HEADER + ")");
        }
        Arrays.sort(trainTimes);
        Arrays.sort(testTimes);
        if (trainTimes[trainTimes.length - 1] >= testTimes[0]) {
            throw new IllegalArgumentException(dir + ": test.csv must continue train.csv in time, but train.csv ends"
                    + " at " + trainTimes[trainTimes.length - 1] + " s and test.csv starts at " + testTimes[0] + " s");
        }
        ViewingLog log = builder.build();
        int validationStart = trainTimes[(int) Math.floor((1 - DRIVER_VALIDATION_SHARE) * trainTimes.length)];
        var rooms = new HashMap<String, Integer>();
        for (int s = 0; s < log.streamers(); s++) {
            rooms.put(log.streamerName(s), s);
        }
        var times = new IntList();
        var ids = new IntList();
        for (int i = 0; i < log.size(); i++) {
            times.add(log.start(i));
            ids.add(log.streamer(i));
        }
        long snapshots = readSnapshots(dir.resolve("room_state.csv"), rooms, times, ids);
        var protocol = new RealLogProtocol("driver", "driver_live_rooms: train.csv is training (its last 10 % of"
                + " rows by time, from " + validationStart + " s, validation), test.csv is test; one instance per"
                + " user and split (first entry in it); input the last <= 16 earlier entries; candidates every room"
                + " with a presence snapshot or an entry within +-1800 s; popularity = train.csv entries before the"
                + " validation tail", validationStart, testTimes[0], testTimes[testTimes.length - 1] + 1, false,
                CandidateWindow.of(DRIVER_RADIUS_SECONDS, times.toArray(), ids.toArray()));
        return new PublishedLog(log, protocol, snapshots);
    }

    private static int[] readEntries(Path file, ViewingLog.Builder builder) {
        var times = new IntList();
        forEachLine(file, DRIVER_HEADER, (line, number) -> {
            String[] f = line.split(",", -1);
            Integer t = f.length == 3 ? parse(f[2]) : null;
            if (f.length != 3 || f[0].isBlank() || f[1].isBlank() || t == null || t < 0) {
                builder.skip(null, file.getFileName() + " line " + number + ": expected " + DRIVER_HEADER
                        + " with timestamp_s an integer >= 0", line);
                return;
            }
            builder.add(f[0].trim(), NO_STREAM, f[1].trim(), t, t + 1);
            times.add(t);
        });
        return times.toArray();
    }

    private static long readSnapshots(Path file, Map<String, Integer> rooms, IntList times, IntList ids) {
        long[] read = {0};
        forEachLine(file, ROOM_STATE_HEADER, (line, number) -> {
            int a = line.indexOf(',');
            int b = a < 0 ? -1 : line.indexOf(',', a + 1);
            Integer room = a < 0 ? null : rooms.get(line.substring(0, a).trim());
            Integer t = b < 0 ? null : parse(line.substring(a + 1, b));
            if (room != null && t != null) {
                times.add(t);
                ids.add(room);
                read[0]++;
            }
            // a snapshot of a room without entries cannot be ranked against one; it is not evidence here
        });
        return read[0];
    }

    private interface LineConsumer {
        void accept(String line, long number);
    }

    private static void forEachLine(Path file, String header, LineConsumer consumer) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first == null || !first.trim().equals(header)) {
                throw new IllegalArgumentException(file + ": expected the header line '" + header + "', found '"
                        + first + "'");
            }
            String line;
            long number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    consumer.accept(line, number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Integer parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ViewingLog nonEmpty(ViewingLog log, Path file) {
        if (log.size() == 0) {
            throw new IllegalArgumentException(file + ": no valid interaction line"
                    + (log.rejections().isEmpty() ? "" : "; first problem: " + log.rejections().get(0).message()));
        }
        return log;
    }

    /** A growable int array (the logs have up to a few hundred thousand rows). */
    private static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
