package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.ChatNormalizer;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.SentimentScorer;
import io.livepulse.models.sentiment.TextCnnModel;
import io.livepulse.models.sentiment.Tokenizer;
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
 * model (TF-IDF linear and text CNN, both pure Java; the pre-trained encoder model through onnxruntime with one
 * thread, one text at a time and in batches of 32; the token-state CNN one at a time, beside its encoder alone) on
 * its corpus's held-out texts (sentiment-zh-*: the three Chinese corpora's), measured beside a tokenise-only
 * loop (normalise + the model's own tokeniser, no hashing, no weights) over the same texts in the same run.
 */
@Command(name = "sentiment-bench", mixinStandardHelpOptions = true,
        description = "Texts/s per core of the pure-Java sentiment scorers vs a tokenise-only loop.")
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
            String kind = verified.manifest().kind();
            SentimentScorer model;
            Tokenizer tokenizer;
            if (LinearSentimentModel.KIND.equals(kind)) {
                var linear = LinearSentimentModel.load(verified);
                model = linear;
                tokenizer = linear.vectorizer().tokenizer();
            } else if (TextCnnModel.KIND.equals(kind)) {
                var cnn = TextCnnModel.load(verified);
                model = cnn;
                tokenizer = cnn.symbols();
            } else if (EncoderSentimentModel.KIND.equals(kind)) {
                benchEncoder(name, verified);
                continue;
            } else if (TokenCnnSentimentModel.KIND.equals(kind)) {
                benchTokenCnn(name, verified);
                continue;
            } else {
                continue;
            }
            List<String> texts = heldOut(name);
            double meanChars = texts.stream().mapToInt(String::length).average().orElse(0);
            double tokenizeOnly = rate(texts, t -> tokenizer.tokenize(ChatNormalizer.normalize(t)).size());
            double scorer = rate(texts, t -> model.score(t).label().ordinal());
            CONSOLE.info(String.format(Locale.ROOT,
                    "%-32s %6d texts (mean %5.1f chars): scorer %,9.0f texts/s/core; tokenise-only %,9.0f texts/s/core;"
                            + " ratio %.2f",
                    name, texts.size(), meanChars, scorer, tokenizeOnly, scorer / tokenizeOnly));
        }
        return 0;
    }

    private List<String> heldOut(String modelName) throws java.io.IOException {
        String corpusId = modelName.substring("sentiment-".length(), modelName.lastIndexOf('-'));
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
     * The encoder model is ~1,000x slower than the linear ones, so it runs on the first {@code encoderTexts} held-out
     * texts only. onnxruntime runs on this thread (one intra-op thread), so thread CPU time is its cost.
     */
    private void benchEncoder(String name, ModelRegistry.VerifiedModel verified) throws java.io.IOException {
        List<String> all = heldOut(name);
        List<String> texts = all.subList(0, Math.min(all.size(), encoderTexts));
        double meanChars = texts.stream().mapToInt(String::length).average().orElse(0);
        try (var model = EncoderSentimentModel.load(verified)) {
            var tokenizer = model.encoder();
            double tokenizeOnly = rate(texts, t -> tokenizer.tokenIds(ChatNormalizer.normalize(t)).length);
            double single = rate(texts, t -> model.score(t).label().ordinal());
            double batched = rate(List.of(""), t -> model.scoreAll(texts).size()) * texts.size();
            CONSOLE.info(String.format(Locale.ROOT,
                    "%-32s %6d texts (mean %5.1f chars): scorer %,9.1f texts/s/core one by one, %,9.1f in batches of"
                            + " 32; tokenise-only %,9.0f texts/s/core; ratio %.4f", name, texts.size(), meanChars,
                    single, batched, tokenizeOnly, single / tokenizeOnly));
        }
    }

    /** The token-state CNN: the same encoder cost plus the convolutions over every token state, one text at a time. */
    private void benchTokenCnn(String name, ModelRegistry.VerifiedModel verified) throws java.io.IOException {
        List<String> all = heldOut(name);
        List<String> texts = all.subList(0, Math.min(all.size(), encoderTexts));
        double meanChars = texts.stream().mapToInt(String::length).average().orElse(0);
        var m = verified.manifest();
        try (var model = TokenCnnSentimentModel.load(verified);
                var encoder = new SentenceEncoder(PretrainedEncoder.byId((String) m.params().get("encoder")),
                        ((Number) m.params().get("maxTokens")).intValue())) {
            double tokenizeOnly = rate(texts, t -> encoder.tokenIds(ChatNormalizer.normalize(t)).length);
            double encoderOnly = rate(texts, t -> encoder.tokenStates(t).length);
            double single = rate(texts, t -> model.score(t).label().ordinal());
            CONSOLE.info(String.format(Locale.ROOT,
                    "%-32s %6d texts (mean %5.1f chars): scorer %,9.1f texts/s/core one by one (encoder alone %,9.1f);"
                            + " tokenise-only %,9.0f texts/s/core; ratio %.4f", name, texts.size(), meanChars, single,
                    encoderOnly, tokenizeOnly, single / tokenizeOnly));
        }
    }

    /**
     * Texts per CPU-second of this thread (= per core, and fair on a busy machine): a warm-up of one CPU-second,
     * then whole passes over the texts for {@code seconds} of thread CPU time.
     */
    private double rate(List<String> texts, ToIntFunction<String> work) {
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
