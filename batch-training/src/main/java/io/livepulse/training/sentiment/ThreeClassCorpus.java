package io.livepulse.training.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.SentimentLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The corpora of the three-class (negative / neutral / positive) models, how each is read and its fixed, seeded
 * train / validation / test split. Class indices are those of {@link #CLASSES}: 0 negative, 1 neutral, 2 positive.
 *
 * <p>Splits (never tuned): rows in file order, shuffled with {@code new Random(SPLIT_SEED)}; the first
 * {@link SentimentCorpus#TEST_FRACTION} (rounded down) is the test split; the rest is shuffled again with
 * {@code SPLIT_SEED + 1} and its first {@code TEST_FRACTION} is the validation split (model choices, calibration),
 * the remainder trains. Exceptions, each because of what is on disk:
 *
 * <ul>
 *   <li>{@link #SMP2020}: the four files present (virus_train, virus_eval_labeled, virus_test_labeled,
 *       usual_eval_labeled; the usual-domain training and test files are not here) pooled, then split as above;
 *       happy -> positive, angry/sad/fear -> negative, neutral -> neutral, <b>surprise dropped</b> (ambiguous, as the
 *       corpus's SOURCE.md says). The test split's usual-domain rows are reported as their own slice.
 *   <li>{@link #MELD}: train_sent_emo.csv is split by dialogue (dialogues shuffled with {@code SPLIT_SEED + 1}, the
 *       first 20 % validation), so one conversation never feeds both sides; dev_sent_emo.csv (1,109) is the test
 *       split. MELD's own test split is held back by the maintainers.
 *   <li>{@link #TWEETEVAL}: only TweetEval's 2,000 validation tweets are here (no training text), so they are split
 *       into our own train (1,280) / validation (320) / test (400) as above; figures on them are not comparable with
 *       the TweetEval leaderboard, which trains on 45,615 tweets and tests on 12,284.
 *   <li>{@link #TWITCH}: exactly {@link SentimentCorpus#TWITCH}'s split (test as today; validation = its validation
 *       cut), so the figures compare with the earlier Twitch models.
 * </ul>
 *
 * <p>A training row whose text equals a validation or test text (exactly) is dropped.
 */
public enum ThreeClassCorpus {
    SMP2020("smp2020", Language.ZH, "smp2020_ewect/*.json",
            "research use under the SMP2020-EWECT organisers' terms (BrownSweater/BERT_SMP2020-EWECT data/clean)"),
    MELD("meld", Language.EN, "meld/train_sent_emo.csv + meld/dev_sent_emo.csv",
            "GPL-3.0 (declare-lab/MELD repository licence)"),
    TWEETEVAL("tweeteval", Language.EN, "tweeteval_sentiment/val_text.txt + val_labels.txt",
            "TweetEval (cardiffnlp): no restrictions from TweetEval, subject to SemEval-2017 and Twitter terms"),
    TWITCH("twitch", Language.EN, SentimentCorpus.TWITCH.file(), SentimentCorpus.TWITCH.licence());

    /** Class index -> label for every three-class corpus and model. */
    public static final List<SentimentLabel> CLASSES = List.of(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL,
            SentimentLabel.POSITIVE);
    public static final long SPLIT_SEED = SentimentCorpus.SPLIT_SEED;

    private final String id;
    private final Language language;
    private final String files;
    private final String licence;

    ThreeClassCorpus(String id, Language language, String files, String licence) {
        this.id = id;
        this.language = language;
        this.files = files;
        this.licence = licence;
    }

    public String id() {
        return id;
    }

    public Language language() {
        return language;
    }

    public String files() {
        return files;
    }

    public String licence() {
        return licence;
    }

    /**
     * A corpus cut three ways.
     *
     * @param slices named subsets of the test split reported on their own (SMP2020: "usual" domain)
     */
    public record Split(List<LabeledText> train, List<LabeledText> validation, List<LabeledText> test,
            Map<String, List<LabeledText>> slices) {}

    /** Reads and splits the corpus under {@code sharedData}. */
    public Split load(Path sharedData) throws IOException {
        return switch (this) {
            case SMP2020 -> smp2020(sharedData);
            case MELD -> meld(sharedData);
            case TWEETEVAL -> threeWay(tweetEval(sharedData), Map.of());
            case TWITCH -> {
                var s = SentimentCorpus.TWITCH.load(sharedData, 0);
                var v = s.validation();
                yield dedup(v.train(), v.test(), s.test(), Map.of());
            }
        };
    }

    /**
     * A two-class corpus (labels 0 negative, 1 positive) as three-class rows (0 negative, 2 positive), with its
     * usual split: test = its test split, validation = its validation cut (SST-2: dev.tsv), train = the rest.
     */
    public static Split binary(SentimentCorpus corpus, Path sharedData) throws IOException {
        if (corpus.classes().size() != 2) {
            throw new IllegalArgumentException(corpus.id() + " is not a two-class corpus");
        }
        var full = corpus.load(sharedData, 0);
        var v = corpus.loadValidation(sharedData, 0);
        return dedup(polar(v.train()), polar(v.test()), polar(full.test()), Map.of());
    }

    private static List<LabeledText> polar(List<LabeledText> rows) {
        return rows.stream().map(t -> new LabeledText(t.text(), t.label() == 1 ? 2 : 0)).toList();
    }

    private static Split threeWay(List<LabeledText> rows, Map<String, Set<String>> sliceTexts) {
        var all = new ArrayList<>(rows);
        Collections.shuffle(all, new Random(SPLIT_SEED));
        int nTest = (int) (all.size() * SentimentCorpus.TEST_FRACTION);
        var test = List.copyOf(all.subList(0, nTest));
        var rest = new ArrayList<>(all.subList(nTest, all.size()));
        Collections.shuffle(rest, new Random(SPLIT_SEED + 1));
        int nVal = (int) (rest.size() * SentimentCorpus.TEST_FRACTION);
        var slices = new LinkedHashMap<String, List<LabeledText>>();
        sliceTexts.forEach((name, texts) -> slices.put(name, test.stream().filter(t -> texts.contains(t.text()))
                .toList()));
        return dedup(rest.subList(nVal, rest.size()), rest.subList(0, nVal), test, slices);
    }

    private static Split dedup(List<LabeledText> train, List<LabeledText> validation, List<LabeledText> test,
            Map<String, List<LabeledText>> slices) {
        var held = new HashSet<String>();
        validation.forEach(t -> held.add(t.text()));
        test.forEach(t -> held.add(t.text()));
        var kept = train.stream().filter(t -> !held.contains(t.text())).toList();
        return new Split(kept, List.copyOf(validation), List.copyOf(test), Map.copyOf(slices));
    }

    private static Split smp2020(Path sharedData) throws IOException {
        var rows = new ArrayList<LabeledText>();
        var usual = new HashSet<String>();
        for (String file : List.of("virus_train.json", "virus_eval_labeled.json", "virus_test_labeled.json",
                "usual_eval_labeled.json")) {
            JsonNode array = new ObjectMapper().readTree(sharedData.resolve("smp2020_ewect").resolve(file).toFile());
            for (JsonNode row : array) {
                String text = row.path("content").asText("").strip();
                int label = switch (row.path("label").asText()) {
                    case "happy" -> 2;
                    case "angry", "sad", "fear" -> 0;
                    case "neutral" -> 1;
                    default -> -1; // surprise: dropped
                };
                if (label < 0 || text.isEmpty()) {
                    continue;
                }
                rows.add(new LabeledText(text, label));
                if (file.startsWith("usual")) {
                    usual.add(text);
                }
            }
        }
        return threeWay(rows, Map.of("usual", usual));
    }

    private static Split meld(Path sharedData) throws IOException {
        var byDialogue = new LinkedHashMap<String, List<LabeledText>>();
        for (List<String> r : CsvRecords.read(sharedData.resolve("meld/train_sent_emo.csv"))) {
            byDialogue.computeIfAbsent(r.get(5), k -> new ArrayList<>()).add(meldRow(r));
        }
        var dialogues = new ArrayList<>(byDialogue.keySet());
        Collections.shuffle(dialogues, new Random(SPLIT_SEED + 1));
        int nVal = (int) (dialogues.size() * SentimentCorpus.TEST_FRACTION);
        var train = new ArrayList<LabeledText>();
        var validation = new ArrayList<LabeledText>();
        for (int i = 0; i < dialogues.size(); i++) {
            (i < nVal ? validation : train).addAll(byDialogue.get(dialogues.get(i)));
        }
        var test = CsvRecords.read(sharedData.resolve("meld/dev_sent_emo.csv")).stream().map(ThreeClassCorpus::meldRow)
                .toList();
        return dedup(train, validation, test, Map.of());
    }

    private static LabeledText meldRow(List<String> r) {
        int label = switch (r.get(4)) {
            case "negative" -> 0;
            case "neutral" -> 1;
            case "positive" -> 2;
            default -> throw new IllegalArgumentException("MELD sentiment '" + r.get(4) + "' is not one of"
                    + " negative, neutral, positive");
        };
        return new LabeledText(r.get(1).strip(), label);
    }

    private static List<LabeledText> tweetEval(Path sharedData) throws IOException {
        Path dir = sharedData.resolve("tweeteval_sentiment");
        var texts = Files.readAllLines(dir.resolve("val_text.txt"), StandardCharsets.UTF_8);
        var labels = Files.readAllLines(dir.resolve("val_labels.txt"), StandardCharsets.UTF_8);
        if (texts.size() != labels.size()) {
            throw new IOException(dir + ": " + texts.size() + " texts but " + labels.size() + " labels");
        }
        var rows = new ArrayList<LabeledText>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i).strip();
            if (!text.isEmpty()) {
                rows.add(new LabeledText(text, Integer.parseInt(labels.get(i).strip()))); // 0 neg, 1 neu, 2 pos
            }
        }
        return rows;
    }
}
