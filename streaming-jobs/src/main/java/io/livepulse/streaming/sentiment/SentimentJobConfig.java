package io.livepulse.streaming.sentiment;

import io.livepulse.models.sentiment.NegativeSpikeRule;
import io.livepulse.platform.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the chat sentiment job needs, as plain values.
 *
 * @param registryRoot model registry root ({@code <data.dir>/models})
 * @param zhModel registry name of the Chinese model: {@code sentiment-zh-3c-lr} (the default: three classes,
 *     SMP2020-EWECT plus the three Chinese review corpora) or e.g. {@code sentiment-zh-lr} (two classes)
 * @param enModel registry name of the English model: {@code sentiment-en-3c-lr} (the default: three classes, MELD,
 *     TweetEval, Twitch and SST-2; Twitch data is non-commercial, see its manifest) or {@code sentiment-sst2-lr} or
 *     {@code sentiment-twitch-nb} (closer to chat, but its corpus is non-commercial only)
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
        return new SentimentJobConfig(registryRoot, "sentiment-zh-3c-lr", "sentiment-en-3c-lr",
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30), NegativeSpikeRule.defaults(),
                5, 3, Duration.ofHours(6));
    }

    /** The defaults with the alert rule from the {@code sentiment.alert-*} settings. */
    public static SentimentJobConfig from(Settings s, String registryRoot) {
        double alpha = s.decimal("sentiment.alert-alpha", 1e-6, 1);
        double z = s.decimal("sentiment.alert-z-threshold", 0, 100);
        int minMessages = s.integer("sentiment.alert-min-messages", 1, 1_000_000);
        double minLift = s.decimal("sentiment.alert-min-lift", 0, 1);
        int warmup = s.integer("sentiment.alert-warmup-minutes", 0, 100_000);
        int cooldown = s.integer("sentiment.alert-cooldown-minutes", 0, 100_000);
        s.check();
        var d = defaults(registryRoot);
        var rule = new NegativeSpikeRule(alpha, z, minMessages, minLift, NegativeSpikeRule.defaults().stdFloor(),
                warmup, cooldown);
        return new SentimentJobConfig(d.registryRoot(), d.zhModel(), d.enModel(), d.modelCheckInterval(),
                d.maxOutOfOrderness(), d.sourceIdleness(), rule, d.topTerms(), d.sampleMessages(), d.roomStateTtl());
    }
}
