package io.livepulse.streaming.sentiment;

import io.livepulse.models.registry.ModelSelector;
import io.livepulse.models.sentiment.NegativeSpikeRule;
import io.livepulse.platform.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the chat sentiment job needs, as plain values.
 *
 * @param registryRoot model registry root ({@code <data.dir>/models})
 * @param zhModel which Chinese model to score with: {@code champion} (the default: the champion of the task
 *     {@code sentiment-zh}, or while there is none the newest {@code sentiment-zh-lr}), a model name, or NAME:VERSION
 * @param enModel the same for English (task {@code sentiment-en}, fallback {@code sentiment-sst2-lr})
 * @param modelCheckInterval how often each scoring task looks for a newer model version
 * @param maxOutOfOrderness watermark lag behind the largest event time seen
 * @param sourceIdleness a source split with no data for this long stops holding the watermark back
 * @param rule the alert rule
 * @param topTerms how many top negative terms to keep per minute
 * @param sampleMessages how many negative messages an alert carries as evidence
 * @param roomStateTtl a room's baseline is dropped after this much event time without a scored minute
 */
public record SentimentJobConfig(String registryRoot, String zhModel, String enModel, Duration modelCheckInterval,
        Duration maxOutOfOrderness, Duration sourceIdleness, NegativeSpikeRule rule, int topTerms, int sampleMessages,
        Duration roomStateTtl) implements Serializable {

    public static SentimentJobConfig defaults(String registryRoot) {
        return new SentimentJobConfig(registryRoot, ModelSelector.CHAMPION, ModelSelector.CHAMPION,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30), NegativeSpikeRule.defaults(),
                5, 3, Duration.ofHours(6));
    }

    /** The registry tasks of the two languages and the models served while a task has no champion. */
    public static final String ZH_TASK = "sentiment-zh";
    public static final String EN_TASK = "sentiment-en";
    static final String ZH_FALLBACK = "sentiment-zh-lr";
    static final String EN_FALLBACK = "sentiment-sst2-lr";

    /** What {@link #zhModel} selects. */
    public ModelSelector zhSelector() {
        return ModelSelector.parse(ZH_TASK, zhModel, ZH_FALLBACK);
    }

    /** What {@link #enModel} selects. */
    public ModelSelector enSelector() {
        return ModelSelector.parse(EN_TASK, enModel, EN_FALLBACK);
    }

    /** The defaults with the models from {@code sentiment.model-zh}/{@code -en} and the {@code sentiment.alert-*} rule. */
    public static SentimentJobConfig from(Settings s, String registryRoot) {
        double alpha = s.decimal("sentiment.alert-alpha", 1e-6, 1);
        double z = s.decimal("sentiment.alert-z-threshold", 0, 100);
        int minMessages = s.integer("sentiment.alert-min-messages", 1, 1_000_000);
        double minLift = s.decimal("sentiment.alert-min-lift", 0, 1);
        int warmup = s.integer("sentiment.alert-warmup-minutes", 0, 100_000);
        int cooldown = s.integer("sentiment.alert-cooldown-minutes", 0, 100_000);
        String zh = s.string("sentiment.model-zh");
        String en = s.string("sentiment.model-en");
        s.check();
        for (var e : java.util.Map.of(ZH_TASK, zh, EN_TASK, en).entrySet()) {
            try {
                ModelSelector.parse(e.getKey(), e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new io.livepulse.platform.config.ConfigException("sentiment.model-"
                        + e.getKey().substring(e.getKey().length() - 2) + " = " + bad.getMessage());
            }
        }
        var d = defaults(registryRoot);
        var rule = new NegativeSpikeRule(alpha, z, minMessages, minLift, NegativeSpikeRule.defaults().stdFloor(),
                warmup, cooldown);
        return new SentimentJobConfig(d.registryRoot(), zh, en, d.modelCheckInterval(),
                d.maxOutOfOrderness(), d.sourceIdleness(), rule, d.topTerms(), d.sampleMessages(), d.roomStateTtl());
    }
}
