package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.SentimentModel;
import io.livepulse.models.sentiment.SentimentModels;
import io.livepulse.models.sentiment.TokenCnnSentimentModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train sentiment-bench}: single-thread throughput per CPU-second (one core) of each registered sentiment
 * model, of any kind, loaded through {@link SentimentModels#load} as serving and the streaming job load it, on its
 * corpus's held-out texts (sentiment-zh-*: the three Chinese corpora's), measured beside a tokenise-only loop
 * (normalise + the model's own tokenisers, no weights: {@link SentimentModel#tokenCount}) over the same texts in the
 * same run. Models that run a pre-trained encoder (onnxruntime, one thread) score only {@code --encoder-texts}
 * texts, one at a time and in batches of 32; the token-state CNN also beside its encoder alone.
 */
@Command(name = "sentiment-bench", mixinStandardHelpOptions = true,
        description = "Texts/s per core of the registered sentiment models vs a tokenise-only loop.")
public final class SentimentBenchmarkCommand implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--data-dir", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--shared-data", defaultValue = "${sys:livepulse.shared.data:-../shared/data}",
            description = "Labelled corpora (default: ${DEFAULT-VALUE})")
    Path sharedData;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per loop (default: 5)")
    double seconds;

    @Option(names = "--models", split = ",", description = "Only these registry names (default: every sentiment-*)")
    List<String> only;

    @Option(names = "--encoder-texts", defaultValue = "200",
            description = "Encoder models: score only this many held-out texts per loop (default: ${DEFAULT-VALUE})")
    int encoderTexts;

    private static volatile long sink;

    @Override
    public Integer call() throws Exception {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        for (String name : registry.names()) {
            if (!name.startsWith("sentiment-") || (only != null && !only.contains(name))) {
                continue;
            }
            var verified = registry.latest(name).orElseThrow();
            if (!SentimentModels.KINDS.contains(verified.manifest().kind())) {
                continue;
            }
            try (SentimentModel model = SentimentModels.load(registry, verified)) {
                bench(name, model);
            }
        }
        return 0;
    }

    /**
     * onnxruntime runs on this thread (one intra-op thread), so thread CPU time is the cost of every kind; the
     * encoder-backed ones are ~1,000x slower than the pure-Java ones, so they run on the first {@code encoderTexts}
     * held-out texts only.
     */
    private void bench(String name, SentimentModel model) throws java.io.IOException {
        List<String> all = heldOut(name);
        List<String> texts = model.runsEncoder() ? all.subList(0, Math.min(all.size(), encoderTexts)) : all;
        double meanChars = texts.stream().mapToInt(String::length).average().orElse(0);
        double tokenizeOnly = rate(texts, model::tokenCount);
        double single = rate(texts, t -> model.score(t).label().ordinal());
        if (!model.runsEncoder()) {
            CONSOLE.info(String.format(Locale.ROOT,
                    "%-32s %6d texts (mean %5.1f chars): scorer %,9.0f texts/s/core; tokenise-only %,9.0f texts/s/core;"
                            + " ratio %.2f",
                    name, texts.size(), meanChars, single, tokenizeOnly, single / tokenizeOnly));
            return;
        }
        double batched = rate(List.of(""), t -> model.scoreAll(texts).size()) * texts.size();
        // The token CNN's own cost: the convolutions over every token state, beside its encoder alone.
        String encoderAlone = model instanceof TokenCnnSentimentModel tok ? String.format(Locale.ROOT,
                " (encoder alone %,9.1f)", rate(texts, t -> tok.encoder().tokenStates(t).length)) : "";
        CONSOLE.info(String.format(Locale.ROOT,
                "%-32s %6d texts (mean %5.1f chars): scorer %,9.1f texts/s/core one by one%s, %,9.1f in batches of"
                        + " 32; tokenise-only %,9.0f texts/s/core; ratio %.4f", name, texts.size(), meanChars,
                single, encoderAlone, batched, tokenizeOnly, single / tokenizeOnly));
    }

    private List<String> heldOut(String modelName) throws java.io.IOException {
        String corpusId = modelName.substring("sentiment-".length(), modelName.lastIndexOf('-'));
        if (corpusId.endsWith("-3c")) {
            // the three-class chat models: chat-length held-out texts of their language (Twitch chat; the
            // Chinese corpora's texts of at most SHORT_TEXT_CHARS characters)
            var all = corpusId.startsWith("zh") ? heldOut("sentiment-zh-lr")
                    : SentimentCorpus.byId("twitch").load(sharedData, 0).test().stream().map(LabeledText::text).toList();
            return all.stream().filter(t -> t.length() <= SentimentTraining.SHORT_TEXT_CHARS).toList();
        }
        if (corpusId.equals("zh")) {
            var texts = new java.util.ArrayList<String>();
            for (SentimentCorpus c : PooledChineseCorpora.MEMBERS) {
                c.load(sharedData, 0).test().forEach(t -> texts.add(t.text()));
            }
            return texts;
        }
        return SentimentCorpus.byId(corpusId).load(sharedData, 0).test().stream().map(LabeledText::text).toList();
    }

    /**
     * Texts per CPU-second of this thread (= per core, and fair on a busy machine): a warm-up of one CPU-second,
     * then whole passes over the texts for {@code seconds} of thread CPU time.
     */
    private double rate(List<String> texts, ToIntFunction<String> work) {
        return rate(texts, work, seconds);
    }

    /** Texts per CPU-second of this thread: one CPU-second of warm-up, then {@code seconds} of measured passes. */
    static double rate(List<String> texts, ToIntFunction<String> work, double seconds) {
        var cpu = ManagementFactory.getThreadMXBean();
        long warmEnd = cpu.getCurrentThreadCpuTime() + 1_000_000_000L;
        while (cpu.getCurrentThreadCpuTime() < warmEnd) {
            for (String t : texts) {
                sink += work.applyAsInt(t);
            }
        }
        long start = cpu.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 1e9);
        long done = 0;
        while (cpu.getCurrentThreadCpuTime() < end) {
            for (String t : texts) {
                sink += work.applyAsInt(t);
            }
            done += texts.size();
        }
        return done / ((cpu.getCurrentThreadCpuTime() - start) / 1e9);
    }
}
