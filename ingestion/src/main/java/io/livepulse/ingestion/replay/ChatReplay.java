package io.livepulse.ingestion.replay;

import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.DanmakuMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Chat events from the real corpora in {@code shared/data}:
 *
 * <ul>
 *   <li>{@link #twitch(Path)}: the Twitch chat messages of {@code twitch_emote_sentiment/labeled_dataset.csv}
 *       with their own timestamps, channels (as room ids) and anonymised users, sorted by time;
 *   <li>{@link #corpus(Path, String, Instant, long)}: the texts of a sentiment corpus ({@code waimai_10k},
 *       {@code chnsenticorp_htl_all}, {@code online_shopping_10_cats}, {@code sst2}) as danmaku (Chinese) or
 *       chat (English) in room {@code corpus-<name>}, one every {@code spacingMs} from {@code origin}, from
 *       synthetic users.
 * </ul>
 *
 * Licences: the Twitch set is for non-commercial research use only (see its SOURCE.md). Lines that do not
 * parse are counted in {@link Result#skippedRows()}.
 */
public final class ChatReplay {
    /** The corpora {@link #corpus} knows. */
    public static final List<String> CORPORA = List.of("waimai_10k", "chnsenticorp_htl_all", "online_shopping_10_cats", "sst2");

    /** The events and the number of lines skipped. */
    public record Result(List<ChatMessage> events, long skippedRows) {}

    private ChatReplay() {}

    public static Result twitch(Path sharedData) {
        Path file = sharedData.resolve("twitch_emote_sentiment/labeled_dataset.csv");
        var events = new ArrayList<ChatMessage>();
        long skipped = 0;
        int row = 0;
        for (String line : lines(file)) {
            row++;
            String[] f = line.split(",", 8);
            if (f.length < 8 || f[7].isBlank()) {
                skipped++;
                continue;
            }
            long time;
            try {
                time = Instant.parse(f[1]).toEpochMilli();
            } catch (DateTimeParseException e) {
                skipped++;
                continue;
            }
            events.add(ChatMessage.newBuilder().setEventId(id("twitch", row)).setUserId("twitch-" + f[4])
                    .setRoomId(f[2]).setEventTimeMs(time).setKind(ChatKind.CHAT).setText(f[7]).setLanguage("en").build());
        }
        events.sort(Comparator.comparingLong(ChatMessage::getEventTimeMs));
        return new Result(events, skipped);
    }

    public static Result corpus(Path sharedData, String name, Instant origin, long spacingMs) {
        Path file = switch (name) {
            case "waimai_10k" -> sharedData.resolve("waimai_10k/waimai_10k.csv");
            case "chnsenticorp_htl_all" -> sharedData.resolve("chnsenticorp_htl_all/ChnSentiCorp_htl_all.csv");
            case "online_shopping_10_cats" -> sharedData.resolve("online_shopping_10_cats/online_shopping_10_cats.csv");
            case "sst2" -> sharedData.resolve("sst2/train.tsv");
            default -> throw new IllegalArgumentException("unknown corpus '" + name + "'; one of " + CORPORA);
        };
        boolean english = name.equals("sst2");
        var events = new ArrayList<ChatMessage>();
        long skipped = 0;
        int row = 0;
        for (String line : lines(file)) {
            String text = english ? after(line, '\t', 1) : name.equals("online_shopping_10_cats") ? after(line, ',', 2)
                    : after(line, ',', 1);
            if (text == null || text.isBlank()) {
                skipped++;
                continue;
            }
            text = text.strip();
            if (text.length() > 500) {
                text = text.substring(0, 500);
            }
            long t = origin.toEpochMilli() + row * spacingMs;
            var builder = ChatMessage.newBuilder().setEventId(id(name, row)).setUserId("corpus-user-" + (row % 997))
                    .setRoomId("corpus-" + name.toLowerCase(Locale.ROOT)).setEventTimeMs(t).setText(text)
                    .setLanguage(english ? "en" : "zh");
            if (english) {
                builder.setKind(ChatKind.CHAT);
            } else {
                builder.setKind(ChatKind.DANMAKU).setDanmakuPositionMs(row * spacingMs).setDanmakuColorRgb(0xFFFFFF)
                        .setDanmakuMode(DanmakuMode.SCROLL);
            }
            events.add(builder.build());
            row++;
        }
        return new Result(events, skipped);
    }

    private static String after(String line, char separator, int fields) {
        int at = -1;
        for (int i = 0; i < fields; i++) {
            at = line.indexOf(separator, at + 1);
            if (at < 0) {
                return null;
            }
        }
        return line.substring(at + 1);
    }

    private static String id(String source, int row) {
        return UUID.nameUUIDFromBytes((source + ":" + row).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<String> lines(Path file) {
        var result = new ArrayList<String>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                result.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return result;
    }
}
