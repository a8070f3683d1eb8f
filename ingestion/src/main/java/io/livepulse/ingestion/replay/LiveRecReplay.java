package io.livepulse.ingestion.replay;

import io.livepulse.schemas.event.DeviceType;
import io.livepulse.schemas.event.NetworkType;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Replays a viewing log in the LiveRec Twitch format ({@code 100k.csv} or {@code .csv.gz}: {@code user,stream
 * id,streamer,start step,stop step}, 10-minute steps, no header) as room STARTED/ENDED, player JOIN, one
 * HEARTBEAT per step in between, and LEAVE events, in time order. Step {@code s} is at {@code origin + s * 10
 * min}; pace the result with {@link io.livepulse.ingestion.feed.Pacing#compressed(double)}.
 *
 * <p>The log holds no quality-of-service data, so heartbeats carry a bitrate and bandwidth drawn per interval
 * from a seeded model (the same ladder as the simulator): V and R of replayed heartbeats are synthetic. Event
 * ids are derived from the row, so replaying the same file twice gives the same ids (the collector drops the
 * second copy as duplicates within its window). Rows that are not in the format are counted and skipped.
 */
public final class LiveRecReplay {
    static final long STEP_MS = 600_000L;
    private static final double[] LADDER = {800, 1_500, 3_000, 6_000, 8_000};

    private final int[] start;
    private final int[] stop;
    private final String[] user;
    private final long[] stream;
    private final String[] streamer;
    private final long skippedRows;
    private final long origin;

    private LiveRecReplay(List<String[]> rows, long skippedRows, long origin) {
        int n = rows.size();
        start = new int[n];
        stop = new int[n];
        user = new String[n];
        stream = new long[n];
        streamer = new String[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(Integer.parseInt(rows.get(a)[3]), Integer.parseInt(rows.get(b)[3])));
        for (int i = 0; i < n; i++) {
            String[] row = rows.get(order[i]);
            user[i] = row[0];
            stream[i] = Long.parseLong(row[1]);
            streamer[i] = row[2];
            start[i] = Integer.parseInt(row[3]);
            stop[i] = Integer.parseInt(row[4]);
        }
        this.skippedRows = skippedRows;
        this.origin = origin;
    }

    /** Reads the whole log (3M rows of the 100k file fit in a few hundred MB). */
    public static LiveRecReplay read(Path file, Instant origin) {
        var rows = new ArrayList<String[]>();
        long skipped = 0;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",", -1);
                if (f.length != 5 || !valid(f)) {
                    skipped++;
                    continue;
                }
                rows.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read LiveRec log " + file + ": " + e.getMessage(), e);
        }
        return new LiveRecReplay(rows, skipped, origin.toEpochMilli());
    }

    private static boolean valid(String[] f) {
        try {
            int s = Integer.parseInt(f[3].trim());
            int e = Integer.parseInt(f[4].trim());
            Long.parseLong(f[1].trim());
            f[3] = f[3].trim();
            f[4] = f[4].trim();
            f[1] = f[1].trim();
            return s >= 0 && e > s && !f[0].isBlank() && !f[2].isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public int intervals() {
        return start.length;
    }

    public long skippedRows() {
        return skippedRows;
    }

    /** Events a full replay emits: 2 per stream, and join + heartbeats + leave per interval. */
    public long eventCount() {
        var streams = new java.util.HashSet<Long>();
        long n = 0;
        for (int i = 0; i < start.length; i++) {
            streams.add(stream[i]);
            n += 1 + (stop[i] - start[i] - 1) + 1;
        }
        return n + 2L * streams.size();
    }

    /** The events in time order (at equal times: room starts, joins, heartbeats, leaves, room ends). */
    public Iterator<SpecificRecord> events() {
        var first = new HashMap<Long, Integer>();
        var last = new HashMap<Long, Integer>();
        var owner = new HashMap<Long, String>();
        int maxStep = 0;
        for (int i = 0; i < start.length; i++) {
            first.merge(stream[i], start[i], Math::min);
            last.merge(stream[i], stop[i], Math::max);
            owner.putIfAbsent(stream[i], streamer[i]);
            maxStep = Math.max(maxStep, stop[i]);
        }
        Map<Integer, List<Long>> startsAt = new HashMap<>();
        Map<Integer, List<Long>> endsAt = new HashMap<>();
        first.forEach((s, step) -> startsAt.computeIfAbsent(step, k -> new ArrayList<>()).add(s));
        last.forEach((s, step) -> endsAt.computeIfAbsent(step, k -> new ArrayList<>()).add(s));
        startsAt.values().forEach(l -> l.sort(Long::compare));
        endsAt.values().forEach(l -> l.sort(Long::compare));
        int lastStep = maxStep;
        int firstStep = start.length == 0 ? 0 : start[0];
        return new Iterator<>() {
            private final List<Integer> active = new ArrayList<>();
            private int step = firstStep;
            private int nextRow;
            private List<SpecificRecord> current = List.of();
            private int position;

            @Override
            public boolean hasNext() {
                while (position >= current.size() && step <= lastStep && start.length > 0) {
                    current = stepEvents(step++);
                    position = 0;
                }
                return position < current.size();
            }

            @Override
            public SpecificRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.get(position++);
            }

            private List<SpecificRecord> stepEvents(int s) {
                long t = origin + s * STEP_MS;
                var out = new ArrayList<SpecificRecord>();
                for (long id : startsAt.getOrDefault(s, List.of())) {
                    out.add(room(id, owner.get(id), t, RoomAction.STARTED));
                }
                var leaving = new ArrayList<SpecificRecord>();
                var stillActive = new ArrayList<Integer>();
                for (int row : active) {
                    if (stop[row] == s) {
                        leaving.add(player(row, t, PlayerAction.LEAVE, s));
                    } else {
                        out.add(player(row, t, PlayerAction.HEARTBEAT, s));
                        stillActive.add(row);
                    }
                }
                while (nextRow < start.length && start[nextRow] == s) {
                    out.add(player(nextRow, t, PlayerAction.JOIN, s));
                    stillActive.add(nextRow);
                    nextRow++;
                }
                active.clear();
                active.addAll(stillActive);
                out.addAll(leaving);
                for (long id : endsAt.getOrDefault(s, List.of())) {
                    out.add(room(id, owner.get(id), t, RoomAction.ENDED));
                }
                return out;
            }
        };
    }

    private PlayerEvent player(int row, long t, PlayerAction action, int step) {
        var qos = new SplittableRandom(stream[row] * 31 + user[row].hashCode() * 17L + start[row]);
        double bandwidth = Math.max(300, 8_000 * Math.exp(0.5 * qos.nextGaussian()));
        double bitrate = LADDER[0];
        for (double rung : LADDER) {
            if (rung <= 0.8 * bandwidth) {
                bitrate = rung;
            }
        }
        return PlayerEvent.newBuilder().setEventId(id("p", row, step, action.ordinal())).setUserId(user[row])
                .setRoomId(Long.toString(stream[row])).setEventTimeMs(t).setAction(action).setBitrateKbps(bitrate)
                .setBandwidthKbps(bandwidth).setRebufferCount(0).setDeviceType(DeviceType.OTHER)
                .setNetworkType(NetworkType.OTHER).build();
    }

    private RoomEvent room(long streamId, String streamerName, long t, RoomAction action) {
        return RoomEvent.newBuilder().setEventId(id("r", streamId, action.ordinal(), 0)).setUserId(streamerName)
                .setRoomId(Long.toString(streamId)).setEventTimeMs(t).setAction(action).setStreamerId(streamerName)
                .setCategory("unknown").setTitle(streamerName).setLanguage("und").build();
    }

    private String id(String kind, long a, long b, long c) {
        return UUID.nameUUIDFromBytes((kind + ":" + a + ":" + (kind.equals("p") ? user[(int) a] + ":" + stream[(int) a]
                + ":" + start[(int) a] : "") + ":" + b + ":" + c).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
