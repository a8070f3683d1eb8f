package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentCorpusTest {
    static final Path SHARED = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    @Test
    void splitIsFixedDisjointAndEightyTwenty() throws Exception {
        var a = SentimentCorpus.WAIMAI.load(SHARED, 0);
        var b = SentimentCorpus.WAIMAI.load(SHARED, 0);
        assertThat(a.test()).isEqualTo(b.test());
        assertThat(a.train().size() + a.test().size()).isEqualTo(11_987);
        assertThat(a.test()).hasSize(2397);
        var trainTexts = new HashSet<>(a.train());
        assertThat(a.test().stream().filter(trainTexts::contains).count())
                .as("identical (text, label) rows on both sides come only from duplicates in the corpus")
                .isLessThan(a.test().size() / 10);
    }

    @Test
    void readsEveryCorpusWithItsQuirks() throws Exception {
        var chn = SentimentCorpus.CHNSENTICORP.load(SHARED, 0);
        assertThat(chn.train().size() + chn.test().size()).isEqualTo(7_765); // the empty review is dropped
        var shop = SentimentCorpus.ONLINE_SHOPPING.load(SHARED, 0);
        assertThat(shop.train()).noneMatch(t -> t.text().contains("\uFEFF"));
        var sst = SentimentCorpus.SST2.load(SHARED, 0);
        assertThat(sst.train()).hasSize(67_349).noneMatch(t -> t.text().endsWith("\r"));
        assertThat(sst.test()).hasSize(1_821);
        var twitch = SentimentCorpus.TWITCH.load(SHARED, 0);
        assertThat(twitch.train().size() + twitch.test().size()).isEqualTo(1_922);
        assertThat(twitch.train()).extracting(LabeledText::label).containsOnly(0, 1, 2);
    }

    @Test
    void csvHandlesQuotesAndQuotedLineBreaks(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "label,review\n1,\"a, \"\"b\"\"\"\n0,\"two\nlines\"\n1,plain\n");
        assertThat(CsvRecords.read(f)).containsExactly(
                java.util.List.of("1", "a, \"b\""), java.util.List.of("0", "two\nlines"), java.util.List.of("1", "plain"));
        Files.writeString(f, "label,review\n1,\"open\n");
        assertThatThrownBy(() -> CsvRecords.read(f)).hasMessageContaining("unterminated quoted field");
    }

    @Test
    void unknownCorpusNamesTheKnownOnes() {
        assertThatThrownBy(() -> SentimentCorpus.byId("weibo")).hasMessageContaining("known: chnsenticorp");
    }
}
