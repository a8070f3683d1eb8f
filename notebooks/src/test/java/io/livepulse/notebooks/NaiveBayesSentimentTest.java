package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.SentimentLabel;
import io.livepulse.models.sentiment.TextVectorizer;
import io.livepulse.models.sentiment.WordNgramTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NaiveBayesSentimentTest {
    static final TextVectorizer WORDS = new TextVectorizer(new WordNgramTokenizer(1, 1), 1 << 12);
    static final SentimentLabel NEG = SentimentLabel.NEGATIVE;
    static final SentimentLabel POS = SentimentLabel.POSITIVE;

    @TempDir
    Path dir;

    @Test
    void learnsWhichWordsMeanWhatAndScoresThroughTheProjectModel() {
        var model = NaiveBayesSentiment.train(WORDS,
                List.of("great stream love it", "love this great", "awful lag hate", "hate this awful stream"),
                List.of(POS, POS, NEG, NEG), 1.0);
        assertThat(model.algorithm()).isEqualTo(LinearSentimentModel.Algorithm.NAIVE_BAYES);
        assertThat(model.classes()).containsExactly(NEG, POS);
        assertThat(model.classes().get(model.predictIndex("love it great"))).isEqualTo(POS);
        assertThat(model.classes().get(model.predictIndex("awful lag"))).isEqualTo(NEG);
        double[] p = model.probabilities(WORDS.vectorize("stream"));
        assertThat(p[0]).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void refusesInputItCannotLearnFrom() {
        assertThatThrownBy(() -> NaiveBayesSentiment.train(WORDS, List.of("a"), List.of(POS, NEG), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 texts but 2 labels");
        assertThatThrownBy(() -> NaiveBayesSentiment.train(WORDS, List.of("a", "b"), List.of(POS, POS), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two classes");
        assertThatThrownBy(() -> NaiveBayesSentiment.train(WORDS, List.of("a", "b"), List.of(POS, NEG), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smoothing");
    }

    @Test
    void readsLabelledFilesCountingBadLinesAndSplitsReproducibly() throws Exception {
        Path csv = Files.writeString(dir.resolve("c.csv"), "label,review\n1,好吃\n0,太慢了\nx,bad label\n1,\n0,难吃,真的\n");
        var texts = LabelledTexts.read(csv, ',');
        assertThat(texts.texts()).containsExactly("好吃", "太慢了", "难吃,真的");
        assertThat(texts.labels()).containsExactly(POS, NEG, NEG);
        assertThat(texts.rejected()).isEqualTo(2);
        var a = texts.split(0.67, 5);
        assertThat(a.get(0).size() + a.get(1).size()).isEqualTo(3);
        assertThat(texts.split(0.67, 5).get(0).texts()).isEqualTo(a.get(0).texts());
    }
}
