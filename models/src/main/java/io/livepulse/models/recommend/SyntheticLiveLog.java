package io.livepulse.models.recommend;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of viewing logs in the LiveRec format, shaped after the published statistics of
 * {@code 100k.csv}: power-law streamer popularity, streamers live for hours on a daily schedule, viewers who
 * return to a small set of favourites and sometimes explore a popular live room (preferably of their favourite
 * category). Each streamer also gets a text (category, tags, title words) for the content model. Used when no
 * real log and no platform-simulator log is given.
 *
 * @param users viewers
 * @param streamers streamers
 * @param steps length of the log in 10-minute steps (6,148 in LiveRec)
 * @param interactions approximate number of watch intervals
 * @param seed everything random derives from it
 */
public record SyntheticLiveLog(int users, int streamers, int steps, long interactions, long seed) {
    static final int STEPS_PER_DAY = 144;
    private static final String[] CATEGORIES = {"just-chatting", "league-of-legends", "fortnite", "valorant",
        "minecraft", "gta-v", "counter-strike", "dota-2", "apex-legends", "world-of-warcraft", "music",
        "art", "chess", "slots", "hearthstone", "rocket-league", "pubg", "overwatch", "fifa", "sports",
        "irl", "cooking", "speedrun", "retro", "asmr", "science", "talk-shows", "poker", "valheim", "among-us"};
    private static final String[] WORDS = {"ranked", "chill", "grind", "road", "to", "top", "late", "night",
        "morning", "stream", "tournament", "practice", "with", "viewers", "challenge", "marathon", "day", "new",
        "patch", "review", "q&a", "giveaway", "learning", "pro", "duo", "squad", "solo", "casual", "hardcore"};

    /** The LiveRec {@code 100k.csv} scale: 100k users, 162.6k streamers, 3M interactions over 6,148 steps. */
    public static SyntheticLiveLog liveRec100k(long seed) {
        return new SyntheticLiveLog(100_000, 162_600, 6_148, 3_000_000, seed);
    }

