package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void chineseCharacterNgramsDoNotSpanSpaces() {
        assertThat(new CharNgramTokenizer(1, 2).tokenize("好吃 😂"))
                .containsExactly("好", "吃", "好吃", "😂");
    }

    @Test
    void englishWordNgramsKeepBangsAndEmoji() {
        assertThat(new WordNgramTokenizer(1, 2).tokenize("it's bad, so bad! 😡"))
                .containsExactly("it's", "bad", "so", "bad", "!", "😡",
                        "it's bad", "bad so", "so bad", "bad !", "! 😡");
    }

    @Test
    void specRoundTrips() {
        for (Tokenizer t : new Tokenizer[] {new CharNgramTokenizer(1, 3), new WordNgramTokenizer(1, 2)}) {
            assertThat(Tokenizer.fromSpec(t.spec())).isEqualTo(t);
        }
    }

    @Test
    void badSpecSaysWhy() {
        assertThatThrownBy(() -> Tokenizer.fromSpec("bpe:1-2")).hasMessageContaining("Unknown tokenizer kind 'bpe'");
        assertThatThrownBy(() -> new CharNgramTokenizer(2, 1)).hasMessageContaining("1 <= min <= max");
    }

    @Test
    void vectorizerCountsRepeatedTermsOnce() {
        var v = new TextVectorizer(new WordNgramTokenizer(1, 1), 1 << 18);
        var x = v.vectorize("bad bad good");
        assertThat(x.size()).isEqualTo(2);
        assertThat(x.counts()).containsExactlyInAnyOrder(2.0, 1.0);
        assertThat(x.indices()).isSorted();
        assertThat(v.vectorize("Bad BAD good").indices()).isEqualTo(x.indices());
    }
}
