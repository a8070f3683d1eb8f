package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AlertTopicTest {
    static final Path SHARED = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    record Labelled(AlertTopic topic, String language, String text) {}

    static List<Labelled> labelled() throws IOException {
        try (InputStream in = AlertTopicTest.class.getResourceAsStream("/topics/labelled-chat.tsv")) {
            var lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            var out = new ArrayList<Labelled>();
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split("\t", 3);
                out.add(new Labelled(AlertTopic.valueOf(f[0]), f[1], f[2]));
            }
            return out;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "卡死了 一直在缓冲 | TECHNICAL",
        "the ads are so long | ADS",
        "又恰饭 | ADS",
        "退钱！质量太差 | PRODUCT",
        "裁判黑哨，这比赛没法看 | GAME",
        "that was so rude, apologize | STREAMER_CONDUCT",
        "今天好热 | OTHER",
        "sooo laggggy | TECHNICAL",
        "ad | ADS",
        "bad | OTHER",
        "主播好菜 | GAME",
    })
    void topicOfOneMessage(String text, AlertTopic expected) {
        assertThat(AlertTopic.of(text)).isEqualTo(expected);
    }

    @Test
    void dominantTopicIgnoresOtherUnlessNothingElseOccurs() {
        assertThat(AlertTopic.dominant(Map.of(AlertTopic.OTHER, 10, AlertTopic.ADS, 2))).isEqualTo(AlertTopic.ADS);
        assertThat(AlertTopic.dominant(Map.of(AlertTopic.GAME, 3, AlertTopic.TECHNICAL, 3)))
                .isEqualTo(AlertTopic.TECHNICAL);
        assertThat(AlertTopic.dominant(Map.of(AlertTopic.OTHER, 4))).isEqualTo(AlertTopic.OTHER);
        assertThat(AlertTopic.dominant(Map.of())).isEqualTo(AlertTopic.OTHER);
    }

    /** The project's hand-labelled chat lines (src/test/resources/topics/README.md): accuracy per language. */
    @Test
    void handLabelledChatLines() throws IOException {
        var rows = labelled();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(200);
        var confusion = new EnumMap<AlertTopic, Map<AlertTopic, Integer>>(AlertTopic.class);
        int correct = 0;
        int zh = 0;
        int zhCorrect = 0;
        for (Labelled r : rows) {
            AlertTopic got = AlertTopic.of(r.text());
            confusion.computeIfAbsent(r.topic(), k -> new EnumMap<>(AlertTopic.class)).merge(got, 1, Integer::sum);
            if (got == r.topic()) {
                correct++;
            }
            if (r.language().equals("zh")) {
                zh++;
                zhCorrect += got == r.topic() ? 1 : 0;
            }
        }
        double accuracy = (double) correct / rows.size();
        // the figure docs/evaluation.md quotes
        System.out.printf("AlertTopic hand-labelled accuracy %.4f (%d/%d); zh %d/%d, en %d/%d; confusion %s%n",
                accuracy, correct, rows.size(), zhCorrect, zh, correct - zhCorrect, rows.size() - zh, confusion);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.80);
    }

    /**
     * Planted bursts: a minute's negative messages are 60 % complaints of one topic (the hand-labelled lines) and
     * 40 % drawn from every other topic and from OTHER; the alert's topic must be the planted one.
     */
    @ParameterizedTest
    @EnumSource(value = AlertTopic.class, names = "OTHER", mode = EnumSource.Mode.EXCLUDE)
    void plantedBurstsGetTheirTopic(AlertTopic planted) throws IOException {
        var rows = labelled();
        var on = rows.stream().filter(r -> r.topic() == planted).map(Labelled::text).toList();
        var off = rows.stream().filter(r -> r.topic() != planted).map(Labelled::text).toList();
        int right = 0;
        for (int seed = 0; seed < 50; seed++) {
            var rnd = new Random(seed);
            var minute = new ArrayList<String>();
            for (int i = 0; i < 30; i++) {
                minute.add(rnd.nextDouble() < 0.6 ? on.get(rnd.nextInt(on.size())) : off.get(rnd.nextInt(off.size())));
            }
            right += AlertTopic.ofMessages(minute) == planted ? 1 : 0;
        }
        assertThat(right).as("bursts of %s given that topic, of 50", planted).isEqualTo(50);
    }

    /** A burst of real waimai_10k negative reviews (food delivery) is about the product and its delivery. */
    @Test
    void aBurstOfRealDeliveryComplaintsIsAboutTheProduct() throws IOException {
        var negatives = new ArrayList<String>();
        for (String l : Files.readAllLines(SHARED.resolve("waimai_10k/waimai_10k.csv"), StandardCharsets.UTF_8)) {
            if (l.startsWith("0,")) {
                negatives.add(l.substring(2));
            }
        }
        var counts = new EnumMap<AlertTopic, Integer>(AlertTopic.class);
        negatives.forEach(t -> counts.merge(AlertTopic.of(t), 1, Integer::sum));
        System.out.printf("AlertTopic on %d waimai_10k negative reviews: %s%n", negatives.size(), counts);
        assertThat(AlertTopic.ofMessages(negatives)).isEqualTo(AlertTopic.PRODUCT);
    }
}
