package io.livepulse.training.sentiment;

/**
 * One labelled example.
 *
 * @param text the raw text
 * @param label class index of the corpus ({@link SentimentCorpus#classes()})
 */
public record LabeledText(String text, int label) {}
