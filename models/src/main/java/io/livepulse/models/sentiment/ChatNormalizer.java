package io.livepulse.models.sentiment;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises short informal chat before tokenising, identically at training and scoring time. This class is the one
 * place where the genre's spelling is known; models name the {@link Level} they were trained with.
 *
 * <p>{@link Level#BASIC} (what every model trained before the three-class models saw, and still the default of
 * {@link #normalize(String)}): NFKC (full-width to half-width), lower case, stray BOMs removed, runs of one
 * character or of a two-character unit longer than two collapsed to two, runs of white space to one space
 * ("哈哈哈哈" -> "哈哈", "soooo" -> "soo", "6666" -> "66", "hahaha" -> "haha"), and every emoji set apart by spaces
 * so that it becomes a token of its own.
 *
 * <p>{@link Level#CHAT} first maps the genre's sentiment-bearing spellings to canonical tokens ({@link Canon}, written
 * {@code <laugh>}, {@code <praise>}, ...) set apart by spaces, then applies BASIC. The canonical tokens are kept, not
 * deleted, so n-gram models learn one weight for "666", "yyds" and "PogChamp" together:
 *
 * <ul>
 *   <li>laughter, replaced: 哈哈…, hhh…, haha…, hehe…, lol, lmao, rofl, xd, 233… (standalone), xswl, 笑死(我了),
 *       绷不住(了), 蚌埠住(了), a run of 草/艹 standing alone (草 as "lol");
 *   <li>numbers used as words, only standalone (no digit, decimal point, currency, Latin letter or unit such as 元,
 *       块, 分 next to them): 666… -> praise, 88/886/888… -> bye, 520 -> love, 555… -> sad;
 *   <li>Chinese internet slang, replaced: yyds, nb, 牛逼/牛批 -> praise; 绝了 -> praise; awsl -> love; 破防(了) ->
 *       hurt; 离谱 -> absurd; 下头 -> cringe; 寄了 -> doomed; 无语 -> speechless; 泪目 -> moved; 卧槽/我草/我靠/wtf ->
 *       wow; sb/傻逼/脑残 -> insult;
 *   <li>Twitch emotes and emoticons, kept and followed by their canonical token: {@link #EMOTES}, a table written by
 *       this project (no third-party text); its signs agree with the emote lexicon of Kobs et al. 2020 (checked by
 *       {@code ChatNormalizerTest} against {@code twitch_emote_sentiment/lexica/emote_average.tsv}, which is not
 *       shipped);
 *   <li>emoji, kept and followed by their canonical token ({@link #EMOJI}, also written by this project); emoji
 *       variation selectors and zero-width joiners removed;
 *   <li>elongated English words, shortened and followed by {@code <elong>}: a run of three or more of one letter
 *       becomes two letters when that spells a common word ("goood" -> "good"), else one ("sooo" -> "so",
 *       "yesss" -> "yes"), else two;
 *   <li>typographic apostrophes (MELD's "he’s") made plain, and mis-encoded ones ("â€™") repaired.
 * </ul>
 */
public final class ChatNormalizer {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** How much of the genre the normaliser knows. */
    public enum Level {
        /** Character-level clean-up only (the behaviour of models trained before {@link #CHAT} existed). */
        BASIC,
        /** BASIC after mapping laughter, slang, numbers, emotes, emoji and elongation to {@link Canon} tokens. */
        CHAT
    }

    /** The canonical tokens {@link Level#CHAT} writes; each is one token for every tokenizer. */
    public enum Canon {
        LAUGH, PRAISE, LOVE, HAPPY, BYE, SAD, HURT, ABSURD, CRINGE, DOOMED, SPEECHLESS, MOVED, WOW, INSULT, ANXIOUS,
        SARCASM, DISGUST, BORED, ANGRY, FRUSTRATED, ELONG;

        private final String token = "<" + name().toLowerCase(Locale.ROOT) + ">";

        /** The token as it appears in normalised text, e.g. {@code <laugh>}. */
        public String token() {
            return token;
        }
    }

    private static final Set<String> CANON_TOKENS = Set.of(java.util.Arrays.stream(Canon.values())
            .map(Canon::token).toArray(String[]::new));

    /** Twitch emotes and emoticons (lower-cased, as they appear after NFKC and lower-casing) and their meaning. */
    static final Map<String, Canon> EMOTES = emotes();

    /** Emoji and their meaning. */
    static final Map<String, Canon> EMOJI = emoji();

    private static final String L = "(?<![a-z0-9'])";
    private static final String R = "(?![a-z0-9'])";
    private static final String NUM_L = "(?<![0-9.,$¥€£a-z])";
    private static final String NUM_R = "(?![0-9.,%a-z元块分岁个人号年月日天点次楼万千百毛角])";

    /** Replacements, applied in this order to lower-cased NFKC text. */
    private static final List<Map.Entry<Pattern, Canon>> REPLACED = List.of(
            rule("(?:哈){2,}|(?:嘿){2,}|" + L + "(?:h{3,}|(?:ha){2,}h?|(?:he){2,}|lo+l|(?:lo)+l|lmf?a+o+|rofl|xd+)" + R,
                    Canon.LAUGH),
            rule(NUM_L + "23{2,}" + NUM_R + "|xswl|笑死(?:我了)?|笑不活了|[绷蚌]不住了?|蚌埠住了?", Canon.LAUGH),
            rule("(?<!\\p{IsHan})[草艹]+(?!\\p{IsHan})", Canon.LAUGH),
            rule(NUM_L + "6{3,}" + NUM_R, Canon.PRAISE),
            rule(NUM_L + "(?:88+6?|886)" + NUM_R, Canon.BYE),
            rule(NUM_L + "520" + NUM_R, Canon.LOVE),
            rule(NUM_L + "5{3,}" + NUM_R + "|呜{2,}", Canon.SAD),
            rule(L + "(?:yyds|nbcs|nb)" + R + "|牛[逼批b]|绝了|永远的神", Canon.PRAISE),
            rule(L + "awsl" + R + "|啊我死了", Canon.LOVE),
            rule("破防了?", Canon.HURT),
            rule("离谱", Canon.ABSURD),
            rule("下头", Canon.CRINGE),
            rule("寄了", Canon.DOOMED),
            rule("无语", Canon.SPEECHLESS),
            rule("泪目", Canon.MOVED),
            rule("卧槽|我草|我靠|" + L + "wtf" + R, Canon.WOW),
            rule(L + "sb" + R + "|傻逼|脑残", Canon.INSULT));

    private static final Pattern EMOTE = Pattern.compile(L + "(" + String.join("|", EMOTES.keySet().stream()
            .map(Pattern::quote).toList()) + ")(?![a-z0-9])");
    private static final Pattern ELONGATED = Pattern.compile("[a-z]*([a-z])\\1{2,}[a-z]*");
    private static final Pattern RUN = Pattern.compile("([a-z])\\1{2,}");
    /** Words that elongation should land on when two letters spell them ("goood" -> "good", not "god"). */
    private static final Set<String> DOUBLED_WORDS = Set.of("good", "too", "cool", "soon", "look", "food", "mood",
            "boo", "see", "feel", "need", "sweet", "ass", "kill", "well", "all", "still", "boss", "miss",
            "will", "tell", "hell", "sorry", "pretty", "happy", "funny", "little", "really", "wee", "free", "three",
            "fall", "call", "poor", "door", "bitter", "better", "letter", "shall", "full", "pull", "yell", "bro");
    /** Words that elongation should land on when one letter spells them ("sooo" -> "so"). */
    private static final Set<String> SINGLE_WORDS = Set.of("so", "no", "yes", "oh", "ah", "omg", "please", "pls",
            "wow", "what", "why", "hi", "hey", "ya", "yeah", "yay", "ok", "okay", "nice", "cute", "love", "fun", "bro",
            "dude", "ugh", "super", "amazing", "god", "go", "gg", "yo", "man", "hype", "now", "me", "we", "be", "she",
            "he", "uh", "um", "hmm", "hm", "ez", "bad", "sad", "mad", "damn", "fuck", "shit", "true", "lame", "lit",
            "fire", "great", "best", "wait", "stop", "bye", "lmao", "rip", "yep", "nope", "ew", "eww", "huge", "pog");

    private ChatNormalizer() {}

    private static Map.Entry<Pattern, Canon> rule(String regex, Canon canon) {
        return Map.entry(Pattern.compile(regex), canon);
    }

    /** {@link Level#BASIC} normalisation (the one models trained before the chat level read). */
    public static String normalize(String text) {
        return normalize(text, Level.BASIC);
    }

    /** Normalises {@code text} at {@code level}; null or empty gives "". Idempotent at either level. */
    public static String normalize(String text, Level level) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String raw = text.replace("\uFEFF", "");
        if (level == Level.CHAT) {
            raw = raw.replace("â€™", "'").replace("â€˜", "'").replace("â€œ", "\"").replace("â€\u009d", "\"")
                    .replace("â€¦", "...").replace("â€”", "-").replace("â€“", "-").replace('\u2019', '\'')
                    .replace('\u2018', '\'');
        }
        String nfkc = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (level == Level.CHAT) {
            nfkc = canonicalize(nfkc);
        }
        int[] cps = nfkc.codePoints().toArray();
        var out = new StringBuilder(nfkc.length() + 8);
        int n = 0;
        int[] kept = new int[cps.length];
        for (int cp : cps) {
            if (n >= 2 && kept[n - 1] == cp && kept[n - 2] == cp) {
                continue;
            }
            kept[n++] = cp;
        }
        n = collapseTwoCharacterUnits(kept, n);
        for (int i = 0; i < n; i++) {
            int cp = kept[i];
            if (isEmoji(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return SPACES.matcher(out).replaceAll(" ").trim();
    }

    /** Whether {@code token} is one of the {@link Canon} tokens (tokenizers keep these whole). */
    public static boolean isCanonical(String token) {
        return CANON_TOKENS.contains(token);
    }

    private static String canonicalize(String s) {
        s = s.replace("\uFE0F", "").replace("\u200D", "");
        s = tagEmoji(replaceEmotes(s));
        for (var rule : REPLACED) {
            s = rule.getKey().matcher(s).replaceAll(" " + Matcher.quoteReplacement(rule.getValue().token()) + " ");
        }
        return shortenElongated(s);
    }

    /**
     * Follows each run of one emoji (white space inside the run ignored, at most two copies kept) by its token,
     * unless the token already follows (a second pass changes nothing).
     */
    private static String tagEmoji(String s) {
        int[] cps = s.codePoints().toArray();
        var out = new StringBuilder(s.length() + 16);
        int i = 0;
        while (i < cps.length) {
            int cp = cps[i];
            Canon c = isEmoji(cp) ? EMOJI.get(new String(Character.toChars(cp))) : null;
            if (c == null) {
                out.appendCodePoint(cp);
                i++;
                continue;
            }
            int copies = 0;
            int next = i;
            while (next < cps.length && (cps[next] == cp || Character.isWhitespace(cps[next]))) {
                if (cps[next] == cp && copies++ < 2) {
                    out.append(' ').appendCodePoint(cp);
                }
                next++;
            }
            String rest = new String(cps, next, cps.length - next);
            if (!rest.startsWith(c.token())) {
                out.append(' ').append(c.token());
            }
            out.append(' ');
            i = next;
        }
        return out.toString();
    }

    private static String replaceEmotes(String s) {
        Matcher m = EMOTE.matcher(s);
        var out = new StringBuilder(s.length() + 16);
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.end());
            String emote = m.group(1);
            Canon c = EMOTES.get(emote);
            String after = s.substring(m.end()).stripLeading();
            // idempotence: an emote already followed by its token is not tagged again
            if (!after.startsWith(c.token())) {
                out.append(' ').append(c.token()).append(' ');
            }
            last = m.end();
        }
        return out.append(s, last, s.length()).toString();
    }

    private static String shortenElongated(String s) {
        Matcher m = ELONGATED.matcher(s);
        var out = new StringBuilder(s.length() + 16);
        int last = 0;
        while (m.find()) {
            String word = m.group();
            String two = RUN.matcher(word).replaceAll("$1$1");
            String one = RUN.matcher(word).replaceAll("$1");
            String shortened = DOUBLED_WORDS.contains(two) ? two : SINGLE_WORDS.contains(one) ? one : two;
            out.append(s, last, m.start()).append(shortened).append(' ').append(Canon.ELONG.token()).append(' ');
            last = m.end();
        }
        return out.append(s, last, s.length()).toString();
    }

    /** Removes the third and later copies of a repeated two-character unit: "hahahaha" -> "haha". */
    private static int collapseTwoCharacterUnits(int[] cps, int n) {
        int w = 0;
        for (int r = 0; r < n; r++) {
            if (r + 1 < n && w >= 4 && cps[w - 4] == cps[r] && cps[w - 3] == cps[r + 1]
                    && cps[w - 2] == cps[r] && cps[w - 1] == cps[r + 1] && cps[r] != cps[r + 1]) {
                r++;
                continue;
            }
            cps[w++] = cps[r];
        }
        return w;
    }

    /** Pictographs, emoticons, dingbats and the other symbol blocks chat uses as emoji. */
    static boolean isEmoji(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF);
    }

    private static Map<String, Canon> emotes() {
        var m = new LinkedHashMap<String, Canon>();
        for (String e : List.of("kekw", "omegalul", "lulw", "lul", "4head", "elegiggle", "pepelaugh",
                "kek")) {
            m.put(e, Canon.LAUGH);
        }
        for (String e : List.of("pogchamp", "poggers", "pogu", "pog", "clap", "seemsgood", "kreygasm", "ez",
                "hypers", "blessrng", "voteyea")) {
            m.put(e, Canon.PRAISE);
        }
        for (String e : List.of("feelsgoodman", "peepohappy", "ayaya", "heyguys", "coolcat", "vohiyo", ":)", ":-)",
                ":d", ":-d", ";)", ":p")) {
            m.put(e, Canon.HAPPY);
        }
        m.put("<3", Canon.LOVE);
        for (String e : List.of("kappa", "keepo", "kappahd", "jebaited")) {
            m.put(e, Canon.SARCASM);
        }
        for (String e : List.of("monkas", "monkaw")) {
            m.put(e, Canon.ANXIOUS);
        }
        for (String e : List.of("biblethump", "feelsbadman", "pepehands", "sadge", "rip", ":(", ":-(", "d:")) {
            m.put(e, Canon.SAD);
        }
        for (String e : List.of("notlikethis", "failfish", "babyrage", "pjsalt", "votenay")) {
            m.put(e, Canon.FRUSTRATED);
        }
        for (String e : List.of("dansgame", "wutface")) {
            m.put(e, Canon.DISGUST);
        }
        m.put("residentsleeper", Canon.BORED);
        m.put("swiftrage", Canon.ANGRY);
        return Map.copyOf(m);
    }

    private static Map<String, Canon> emoji() {
        var m = new LinkedHashMap<String, Canon>();
        put(m, Canon.LAUGH, "😂", "🤣", "😆", "😹", "😝");
        put(m, Canon.LOVE, "❤", "♥", "💕", "💖", "💗", "💓", "😍", "🥰", "😘", "💘");
        put(m, Canon.HAPPY, "😊", "😁", "😀", "😄", "😃", "🙂", "☺", "🎉", "🥳", "😎");
        put(m, Canon.PRAISE, "👍", "👏", "💯", "🔥", "🙌", "💪", "🏆");
        put(m, Canon.SAD, "😭", "😢", "😿", "💔", "🥺", "😞", "😔", "☹");
        put(m, Canon.ANGRY, "😡", "😠", "🤬", "💢", "👎", "🖕");
        put(m, Canon.DISGUST, "🤮", "🤢", "💩");
        put(m, Canon.CRINGE, "🙄", "😒", "😅", "🤦");
        put(m, Canon.WOW, "😱", "😮", "😲", "🤯");
        put(m, Canon.BORED, "😴", "🥱");
        return Map.copyOf(m);
    }

    private static void put(Map<String, Canon> m, Canon c, String... emoji) {
        for (String e : emoji) {
            m.put(e, c);
        }
    }
}
