package io.livepulse.streaming.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.SentimentLabel;
import io.livepulse.schemas.event.ChatMessage;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Scores each message with the registry's latest Chinese and English models, routed by script; every kind
 * {@link io.livepulse.models.sentiment.SentimentModels} reads (linear, text CNN, encoder-backed, ensemble) scores as
 * the training job's evaluation scores it. Each task checks the registry every {@code modelCheckInterval} and swaps
 * in a newer version without restarting the job; a version that does not verify is rejected, counted
 * ({@code sentimentModelFailedReloads}) and the previous one keeps scoring, also when a task restarts while the
 * latest version is corrupt. Closing the task releases the models' native resources.
 */
public final class ChatScorer extends RichMapFunction<ChatMessage, ScoredChat> {
    private final SentimentJobConfig config;
    private transient LastGoodRegistryScorer scorer;
    private transient Counter negatives;

    public ChatScorer(SentimentJobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        scorer = LastGoodRegistryScorer.open(new ModelRegistry(Path.of(config.registryRoot())),
                Map.of(Language.ZH, config.zhSelector(), Language.EN, config.enSelector()), config.modelCheckInterval());
        var group = getRuntimeContext().getMetricGroup();
        negatives = group.counter("sentimentNegativeMessages");
        group.gauge("sentimentModelReloads", () -> scorer.reloads());
        group.gauge("sentimentModelFailedReloads", () -> scorer.failedReloads());
    }

    @Override
    public void close() throws Exception {
        if (scorer != null) {
            scorer.close();
        }
        super.close();
    }

    @Override
    public ScoredChat map(ChatMessage m) {
        String text = m.getText() == null ? "" : m.getText();
        var s = scorer.score(text);
        boolean negative = s.label() == SentimentLabel.NEGATIVE;
        if (negative) {
            negatives.inc();
        }
        return new ScoredChat(m.getEventId(), m.getRoomId(), m.getEventTimeMs(), text, negative, s.score());
    }
}
