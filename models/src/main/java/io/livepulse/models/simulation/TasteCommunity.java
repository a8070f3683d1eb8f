package io.livepulse.models.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A taste community: one category, one language and one theme. Community {@code c} has category
 * {@code c mod 8}, language {@code zh} when {@code (c / 8)} is even, else {@code en}, and theme {@code c / 16}
 * (mod 4). Streamers belong to one community; their rooms carry its category, language and theme as text.
 */
record TasteCommunity(int index, String category, String language, int theme) {
    static final String[] CATEGORIES = {"Just Chatting", "League of Legends", "王者荣耀", "Minecraft", "Music", "美食",
        "Counter-Strike", "带货 Shopping"};
    private static final String[] THEME_TAGS = {"ranked", "cozy", "speedrun", "viewer-games"};
    private static final String[] THEME_EN = {"ranked grind", "cozy chill", "speedrun attempts", "viewer games"};
    private static final String[] THEME_ZH = {"排位冲分", "休闲聊天", "速通挑战", "水友赛"};
    private static final String[] PHRASES_EN = {"chill stream", "late night", "road to the top", "come hang out"};
    private static final String[] PHRASES_ZH = {"今晚一起玩", "深夜档", "冲冲冲", "来坐坐"};

    static TasteCommunity of(int index) {
        return new TasteCommunity(index, CATEGORIES[index % CATEGORIES.length],
                (index / CATEGORIES.length) % 2 == 0 ? "zh" : "en", index / (2 * CATEGORIES.length));
    }

    boolean chinese() {
        return language.equals("zh");
    }

    /** Language, category and theme; communities beyond the 64 distinct triples add a group tag. */
    List<String> tags() {
        var tags = new ArrayList<String>(4);
        tags.add(language);
        tags.add(category.toLowerCase(Locale.ROOT).replace(' ', '-'));
        tags.add(THEME_TAGS[theme % THEME_TAGS.length]);
        if (theme >= THEME_TAGS.length) {
            tags.add("group-" + theme / THEME_TAGS.length);
        }
        return tags;
    }

    /** The room title of a stream: the theme in the stream's language and one of a few everyday phrases. */
    String title(int phrase) {
        int t = theme % THEME_TAGS.length;
        return chinese()
                ? THEME_ZH[t] + " " + PHRASES_ZH[phrase % PHRASES_ZH.length]
                : THEME_EN[t] + " " + PHRASES_EN[phrase % PHRASES_EN.length];
    }
}
