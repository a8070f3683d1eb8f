package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.SentimentLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The labelled corpora under the shared data directory, how to read each one, and its fixed held-out split.
 *
 * <p>Split rule (written down once, never tuned): the corpus rows in file order, minus empty texts, are shuffled
 * with {@code new Random(SPLIT_SEED)} ({@link Collections#shuffle(List, Random)}); the first
 * {@code TEST_FRACTION} of the shuffled rows (rounded down) is the test split, the rest trains. SST-2 keeps its
 * own files: train.tsv trains, test.tsv (the labelled 1,821 sentences) is the test split, dev.tsv is for tuning.
 */
public enum SentimentCorpus {
    CHNSENTICORP("chnsenticorp", Language.ZH, "chnsenticorp_htl_all/ChnSentiCorp_htl_all.csv",
            "research/non-commercial use only (Tan Songbo; SophonPlus/ChineseNlpCorpus, no licence file)"),
    WAIMAI("waimai", Language.ZH, "waimai_10k/waimai_10k.csv",
            "research/non-commercial use only (SophonPlus/ChineseNlpCorpus, no licence file)"),
    ONLINE_SHOPPING("online-shopping", Language.ZH, "online_shopping_10_cats/online_shopping_10_cats.csv",
            "research/non-commercial use only (SophonPlus/ChineseNlpCorpus, no licence file)"),
    SST2("sst2", Language.EN, "sst2/train.tsv",
            "research use (Stanford Sentiment Treebank, Socher et al. 2013; GLUE)"),
    TWITCH("twitch", Language.EN, "twitch_emote_sentiment/labeled_dataset.csv",
            "NON-COMMERCIAL use only (Kobs et al. 2020, emote-controlled: 'not allowed to use ... for commercial"
                    + " purposes'); models trained on it must not ship in a commercial product");

    public static final long SPLIT_SEED = 20261125L;
    public static final double TEST_FRACTION = 0.2;

    private final String id;
    private final Language language;
    private final String file;
    private final String licence;

    SentimentCorpus(String id, Language language, String file, String licence) {
        this.id = id;
        this.language = language;
        this.file = file;
        this.licence = licence;
    }

    public String id() {
        return id;
    }

    public Language language() {
        return language;
    }

    public String licence() {
        return licence;
    }

    public String file() {
        return file;
    }

    /** Labels of class index 0, 1, (2). */
    public List<SentimentLabel> classes() {
        return this == TWITCH
                ? List.of(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE)
                : List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE);
    }

    public static SentimentCorpus byId(String id) {
        for (SentimentCorpus c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown corpus '" + id + "'; known: chnsenticorp, waimai, "
                + "online-shopping, sst2, twitch");
    }

    /** The train and test splits. */
    public record Split(List<LabeledText> train, List<LabeledText> test) {

        /**
         * For tuning: the training split cut again the same way (shuffled with {@code SPLIT_SEED + 1}, first
         * {@code TEST_FRACTION} = validation), so choices are made without looking at the test split.
         */
        public Split validation() {
            var rows = new ArrayList<>(train);
            Collections.shuffle(rows, new Random(SPLIT_SEED + 1));
            int n = (int) (rows.size() * TEST_FRACTION);
            return new Split(List.copyOf(rows.subList(n, rows.size())), List.copyOf(rows.subList(0, n)));
        }
    }

    /**
     * Reads and splits the corpus under {@code sharedData} ({@code ../shared/data}).
     *
     * @param maxTrain keep at most this many training rows (the first of the split), for small test runs;
     *     the test split is cut to a quarter of it the same way
     */
    public Split load(Path sharedData, int maxTrain) throws IOException {
        Split full;
        if (this == SST2) {
            full = new Split(readTsv(sharedData.resolve("sst2/train.tsv")), readTsv(sharedData.resolve("sst2/test.tsv")));
        } else {
            var rows = readCsv(sharedData.resolve(file));
            Collections.shuffle(rows, new Random(SPLIT_SEED));
            int nTest = (int) (rows.size() * TEST_FRACTION);
            full = new Split(List.copyOf(rows.subList(nTest, rows.size())), List.copyOf(rows.subList(0, nTest)));
        }
        if (maxTrain <= 0 || maxTrain >= full.train().size()) {
            return full;
        }
        return new Split(full.train().subList(0, maxTrain),
                full.test().subList(0, Math.min(full.test().size(), Math.max(1, maxTrain / 4))));
    }

    /**
     * The tuning split: SST-2's own dev.tsv against train.tsv; for the other corpora the training split cut again
     * ({@link Split#validation()}). The test split is never touched.
     */
    public Split loadValidation(Path sharedData, int maxTrain) throws IOException {
        if (this == SST2) {
            var train = load(sharedData, maxTrain).train();
            return new Split(train, readTsv(sharedData.resolve("sst2/dev.tsv")));
        }
        return load(sharedData, maxTrain).validation();
    }

    private List<LabeledText> readCsv(Path path) throws IOException {
        var out = new ArrayList<LabeledText>();
        for (List<String> r : CsvRecords.read(path)) {
            String label;
            String text;
            switch (this) {
                case ONLINE_SHOPPING -> {
                    label = r.get(1);
                    text = r.get(2);
                }
                case TWITCH -> {
                    label = r.get(0);
                    text = String.join(",", r.subList(7, r.size()));
                }
                default -> {
                    label = r.get(0);
                    text = r.size() > 1 ? String.join(",", r.subList(1, r.size())) : "";
                }
            }
            text = text.replace("\uFEFF", "").strip();
            if (text.isEmpty()) {
                continue;
            }
            int y = Integer.parseInt(label.strip());
            out.add(new LabeledText(text, this == TWITCH ? y + 1 : y));
        }
        return out;
    }

    private static List<LabeledText> readTsv(Path path) throws IOException {
        var out = new ArrayList<LabeledText>();
        var lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            line = line.replace("\r", "");
            int tab = line.indexOf('\t');
            if (tab < 0 || line.substring(tab + 1).isBlank()) {
                continue;
            }
            out.add(new LabeledText(line.substring(tab + 1), Integer.parseInt(line.substring(0, tab).strip())));
        }
        return out;
    }
}
