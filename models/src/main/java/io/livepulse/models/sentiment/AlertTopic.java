package io.livepulse.models.sentiment;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a burst of negative chat is about: a small taxonomy with seed keywords in Chinese and English, applied
 * transparently (no model). A message's topic is the one with the most keyword hits in its {@link ChatNormalizer}
 * (CHAT level) form; ties go to the earlier topic in the order ADS, TECHNICAL, PRODUCT, STREAMER_CONDUCT, GAME
 * (the more specific first); no hit is {@link #OTHER}. An alert's topic is the most frequent message topic among
 * its negative messages, OTHER not counted unless nothing else occurs.
 *
 * <p>Matching: Chinese keywords are substrings of the normalised text; English keywords are whole words (or, for
 * keywords of several words, a run of whole words) of {@link WordNgramTokenizer#words(String)}.
 *
 * <pre>{@code
 * AlertTopic.of("卡死了 一直在缓冲");      // TECHNICAL
 * AlertTopic.of("the ads are so long");    // ADS
 * AlertTopic.dominant(counts);             // an alert's topic from per-topic message counts
 * }</pre>
 */
public enum AlertTopic {
    /** Sponsored segments, product placement and advertising. */
    ADS(List.of("广告", "恰饭", "推广", "赞助", "植入", "口播", "硬广", "软广", "打广告", "金主"),
            List.of("ad", "ads", "advert", "adverts", "advertisement", "advertising", "sponsor", "sponsored",
                    "sponsorship", "promo", "promotion", "commercial", "commercials", "affiliate", "shill",
                    "shilling", "sellout", "nordvpn", "raid shadow legends")),
    /** Playback and production: lag, buffering, audio, resolution. */
    TECHNICAL(List.of("卡顿", "卡死", "好卡", "太卡", "又卡", "卡了", "卡成", "延迟", "掉帧", "画质", "模糊", "没声",
            "声音", "杂音", "爆音", "回音", "音量", "麦克", "黑屏", "花屏", "断流", "掉线", "缓冲", "分辨率", "帧率",
            "音画", "不同步", "网速"),
            List.of("lag", "laggy", "lagging", "lags", "buffering", "buffer", "audio", "sound", "mic", "volume", "echo",
                    "resolution", "pixelated", "blurry", "fps", "frames", "frozen", "freezing", "freeze", "stutter",
                    "stuttering", "desync", "bitrate", "360p", "480p", "720p", "1080p", "stream died", "black screen",
                    "cant hear", "can't hear", "dropped", "loading", "delay", "quality is", "connection", "crashed")),
    /** Goods sold in the stream, their quality, price, delivery and after-sales service. */
    PRODUCT(List.of("质量", "价格", "太贵", "好贵", "贵了", "假货", "退货", "退款", "退钱", "发货", "快递", "客服",
            "商品", "产品", "链接", "下单", "翻车", "尺码", "色差", "难吃", "售后", "正品", "优惠", "不值", "智商税",
            "骗钱", "坑钱", "割韭菜", "买了", "收到"),
            List.of("price", "prices", "expensive", "overpriced", "cheap", "refund", "return", "shipping", "delivery",
                    "product", "products", "scam", "merch", "order", "bought", "purchase", "customer service",
                    "discount", "coupon", "waste of money", "broken", "knockoff", "fake product", "quality")),
    /** What the streamer says and does: attitude, insults, scandal, reading chat, leaving. */
    STREAMER_CONDUCT(List.of("态度", "骂人", "素质", "人品", "道歉", "嚣张", "傲慢", "敷衍", "不理", "脏话",
            "歧视", "甩锅", "双标", "挂机", "下播", "带节奏", "封禁", "房管", "水友", "装逼", "演戏", "剧本", "恶心人"),
            List.of("toxic", "rude", "apologize", "apology", "racist", "sexist", "arrogant", "disrespectful",
                    "ban", "banned", "banning", "mods", "mod", "attitude", "scripted", "afk", "whining", "yelling",
                    "behavior", "behaviour", "ignoring chat", "ignores chat", "cringe", "fake",
                    "unfollow", "unfollowed")),
    /** The game or match on screen: play, teams, referees, results. */
    GAME(List.of("比赛", "队伍", "裁判", "操作", "团战", "对面", "队友", "选手", "教练", "开局", "翻盘", "团灭",
            "送人头", "打野", "中单", "上单", "下路", "辅助", "版本", "英雄", "阵容", "比分", "决赛", "战队", "好菜",
            "太菜", "菜鸡", "输了", "又输", "输麻", "演员", "外挂", "开挂", "失误"),
            List.of("game", "match", "team", "lost", "lose", "losing", "ref", "referee", "throw", "throwing", "threw",
                    "noob", "jungle", "jungler", "mid", "support", "nerf", "patch", "score", "round", "finals",
                    "gameplay", "aim", "boss", "died", "dead", "hacker", "cheater", "cheating", "int", "inting",
                    "feeding", "misplay", "bad play", "trash team")),
    /** None of the above. */
    OTHER(List.of(), List.of());

    private final List<String> zh;
    private final Set<String> enWords;
    private final List<List<String>> enPhrases;

    AlertTopic(List<String> zh, List<String> en) {
        this.zh = zh;
        var words = new HashSet<String>();
        var phrases = new java.util.ArrayList<List<String>>();
        for (String k : en) {
            var w = WordNgramTokenizer.words(k);
            if (w.size() == 1) {
                words.add(w.get(0));
            } else {
                phrases.add(w);
            }
        }
        this.enWords = Set.copyOf(words);
        this.enPhrases = List.copyOf(phrases);
    }

    /** The Chinese seed keywords (substrings). */
    public List<String> chineseKeywords() {
        return zh;
    }

    /** How many keywords of this topic {@code text} hits (normalised text and its words given). */
    private int hits(String normalized, List<String> words) {
        int n = 0;
        for (String k : zh) {
            if (normalized.contains(k)) {
                n++;
            }
        }
        for (String w : words) {
            if (enWords.contains(w)) {
                n++;
            }
        }
        for (List<String> phrase : enPhrases) {
            for (int i = 0; i + phrase.size() <= words.size(); i++) {
                if (words.subList(i, i + phrase.size()).equals(phrase)) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** The topic of one message. */
    public static AlertTopic of(String message) {
        String normalized = ChatNormalizer.normalize(message, ChatNormalizer.Level.CHAT);
        var words = WordNgramTokenizer.words(normalized);
        AlertTopic best = OTHER;
        int bestHits = 0;
        for (AlertTopic t : values()) {
            int h = t.hits(normalized, words);
            if (h > bestHits) {
                best = t;
                bestHits = h;
            }
        }
        return best;
    }

    /** The most frequent topic other than OTHER (ties: the earlier topic), or OTHER when no other occurs. */
    public static AlertTopic dominant(Map<AlertTopic, Integer> counts) {
        AlertTopic best = OTHER;
        int bestCount = 0;
        for (AlertTopic t : values()) {
            int c = counts.getOrDefault(t, 0);
            if (t != OTHER && c > bestCount) {
                best = t;
                bestCount = c;
            }
        }
        return best;
    }

    /** The dominant topic of {@code messages}. */
    public static AlertTopic ofMessages(Collection<String> messages) {
        var counts = new EnumMap<AlertTopic, Integer>(AlertTopic.class);
        for (String m : messages) {
            counts.merge(of(m), 1, Integer::sum);
        }
        return dominant(counts);
    }
}
