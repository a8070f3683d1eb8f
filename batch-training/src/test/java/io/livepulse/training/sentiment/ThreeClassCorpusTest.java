package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ThreeClassCorpusTest {

    @Test
    void smp2020PoolsTheFourFilesDropsSurpriseAndSplitsSixtyFourSixteenTwenty() throws Exception {
        var a = ThreeClassCorpus.SMP2020.load(SentimentCorpusTest.SHARED);
        var b = ThreeClassCorpus.SMP2020.load(SentimentCorpusTest.SHARED);
        assertThat(a.test()).isEqualTo(b.test());
        assertThat(a.validation()).isEqualTo(b.validation());
        // 15,592 rows: 482 surprise and 12 empty dropped, 15,098 kept
        assertThat(a.test()).hasSize(3_019);
        assertThat(a.validation()).hasSize(2_415);
        // 9,664 before dropping texts equal to a validation or test text: Weibo reposts make about 1,100 of them
        assertThat(a.train().size()).isBetween(8_000, 9_664);
        assertThat(a.train()).extracting(LabeledText::label).containsOnly(0, 1, 2);
        assertThat(a.slices().get("usual")).isNotEmpty().allMatch(a.test()::contains);
        assertThat(a.slices().get("usual").size()).isBetween(300, 430); // about a fifth of the 1,830 usual rows
        assertDisjoint(a);
    }

    @Test
    void meldTestsOnItsDevFileAndSplitsTrainingByDialogue() throws Exception {
        var s = ThreeClassCorpus.MELD.load(SentimentCorpusTest.SHARED);
        assertThat(s.test()).hasSize(1_109);
        assertThat(s.test()).filteredOn(t -> t.label() == 1).hasSize(470);
        assertThat(s.train().size() + s.validation().size()).isBetween(8_000, 9_989);
        assertThat(s.validation().size()).isBetween(1_500, 2_500);
        assertDisjoint(s);
    }

    @Test
    void tweetEvalsTwoThousandValidationTweetsBecomeOurOwnThreeSplits() throws Exception {
        var s = ThreeClassCorpus.TWEETEVAL.load(SentimentCorpusTest.SHARED);
        assertThat(s.test()).hasSize(400);
        assertThat(s.validation()).hasSize(320);
        assertThat(s.train().size()).isBetween(1_250, 1_280);
        assertDisjoint(s);
    }

    @Test
    void twitchKeepsTheTestSplitOfTheEarlierModels() throws Exception {
        var s = ThreeClassCorpus.TWITCH.load(SentimentCorpusTest.SHARED);
        assertThat(s.test()).isEqualTo(SentimentCorpus.TWITCH.load(SentimentCorpusTest.SHARED, 0).test());
        assertDisjoint(s);
    }

    @Test
    void twoClassCorporaBecomeNegativeAndPositiveRows() throws Exception {
        var s = ThreeClassCorpus.binary(SentimentCorpus.SST2, SentimentCorpusTest.SHARED);
        assertThat(s.test()).hasSize(1_821);
        assertThat(s.validation()).hasSize(872);
        assertThat(s.train()).extracting(LabeledText::label).containsOnly(0, 2);
    }

    private static void assertDisjoint(ThreeClassCorpus.Split s) {
        var held = new HashSet<String>();
        s.test().forEach(t -> held.add(t.text()));
        s.validation().forEach(t -> held.add(t.text()));
        assertThat(s.train()).noneMatch(t -> held.contains(t.text()));
    }
}
