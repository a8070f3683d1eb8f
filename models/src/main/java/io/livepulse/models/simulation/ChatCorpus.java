package io.livepulse.models.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chat and danmaku texts by language ({@code "zh"}, {@code "en"}) and polarity, to sample from.
 *
 * <p>{@link #load(Path)} reads the real corpora in {@code shared/data} (each folder's SOURCE.md gives origin and
 * licence): Chinese from {@code waimai_10k} (short colloquial reviews, the closest in style to danmaku),
 * English from the Twitch chat of {@code twitch_emote_sentiment} and short SST-2 sentences. Texts are kept
 * in memory only; nothing is copied into the repository. {@link #builtIn()} is a small phrase list for when no
 * data directory is given.
 */
public final class ChatCorpus {
    /** Sentiment class of a text. */
    public enum Polarity { POSITIVE, NEUTRAL, NEGATIVE }

    private static final int MAX_DANMAKU_CHARS = 40;
    private static final int MAX_ENGLISH_CHARS = 100;

    private final Map<Polarity, List<String>> chinese;
    private final Map<Polarity, List<String>> english;
    private final String description;

    private ChatCorpus(Map<Polarity, List<String>> chinese, Map<Polarity, List<String>> english, String description) {
        this.chinese = chinese;
        this.english = english;
        this.description = description;
    }

    public static ChatCorpus builtIn() {
        var zh = pools();
        zh.get(Polarity.POSITIVE).addAll(List.of("主播太强了", "666666", "好看好看", "这操作绝了", "爱了爱了", "太好笑了哈哈哈"));
        zh.get(Polarity.NEUTRAL).addAll(List.of("来了来了", "第一次来", "这是什么游戏", "几点下播", "打卡", "前排"));
        zh.get(Polarity.NEGATIVE).addAll(List.of("太卡了", "无聊死了", "主播好菜", "什么垃圾", "退了退了", "画质太差"));
        var en = pools();
        en.get(Polarity.POSITIVE).addAll(List.of("PogChamp", "this play is insane", "LUL so good", "gg wp", "love this stream"));
        en.get(Polarity.NEUTRAL).addAll(List.of("hi chat", "what game is this", "first time here", "when is the next stream", "Kappa"));
        en.get(Polarity.NEGATIVE).addAll(List.of("lag again...", "this is so boring", "worst stream ever", "unfollowed", "trash gameplay"));
        return new ChatCorpus(zh, en, "built-in phrases");
    }

    /**
     * Reads the corpora under {@code sharedData}; folders that are missing are replaced by the built-in phrases.
     *
     * @throws UncheckedIOException if a corpus file exists but cannot be read
     */
    public static ChatCorpus load(Path sharedData) {
        var fallback = builtIn();
        var zh = pools();
        Path waimai = sharedData.resolve("waimai_10k/waimai_10k.csv");
        if (Files.isRegularFile(waimai)) {
            for (String line : lines(waimai)) {
                int comma = line.indexOf(',');
                if (comma <= 0) {
                    continue;
                }
                String text = line.substring(comma + 1).trim();
                if (text.isEmpty() || text.length() > MAX_DANMAKU_CHARS) {
                    continue;
                }
                zh.get(line.startsWith("1") ? Polarity.POSITIVE : Polarity.NEGATIVE).add(text);
            }
        }
        zh.get(Polarity.NEUTRAL).addAll(fallback.chinese.get(Polarity.NEUTRAL));
        var en = pools();
        Path twitch = sharedData.resolve("twitch_emote_sentiment/labeled_dataset.csv");
        if (Files.isRegularFile(twitch)) {
            for (String line : lines(twitch)) {
                String[] fields = line.split(",", 8);
                if (fields.length < 8 || fields[7].isBlank()) {
                    continue;
                }
                switch (fields[0]) {
                    case "1" -> en.get(Polarity.POSITIVE).add(fields[7]);
                    case "0" -> en.get(Polarity.NEUTRAL).add(fields[7]);
                    case "-1" -> en.get(Polarity.NEGATIVE).add(fields[7]);
                    default -> { }
                }
            }
        }
        Path sst2 = sharedData.resolve("sst2/train.tsv");
        if (Files.isRegularFile(sst2)) {
            for (String line : lines(sst2)) {
                String[] fields = line.split("\t", 2);
                if (fields.length == 2 && fields[1].length() <= MAX_ENGLISH_CHARS && fields[1].length() > 10) {
                    if (fields[0].equals("1")) {
                        en.get(Polarity.POSITIVE).add(fields[1].trim());
                    } else if (fields[0].equals("0")) {
                        en.get(Polarity.NEGATIVE).add(fields[1].trim());
                    }
                }
            }
        }
        for (Polarity p : Polarity.values()) {
            if (zh.get(p).isEmpty()) {
                zh.get(p).addAll(fallback.chinese.get(p));
            }
            if (en.get(p).isEmpty()) {
                en.get(p).addAll(fallback.english.get(p));
            }
        }
        return new ChatCorpus(zh, en, "corpora in " + sharedData);
    }

    /** A text in {@code language} ({@code "zh"} or anything else for English) of the given polarity. */
    public String sample(String language, Polarity polarity, SplittableRandom random) {
        List<String> pool = ("zh".equals(language) ? chinese : english).get(polarity);
        return pool.get(random.nextInt(pool.size()));
    }

    public int size(String language, Polarity polarity) {
        return ("zh".equals(language) ? chinese : english).get(polarity).size();
    }

    /** Where the texts came from. */
    public String description() {
        return description;
    }

    private static Map<Polarity, List<String>> pools() {
        var map = new EnumMap<Polarity, List<String>>(Polarity.class);
        for (Polarity p : Polarity.values()) {
            map.put(p, new ArrayList<>());
        }
        return map;
    }

    private static List<String> lines(Path file) {
        var result = new ArrayList<String>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                result.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read corpus " + file, e);
        }
        return result;
    }
}
