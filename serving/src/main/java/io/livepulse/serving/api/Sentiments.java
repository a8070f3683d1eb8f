package io.livepulse.serving.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.serving.model.ModelSlot;
import io.livepulse.serving.model.TextClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/sentiment}: {@code {"text": "..."}} or {@code {"texts": ["...", ...]}} in, a label and score
 * per text out, in order.
 */
public final class Sentiments {
    static final int MAX_TEXTS = 1_000;
    static final int MAX_CHARS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Result(String label, double score) {}

    public record Answer(List<Result> results, String model, int modelVersion) {}

    private final ModelSlot<TextClassifier> classifier;

    public Sentiments(ModelSlot<TextClassifier> classifier) {
        this.classifier = classifier;
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
        TextClassifier model = classifier.current().orElseThrow(() -> new ApiException(503, "unavailable", null,
                "no sentiment model is loaded yet (registry model '" + classifier.name()
                        + "'); train one with ./livepulse train sentiment"));
        var results = new ArrayList<Result>(texts.size());
        for (String text : texts) {
            var s = model.classify(text);
            results.add(new Result(s.label(), s.score()));
        }
        return new Answer(results, model.manifest().name(), model.manifest().version());
    }
}
