package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.PretrainedEncoder;
import io.livepulse.training.RegistryPruneCommand;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train sentiment}: the TF-IDF baselines, the text CNN and the pre-trained-encoder model on every corpus, into
 * the model registry.
 */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = "Train TF-IDF + logistic regression and naive Bayes sentiment models per corpus (Spark MLlib),"
                + " a text CNN and a frozen pre-trained encoder + dense head (Deeplearning4j), and register them under"
                + " <data.dir>/models/sentiment-<corpus>-<lr|nb|cnn|enc>/.")
public final class SentimentCommand implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--config", description = "Properties file; reads data.dir")
    Path config;

    @Option(names = "--data-dir", description = "Data directory (default: data.dir from --config, else data)")
    Path dataDir;

    @Option(names = "--shared-data", description = "Labelled corpora (default: ${DEFAULT-VALUE})",
            defaultValue = "${sys:livepulse.shared.data:-../shared/data}")
    Path sharedData;

    @Option(names = "--corpus", split = ",",
            description = "Corpora: chnsenticorp, waimai, online-shopping, sst2, twitch (default: all)")
    List<String> corpora;

    @Option(names = "--algorithms", split = ",", description = "3c (three-class models per language,"
            + " sentiment-<zh|en>-3c-<lr|enc|ens>, see --kinds-3c), lr, nb, cnn, enc (each also rebuilds the ensemble),"
            + " tok (CNN over the frozen encoder's token states), ens (the ensemble alone, from registered models)"
            + " (default: 3c, lr, nb, cnn, enc)")
    List<String> algorithms;

    @Option(names = "--languages", split = ",", description = "3c: languages, zh and/or en (default: zh,en)")
    List<String> languages;

    @Option(names = "--normalization", description = "3c: ChatNormalizer level, chat or basic (default: chat;"
            + " basic is the ablation)")
    String normalization = "chat";

    @Option(names = "--binary-weight", split = ",", description = "3c: loss weight of two-class rows; several values"
            + " (with --validation) try each (default: 0.1, chosen on validation)")
    List<Double> binaryWeights;

    @Option(names = "--reg-param-3c", description = "3c: logistic regression L2 strength (default: 0.01,"
            + " chosen on validation)")
    Double threeClassRegParam;

    @Option(names = "--kinds-3c", split = ",", description = "3c: the three-class kinds, in this order: lr (TF-IDF +"
            + " LR), enc (encoder + trained head), ens (ensemble of the earlier ones) (default: lr,enc,ens)")
    List<String> threeClassKinds;

    @Option(names = "--encoder-binary-share", description = "3c enc: two-class training rows sampled, as a multiple"
            + " of the three-class training rows (default: ${DEFAULT-VALUE})")
    double encoderBinaryShare = 0.5;

    @Option(names = "--bench-seconds", description = "3c: CPU-seconds of each registered model's speed measurement"
            + " (default: ${DEFAULT-VALUE})")
    double benchSeconds = 3;

    @Option(names = "--results-json", description = "3c: also write every run's per-corpus report to this JSON file")
    Path resultsJson;

    @Option(names = "--pooled-zh", description = "lr/nb: also train sentiment-zh-<lr|nb> on the three Chinese corpora"
            + " pooled (each corpus's held-out texts removed), evaluated per corpus")
    boolean pooledZh;

    @Option(names = "--encoder-cache", description = "Where encoder outputs are cached (default: <data-dir>/encoder-cache)")
    Path encoderCache;

    @Option(names = "--head-hidden", split = ",", description = "enc: hidden units of the dense head, 0 = logistic"
            + " regression on the encoder features; several values (with --validation) try each (default: 256)")
    List<Integer> headHidden;

    @Option(names = "--pooling", split = ",", description = "enc: pooled encoder blocks joined by '+', from cls, mean,"
            + " max; several sets (with --validation) try each (default: cls+mean+max)")
    List<String> pooling;

    @Option(names = "--head-dropout", description = "enc: keep probability before the output layer (default: 0.5)")
    double headDropout = EncoderParams.defaults().dropout();

    @Option(names = "--head-l2", description = "enc: L2 weight decay of the head (default: 1e-4)")
    double headL2 = EncoderParams.defaults().l2();

    @Option(names = "--token-encoder-en", description = "tok: English encoder, bge-small-en-v1.5 or all-minilm-l6-v2"
            + " (default: ${DEFAULT-VALUE})")
    String tokenEncoderEn = TokenCnnParams.defaults().encoderEn();

    @Option(names = "--encoder-en", description = "enc: English encoder, bge-small-en-v1.5 or all-minilm-l6-v2"
            + " (default: ${DEFAULT-VALUE}, chosen on SST-2 dev)")
    String encoderEn = PretrainedEncoder.BGE_SMALL_EN.id();

    @Option(names = "--encoder-max-tokens-en", description = "enc: English texts are cut to this many word pieces"
            + " (default: ${DEFAULT-VALUE}, as tok, so that both read one token-state cache)")
    int encoderMaxTokensEn = TokenCnnParams.defaults().maxTokensEn();

    @Option(names = "--token-epochs", description = "tok: epochs at most; early stopping on validation (default: 12)")
    int tokenEpochs = TokenCnnParams.defaults().epochs();

    @Option(names = "--token-widths", split = ",", description = "tok: convolution widths in tokens (default: 1,2,3)")
    List<Integer> tokenWidths = TokenCnnParams.defaults().widths();

    @Option(names = "--token-filters", description = "tok: filters per width (default: 128)")
    int tokenFilters = TokenCnnParams.defaults().filters();

    @Option(names = "--token-batch", description = "tok: minibatch size (default: 32)")
    int tokenBatch = TokenCnnParams.defaults().batchSize();

    @Option(names = "--token-patience", description = "tok: epochs without a better validation accuracy before"
            + " stopping (default: 3)")
    int tokenPatience = TokenCnnParams.defaults().patience();

    @Option(names = "--epochs", description = "CNN epochs at most; early stopping on validation (default: 8)")
    int epochs = NeuralParams.defaults().epochs();

    @Option(names = "--max-train", description = "At most this many training texts per corpus, 0 = all (default: 0)")
    int maxTrain;

    @Option(names = "--reg-param", description = "Logistic regression L2 strength (default: 0.001, chosen on validation cuts)")
    double regParam = SentimentParams.defaults().regParam();

    @Option(names = "--smoothing", description = "Naive Bayes smoothing (default: 0.2)")
    double smoothing = SentimentParams.defaults().smoothing();

    @Option(names = "--standardize", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Standardise features in logistic regression (default: false, chosen on validation cuts)")
    boolean standardize;

    @Option(names = "--validation", description = "Tune: evaluate on a validation cut of the training split,"
            + " register nothing")
    boolean validation;

    @Override
    public Integer call() throws IOException {
        Path data = dataDir != null ? dataDir : dataDirFromConfig();
        var d = SentimentParams.defaults();
        var params = new SentimentParams(d.numFeatures(), regParam, d.maxIter(), smoothing, d.neutralBand(), maxTrain,
                standardize, validation);
        // --pooled-zh alone trains only the pooled Chinese models
        var which = corpora == null ? (pooledZh ? List.<SentimentCorpus>of() : List.of(SentimentCorpus.values()))
                : corpora.stream().map(String::strip).map(SentimentCorpus::byId).toList();
        var algos = new ArrayList<LinearSentimentModel.Algorithm>();
        boolean cnn = false;
        boolean enc = false;
        boolean ens = false;
        boolean tok = false;
        boolean threeClass = false;
        for (String a : algorithms == null ? List.of("3c", "lr", "nb", "cnn", "enc") : algorithms) {
            switch (a.strip()) {
                case "3c" -> threeClass = true;
                case "lr" -> algos.add(LinearSentimentModel.Algorithm.LOGISTIC);
                case "nb" -> algos.add(LinearSentimentModel.Algorithm.NAIVE_BAYES);
                case "cnn" -> cnn = true;
                case "enc" -> enc = true;
                case "ens" -> ens = true;
                case "tok" -> tok = true;
                default -> throw new IllegalArgumentException("Unknown algorithm '" + a + "'; use 3c, lr, nb, cnn, enc,"
                        + " tok or ens");
            }
        }
        var encoderRuns = encoderRuns();
        if (encoderRuns.size() > 1 && !validation) {
            throw new IllegalArgumentException("Several --head-hidden / --pooling values are for tuning: add"
                    + " --validation, or give one of each");
        }
        var neuralParams = NeuralParams.defaults().withRun(epochs, maxTrain);
        var tokenParams = TokenCnnParams.defaults().withRun(tokenEncoderEn, tokenWidths, tokenFilters, tokenEpochs,
                tokenPatience, tokenBatch);
        if (!Files.isDirectory(sharedData)) {
            throw new IllegalArgumentException("Shared data directory " + sharedData.toAbsolutePath()
                    + " does not exist; pass --shared-data");
        }
        var registry = new ModelRegistry(data.resolve("models"), RegistryPruneCommand.keepVersions(config));
        // Spark only for the TF-IDF models: the neural ones train in this JVM without it.
        try (SparkSession spark = algos.isEmpty() && !threeClass ? null : localSpark()) {
            Path cacheDir = encoderCache != null ? encoderCache : data.resolve("encoder-cache");
            if (threeClass) {
                trainThreeClass(spark, registry, cacheDir);
            }
            var training = spark == null ? null : new SentimentTraining(spark, registry, sharedData);
            var neural = new NeuralSentimentTraining(registry, sharedData);
            var encoded = new EncoderSentimentTraining(registry, sharedData, cacheDir);
            var tokens = new TokenCnnSentimentTraining(registry, sharedData, cacheDir);
            int total = which.size() * (algos.size() + (cnn ? 1 : 0) + (enc ? encoderRuns.size() : 0) + (ens ? 1 : 0)
                    + (tok ? 1 : 0));
            int done = 0;
            long start = System.nanoTime();
            if (pooledZh) {
                for (var algorithm : algos) {
                    CONSOLE.info("training {} on the Chinese corpora pooled ...",
                            SentimentTraining.pooledChineseName(algorithm));
                    for (var result : training.trainPooledChinese(algorithm, params)) {
                        CONSOLE.info("{} on {}", SentimentTraining.summary(result), result.corpus().id());
                    }
                }
            }
            for (SentimentCorpus corpus : which) {
                for (var algorithm : algos) {
                    CONSOLE.info("[{}/{}] training {} ...", done + 1, total, SentimentTraining.modelName(corpus, algorithm));
                    var result = training.train(corpus, algorithm, params);
                    done++;
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    CONSOLE.info("[{}/{}] {}; elapsed {} s, ETA {} s", done, total, SentimentTraining.summary(result),
                            String.format(Locale.ROOT, "%.0f", elapsed),
                            String.format(Locale.ROOT, "%.0f", elapsed / done * (total - done)));
                }
                if (cnn) {
                    CONSOLE.info("[{}/{}] training sentiment-{}-cnn (Deeplearning4j, CPU) ...", done + 1, total,
                            corpus.id());
                    var result = neural.train(corpus, neuralParams, validation);
                    done++;
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    CONSOLE.info("[{}/{}] {}; elapsed {} s, ETA {} s", done, total, SentimentTraining.summary(result),
                            String.format(Locale.ROOT, "%.0f", elapsed),
                            String.format(Locale.ROOT, "%.0f", elapsed / done * (total - done)));
                }
                if (tok) {
                    CONSOLE.info("[{}/{}] training sentiment-{}-tok (CNN over frozen encoder token states) ...",
                            done + 1, total, corpus.id());
                    var result = tokens.train(corpus, tokenParams, validation);
                    done++;
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    CONSOLE.info("[{}/{}] {}; elapsed {} s, ETA {} s", done, total, SentimentTraining.summary(result),
                            String.format(Locale.ROOT, "%.0f", elapsed),
                            String.format(Locale.ROOT, "%.0f", elapsed / done * (total - done)));
                }
                if (ens) {
                    CONSOLE.info("[{}/{}] ensemble sentiment-{}-ens from the registered models ...", done + 1, total,
                            corpus.id());
                    var result = encoded.ensemble(corpus, validation);
                    done++;
                    result.ifPresent(r -> CONSOLE.info("{}", SentimentTraining.summary(r)));
                }
                for (EncoderParams run : enc ? encoderRuns : List.<EncoderParams>of()) {
                    CONSOLE.info("[{}/{}] training sentiment-{}-enc (pre-trained encoder + Deeplearning4j head) ...",
                            done + 1, total, corpus.id());
                    var pre = corpus.language() == io.livepulse.models.sentiment.Language.EN
                            ? PretrainedEncoder.byId(encoderEn) : PretrainedEncoder.forLanguage(corpus.language());
                    var results = encoded.train(corpus, run, validation, pre);
                    done++;
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    for (var result : results) {
                        CONSOLE.info("[{}/{}] {}; elapsed {} s, ETA {} s", done, total,
                                SentimentTraining.summary(result), String.format(Locale.ROOT, "%.0f", elapsed),
                                String.format(Locale.ROOT, "%.0f", elapsed / done * (total - done)));
                    }
                }
            }
        }
        CONSOLE.info("Sentiment models written under {}", registry.root().toAbsolutePath());
        return 0;
    }

    private void trainThreeClass(SparkSession spark, ModelRegistry registry, Path cacheDir) throws IOException {
        if (binaryWeights != null && binaryWeights.size() > 1 && !validation) {
            throw new IllegalArgumentException("Several --binary-weight values are for tuning: add --validation, or"
                    + " give one");
        }
        var level = switch (normalization.strip().toLowerCase(Locale.ROOT)) {
            case "chat" -> io.livepulse.models.sentiment.ChatNormalizer.Level.CHAT;
            case "basic" -> io.livepulse.models.sentiment.ChatNormalizer.Level.BASIC;
            default -> throw new IllegalArgumentException("--normalization '" + normalization + "': use chat or basic");
        };
        var langs = (languages == null ? List.of("zh", "en") : languages).stream()
                .map(l -> io.livepulse.models.sentiment.Language.valueOf(l.strip().toUpperCase(Locale.ROOT))).toList();
        var which = threeClassKinds == null ? List.of("lr", "enc", "ens") : threeClassKinds.stream().map(String::strip)
                .toList();
        for (String k : which) {
            if (!List.of("lr", "enc", "ens").contains(k)) {
                throw new IllegalArgumentException("--kinds-3c '" + k + "': use lr, enc and/or ens");
            }
        }
        var experiment = new ThreeClassExperiment(registry, sharedData, benchSeconds);
        var reports = new ArrayList<Object>();
        var d = ThreeClassLinear.Params.defaults();
        for (var language : langs) {
            for (double w : binaryWeights == null ? List.of(d.binaryWeight()) : binaryWeights) {
                var kinds = new ArrayList<ThreeClassKind>();
                if (which.contains("lr")) {
                    kinds.add(new ThreeClassLinear(spark, new ThreeClassLinear.Params(d.numFeatures(),
                            threeClassRegParam == null ? d.regParam() : threeClassRegParam, d.maxIter(), w, level)));
                }
                if (which.contains("enc")) {
                    var pre = language == io.livepulse.models.sentiment.Language.EN ? PretrainedEncoder.byId(encoderEn)
                            : PretrainedEncoder.forLanguage(language);
                    kinds.add(new ThreeClassEncoderHead(cacheDir, pre, encoderRuns().get(0), encoderBinaryShare));
                }
                if (which.contains("ens")) {
                    kinds.add(new ThreeClassEnsemble(20));
                }
                reports.add(experiment.run(language, kinds, validation).toMap());
                if (resultsJson != null) {
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                            .writeValue(resultsJson.toFile(), reports);
                }
            }
        }
    }

    /** One head setting per (pooling set, hidden size) pair. */
    List<EncoderParams> encoderRuns() {
        var d = EncoderParams.defaults();
        var runs = new ArrayList<EncoderParams>();
        for (String set : pooling == null ? List.of(String.join("+", d.pooling())) : pooling) {
            var blocks = List.of(set.strip().split("\\+"));
            for (int hidden : headHidden == null ? List.of(d.hidden()) : headHidden) {
                runs.add(d.with(blocks, hidden, headDropout, headL2, encoderMaxTokensEn));
            }
        }
        return runs;
    }

    private Path dataDirFromConfig() throws IOException {
        if (config == null) {
            return Path.of("data");
        }
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(config)) {
            props.load(in);
        }
        return Path.of(props.getProperty("data.dir", "data"));
    }

    /** Spark in this JVM on two cores, no UI; under spark-submit, the cluster it was given. */
    public static SparkSession localSpark() {
        var builder = SparkSession.builder().appName("livepulse-train-sentiment");
        if (System.getProperty("spark.master") == null) {
            builder.master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "localhost");
        }
        return builder.getOrCreate();
    }
}
