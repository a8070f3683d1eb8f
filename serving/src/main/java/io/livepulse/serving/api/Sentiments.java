package io.livepulse.serving.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.serving.model.ModelSlot;
import io.livepulse.serving.model.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code POST /v1/sentiment}: {@code {"text": "..."}} or {@code {"texts": ["...", ...]}} in, a label and score
 * per text out, in order. Each text goes to the model of its language ({@code languageOf}), one registry model per
 * language.
 */
public final class Sentiments {
    static final int MAX_TEXTS = 1_000;
    static final int MAX_CHARS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Result(String label, double score, String language, String model, int modelVersion) {}

    public record Answer(List<Result> results) {}

    private final Map<String, ModelSlot<TextClassifier>> byLanguage;
    private final Function<String, String> languageOf;

    public Sentiments(Map<String, ModelSlot<TextClassifier>> byLanguage, Function<String, String> languageOf) {
        this.byLanguage = Map.copyOf(byLanguage);
        this.languageOf = languageOf;
    }

    /** Decodes and validates the body: the texts to label. */
    static List<String> texts(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object with 'text' or 'texts'");
        }
        var texts = new ArrayList<String>();
        if (root.has("text") && root.has("texts")) {
            throw ApiException.badRequest("texts", "give either 'text' or 'texts', not both");
        } else if (root.has("text")) {
            texts.add(text(root.get("text"), "text"));
        } else if (root.has("texts")) {
            JsonNode array = root.get("texts");
            if (!array.isArray() || array.isEmpty()) {
                throw ApiException.badRequest("texts", "must be a non-empty array of strings");
            }
            if (array.size() > MAX_TEXTS) {
                throw ApiException.badRequest("texts", "at most " + MAX_TEXTS + " texts per request, got " + array.size());
            }
            for (int i = 0; i < array.size(); i++) {
                texts.add(text(array.get(i), "texts[" + i + "]"));
            }
        } else {
            throw ApiException.badRequest("text", "missing: give 'text' (a string) or 'texts' (an array of strings)");
        }
        return texts;
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            throw ApiException.badRequest(field, "must be a string");
        }
        String text = node.asText();
        if (text.isBlank()) {
            throw ApiException.badRequest(field, "must not be blank");
        }
        if (text.length() > MAX_CHARS) {
            throw ApiException.badRequest(field, "at most " + MAX_CHARS + " characters, got " + text.length());
        }
        return text;
    }

    public Answer label(String body) {
        List<String> texts = texts(body);
        var results = new ArrayList<Result>(texts.size());
        for (String text : texts) {
            String language = languageOf.apply(text);
            ModelSlot<TextClassifier> slot = byLanguage.get(language);
            TextClassifier model = slot == null ? null : slot.current().orElse(null);
            if (model == null) {
                throw new ApiException(503, "unavailable", null, "no sentiment model for language '" + language
                        + "' is loaded yet" + (slot == null ? "" : " (registry model '" + slot.name() + "')")
                        + "; train one with ./livepulse train sentiment");
            }
            var s = model.classify(text);
            results.add(new Result(s.label(), s.score(), language, model.manifest().name(),
                    model.manifest().version()));
        }
        return new Answer(results);
    }
}
