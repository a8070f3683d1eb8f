package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class PooledChineseCorporaTest {

    @Test
    void keyIgnoresCaseWidthRepeatsSpacesAndPunctuation() {
        assertThat(PooledChineseCorpora.key("很好！！ 下次还来。")).isEqualTo(PooledChineseCorpora.key("很好下次还来"));
        assertThat(PooledChineseCorpora.key("ＯＫ，好吃哈哈哈哈")).isEqualTo(PooledChineseCorpora.key("ok 好吃哈哈"));
        assertThat(PooledChineseCorpora.key("好吃")).isNotEqualTo(PooledChineseCorpora.key("难吃"));
    }

    @Test
    void noPooledTrainingTextEqualsAHeldOutTextOfAnyCorpus() throws Exception {
        var pooled = PooledChineseCorpora.load(SentimentCorpusTest.SHARED, false);
        var heldKeys = new HashSet<String>();
        int trainTotal = 0;
        for (var c : PooledChineseCorpora.MEMBERS) {
            var split = c.load(SentimentCorpusTest.SHARED, 0);
            assertThat(pooled.held().get(c)).as("%s keeps its own test split", c).isEqualTo(split.test());
            split.test().forEach(t -> heldKeys.add(PooledChineseCorpora.key(t.text())));
            trainTotal += split.train().size();
        }
        assertThat(pooled.train()).noneMatch(t -> heldKeys.contains(PooledChineseCorpora.key(t.text())));
        assertThat(pooled.dropped()).as("the corpora share short reviews").isPositive();
        assertThat(pooled.train().size() + pooled.dropped()).isEqualTo(trainTotal);
    }

    @Test
    void validationHoldsOutTheValidationCutsAndStillExcludesTheTestSplits() throws Exception {
        var pooled = PooledChineseCorpora.load(SentimentCorpusTest.SHARED, true);
        var blocked = new HashSet<String>();
        for (var c : PooledChineseCorpora.MEMBERS) {
            var split = c.load(SentimentCorpusTest.SHARED, 0);
            assertThat(pooled.held().get(c)).isEqualTo(split.validation().test());
            split.test().forEach(t -> blocked.add(PooledChineseCorpora.key(t.text())));
            split.validation().test().forEach(t -> blocked.add(PooledChineseCorpora.key(t.text())));
        }
        assertThat(pooled.train()).noneMatch(t -> blocked.contains(PooledChineseCorpora.key(t.text())));
    }
}