    /** Generates the log and the streamers' texts (by streamer name). */
    public Generated generate() {
        var rnd = new SplittableRandom(seed);
        double[] cdf = new double[streamers];
        double sum = 0;
        for (int s = 0; s < streamers; s++) {
            sum += Math.pow(s + 1, -1.05);
            cdf[s] = sum;
        }
        int[] startOfDay = new int[streamers];
        int[] length = new int[streamers];
        double[] daily = new double[streamers];
        int[] category = new int[streamers];
        String[] texts = new String[streamers];
        for (int s = 0; s < streamers; s++) {
            startOfDay[s] = rnd.nextInt(STEPS_PER_DAY);
            length[s] = 12 + rnd.nextInt(37);
            daily[s] = s < streamers / 100 ? 0.6 + 0.35 * rnd.nextDouble() : 0.15 + 0.6 * rnd.nextDouble();
            category[s] = Math.min(CATEGORIES.length - 1, (int) (CATEGORIES.length * Math.pow(rnd.nextDouble(), 2)));
            texts[s] = CATEGORIES[category[s]] + " " + CATEGORIES[category[s]] + "-tag" + rnd.nextInt(4) + " "
                    + WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)];
        }
        var schedule = new Schedule(startOfDay, length, daily, seed);
        var builder = new ViewingLog.Builder();
        double perUser = interactions / (double) users;
        long streamId = 1_000_000L;
        for (int u = 0; u < users; u++) {
            int favouriteCategory = category[pick(cdf, rnd)];
            var favourites = new ArrayList<Integer>();
            int nFav = 2 + rnd.nextInt(7);
            for (int k = 0; k < nFav; k++) {
                favourites.add(pickLive(cdf, rnd, schedule, -1, category, favouriteCategory, false));
            }
            // heavy-tailed activity: a few viewers watch a lot
            int sessions = Math.max(1, (int) Math.round(perUser * Math.exp(rnd.nextGaussian() * 1.0 - 0.5)));
            int hour = rnd.nextInt(STEPS_PER_DAY);
            int[] times = new int[sessions];
            for (int k = 0; k < sessions; k++) {
                int day = rnd.nextInt(steps / STEPS_PER_DAY + 1);
                times[k] = Math.min(steps - 1, Math.max(0, day * STEPS_PER_DAY + hour
                        + (int) (rnd.nextGaussian() * 18)));
            }
            Arrays.sort(times);
            int busyUntil = -1;
            for (int t : times) {
                if (t < busyUntil) {
                    continue;
                }
                int chosen = -1;
                if (rnd.nextDouble() < 0.8) {
                    var live = new ArrayList<Integer>();
                    for (int f : favourites) {
                        if (schedule.isLive(f, t)) {
                            live.add(f);
                        }
                    }
                    if (!live.isEmpty()) {
                        // earlier favourites are the stronger ones
                        chosen = live.get(Math.min(live.size() - 1, (int) (live.size() * Math.pow(rnd.nextDouble(), 2))));
                    }
                }
                if (chosen < 0) {
                    chosen = pickLive(cdf, rnd, schedule, t, category, favouriteCategory, rnd.nextDouble() < 0.6);
                    if (chosen < 0) {
                        continue;
                    }
                    if (rnd.nextDouble() < 0.3) {
                        favourites.add(chosen);
                    }
                }
                int end = Math.min(Math.min(steps, schedule.liveUntil(chosen, t)), t + 1 + geometric(rnd, 0.25));
                builder.add(Integer.toString(u + 1), streamId + chosen * 64L + t / STEPS_PER_DAY,
                        "streamer" + (chosen + 1), t, end);
                busyUntil = end;
            }
        }
        String[] names = new String[streamers];
        for (int s = 0; s < streamers; s++) {
            names[s] = "streamer" + (s + 1);
        }
        return new Generated(builder.build(), names, texts);
    }

    /** The generated log and each streamer's text. */
    public record Generated(ViewingLog log, String[] streamerNames, String[] texts) {
        /** Texts indexed like the log's streamers (null for none). */
        public String[] textsByLogIndex() {
            var byName = new java.util.HashMap<String, String>();
            for (int s = 0; s < streamerNames.length; s++) {
                byName.put(streamerNames[s], texts[s]);
            }
            String[] out = new String[log.streamers()];
            for (int s = 0; s < out.length; s++) {
                out[s] = byName.get(log.streamerName(s));
            }
            return out;
        }

        /** Writes the log in the {@code 100k.csv} format (user,stream id,streamer,start step,stop step). */
        public void writeCsv(Path file) throws IOException {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = 0; i < log.size(); i++) {
                    w.write(log.userId(log.user(i)) + "," + log.stream(i) + "," + log.streamerName(log.streamer(i)) + ","
                            + log.start(i) + "," + log.stop(i));
                    w.newLine();
                }
            }
        }

        /** Writes {@code streamer,text} lines. */
        public void writeTexts(Path file) throws IOException {
            List<String> lines = new ArrayList<>();
            for (int s = 0; s < streamerNames.length; s++) {
                lines.add(streamerNames[s] + "," + texts[s]);
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
    }

    private static int geometric(SplittableRandom rnd, double p) {
        return (int) (Math.log(1 - rnd.nextDouble()) / Math.log(1 - p));
    }

    private static int pick(double[] cdf, SplittableRandom rnd) {
        int i = Arrays.binarySearch(cdf, rnd.nextDouble() * cdf[cdf.length - 1]);
        return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
    }

    /** A popularity-weighted streamer live at t (any when t < 0), of the category if asked; -1 if none found. */
    private static int pickLive(double[] cdf, SplittableRandom rnd, Schedule schedule, int t, int[] category,
            int wanted, boolean sameCategory) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int s = pick(cdf, rnd);
            if ((t < 0 || schedule.isLive(s, t)) && (!sameCategory || category[s] == wanted || attempt > 150)) {
                return s;
            }
        }
        return -1;
    }

    /** Daily schedules derived from a hash, so no per-step table is stored. */
    private record Schedule(int[] startOfDay, int[] length, double[] daily, long seed) {
        boolean streamsOn(int s, int day) {
            long h = (s * 0x9E3779B97F4A7C15L) ^ (day * 0xC2B2AE3D27D4EB4FL) ^ seed;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            return (h >>> 11) * 0x1.0p-53 < daily[s];
        }

        boolean isLive(int s, int t) {
            return liveUntil(s, t) > t;
        }

        /** End of the stream covering t, or t when none does. */
        int liveUntil(int s, int t) {
            int day = t / STEPS_PER_DAY;
            for (int d = day; d >= day - 1 && d >= 0; d--) {
                int from = d * STEPS_PER_DAY + startOfDay[s];
                int to = from + length[s];
                if (from <= t && t < to && streamsOn(s, d)) {
                    return to;
                }
            }
            return t;
        }
    }
}
