package io.livepulse.notebooks;

import io.livepulse.models.sentiment.SentimentLabel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Texts with a sentiment label, e.g. a corpus under {@code shared/data}, and a seeded train/test split.
 *
 * @param texts the texts
 * @param labels the label of each text
 * @param rejected lines that could not be read
 */
public record LabelledTexts(List<String> texts, List<SentimentLabel> labels, int rejected) {

    /**
     * Reads a {@code label<separator>text} file with a header line, label 1 positive and 0 negative (the format of
     * {@code waimai_10k.csv} with ',' and of SST-2's {@code .tsv} with a tab). Malformed lines are counted, not fatal.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static LabelledTexts read(Path file, char separator) {
        var texts = new ArrayList<String>();
        var labels = new ArrayList<SentimentLabel>();
        int rejected = 0;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                int cut = line.indexOf(separator);
                String label = cut < 0 ? "" : line.substring(0, cut).trim();
                String text = cut < 0 ? "" : line.substring(cut + 1).trim();
                if (text.isEmpty() || !(label.equals("0") || label.equals("1"))) {
                    rejected++;
                    continue;
                }
                texts.add(text);
                labels.add(label.equals("1") ? SentimentLabel.POSITIVE : SentimentLabel.NEGATIVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return new LabelledTexts(List.copyOf(texts), List.copyOf(labels), rejected);
    }

    public int size() {
        return texts.size();
    }

    /** A seeded shuffle cut into {@code trainShare} for training and the rest for testing. */
    public List<LabelledTexts> split(double trainShare, long seed) {
        if (!(trainShare > 0 && trainShare < 1)) {
            throw new IllegalArgumentException("trainShare must be in (0, 1), got " + trainShare);
        }
        var order = new ArrayList<Integer>();
        for (int i = 0; i < size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int cut = (int) Math.round(size() * trainShare);
        return List.of(subset(order.subList(0, cut)), subset(order.subList(cut, order.size())));
    }

    private LabelledTexts subset(List<Integer> rows) {
        return new LabelledTexts(rows.stream().map(texts::get).toList(), rows.stream().map(labels::get).toList(), 0);
    }
}
