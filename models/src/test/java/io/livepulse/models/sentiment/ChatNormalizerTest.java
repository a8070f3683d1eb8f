package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.sentiment.ChatNormalizer.Canon;
import io.livepulse.models.sentiment.ChatNormalizer.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatNormalizerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "哈哈哈哈哈 | 哈哈",
        "666666 | 66",
        "Soooooo GOOD!!!! | soo good!!",
        "hahahaha | haha",
        "ＡＢＣ，好 | abc,好",
        "\uFEFF很好 | 很好",
        "没有送水没有送水 | 没有送水没有送水",
        "lol😂😂😂 | lol 😂 😂",
    })
    void normalizesChat(String raw, String expected) {
        assertThat(ChatNormalizer.normalize(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // laughter
        "哈哈哈哈哈 | <laugh>",
        "笑死哈哈哈 | <laugh> <laugh>",
        "hhhhh主播好菜 | <laugh> 主播好菜",
        "2333333 | <laugh>",
        "xswl | <laugh>",
        "笑死我了 | <laugh>",
        "HAHAHAHA so dumb | <laugh> so dumb",
        "lolol ok | <laugh> ok",
        "LMAOOO | <laugh>",
        "草 | <laugh>",
        "草草草 这也行 | <laugh> 这也行",
        "草莓好吃 | 草莓好吃",
        "绷不住了 | <laugh>",
        // numbers used as words, only standalone
        "666 | <praise>",
        "主播666666 | 主播 <praise>",
        "88 | <bye>",
        "886各位 | <bye> 各位",
        "520 | <love>",
        "5555太惨了 | <sad> 太惨了",
        "666元买的 | 66元买的",
        "88分 | 88分",
        "v666 | v66",
        "3.666 | 3.66",
        // Chinese internet slang
        "yyds | <praise>",
        "主播yyds！ | 主播 <praise> !",
        "NB | <praise>",
        "这操作绝了 | 这操作 <praise>",
        "awsl | <love>",
        "破防了 | <hurt>",
        "太离谱了 | 太 <absurd> 了",
        "真下头 | 真 <cringe>",
        "寄了 | <doomed>",
        "无语 | <speechless>",
        "卧槽 | <wow>",
        "你是sb吗 | 你是 <insult> 吗",
        // Twitch emotes and emoticons: kept, then tagged
        "KEKW | kekw <laugh>",
        "Pog | pog <praise>",
        "PogChamp PogChamp | pogchamp <praise> pogchamp <praise>",
        "LUL | lul <laugh>",
        "monkaS | monkas <anxious>",
        "Kappa | kappa <sarcasm>",
        "BibleThump | biblethump <sad>",
        "ResidentSleeper | residentsleeper <bored>",
        "pogo stick | pogo stick",
        "nice :) | nice :) <happy>",
        "<3 | <3 <love>",
        // emoji: kept, at most two of a run, then tagged once
        "lol😂😂😂 | <laugh> 😂 😂 <laugh>",
        "❤️ | ❤ <love>",
        "😡 退钱 | 😡 <angry> 退钱",
        "👍😭 | 👍 <praise> 😭 <sad>",
        // elongated English
        "sooo goood | so <elong> good <elong>",
        "Nooooo | no <elong>",
        "yesssss | yes <elong>",
        "niiiice | nice <elong>",
        "coooool | cool <elong>",
        "too good | too good",
        // MELD's mis-encoded apostrophe
        "Iâ€™m fine | i'm fine",
        "He’s lost it | he's lost it",
    })
    void chatLevelMapsTheGenreToCanonicalTokens(String raw, String expected) {
        assertThat(ChatNormalizer.normalize(raw, Level.CHAT)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"666 | 66", "yyds | yyds", "KEKW | kekw", "哈哈哈哈 | 哈哈"})
    void basicLevelIsUnchangedForModelsTrainedBeforeTheChatLevel(String raw, String expected) {
        assertThat(ChatNormalizer.normalize(raw)).isEqualTo(expected);
        assertThat(ChatNormalizer.normalize(raw, Level.BASIC)).isEqualTo(expected);
    }

    @Test
    void chatLevelIsIdempotent() {
        for (String s : new String[] {"哈哈哈哈 太棒了!!! 666", "Kappa Kappa PogChamp sooo", "😡😡😡 退钱 破防了",
            "lol😂😂😂 <3 :)", "yesss KEKW 2333 88", "Iâ€™m sooo done"}) {
            String once = ChatNormalizer.normalize(s, Level.CHAT);
            assertThat(ChatNormalizer.normalize(once, Level.CHAT)).as(s).isEqualTo(once);
        }
    }

    @Test
    void canonicalTokensAreSingleTermsForBothTokenizers() {
        String zh = ChatNormalizer.normalize("主播666 哈哈哈", Level.CHAT);
        assertThat(new CharNgramTokenizer(1, 2).tokenize(zh)).contains("<praise>", "<laugh>")
                .doesNotContain("<", "p", "<p");
        String en = ChatNormalizer.normalize("KEKW sooo bad", Level.CHAT);
        assertThat(new WordNgramTokenizer(1, 2).tokenize(en)).contains("kekw", "<laugh>", "so <elong>", "<elong> bad")
                .doesNotContain("<", "laugh");
        assertThat(new WordNgramTokenizer(1, 1).tokenize("a <br> b")).containsExactly("a", "<", "br", ">", "b");
    }

    /** The emote table is ours; its polarity must agree with the survey lexicon of Kobs et al. where both are sure. */
    @Test
    void emoteTableAgreesWithTheTwitchEmoteLexicon() throws IOException {
        Path lexicon = Path.of("../../shared/data/twitch_emote_sentiment/lexica/emote_average.tsv");
        if (!Files.exists(lexicon)) {
            lexicon = Path.of("../shared/data/twitch_emote_sentiment/lexica/emote_average.tsv");
        }
        var positive = EnumSet.of(Canon.LAUGH, Canon.PRAISE, Canon.HAPPY, Canon.LOVE);
        var negative = EnumSet.of(Canon.SAD, Canon.FRUSTRATED, Canon.DISGUST, Canon.BORED, Canon.ANGRY);
        int checked = 0;
        for (String line : Files.readAllLines(lexicon, StandardCharsets.UTF_8).subList(1, 101)) {
            String[] f = line.split("\t");
            Canon c = ChatNormalizer.EMOTES.get(f[0].toLowerCase(java.util.Locale.ROOT));
            double v = Double.parseDouble(f[1]);
            // sarcasm and nerves carry no fixed polarity: the model learns theirs
            if (c == null || Math.abs(v) < 0.2 || c == Canon.SARCASM || c == Canon.ANXIOUS) {
                continue;
            }
            checked++;
            assertThat(v > 0 ? positive : negative).as(f[0] + " " + v + " -> " + c).contains(c);
        }
        assertThat(checked).isGreaterThanOrEqualTo(25);
    }

    @Test
    void everyCanonicalTokenIsRecognised() {
        for (Canon c : Canon.values()) {
            assertThat(ChatNormalizer.isCanonical(c.token())).isTrue();
        }
        assertThat(Set.of("<br>", "laugh", "<3")).noneMatch(ChatNormalizer::isCanonical);
    }

    @Test
    void emptyAndNullAreEmpty() {
        assertThat(ChatNormalizer.normalize(null)).isEmpty();
        assertThat(ChatNormalizer.normalize("")).isEmpty();
    }

    @Test
    void isIdempotent() {
        for (String s : new String[] {"哈哈哈哈 太棒了!!!", "Kappa Kappa PogChamp sooo", "😡😡😡 退钱"}) {
            String once = ChatNormalizer.normalize(s);
            assertThat(ChatNormalizer.normalize(once)).isEqualTo(once);
        }
    }
}
