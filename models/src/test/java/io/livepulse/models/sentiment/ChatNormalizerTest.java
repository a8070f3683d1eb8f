package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

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
