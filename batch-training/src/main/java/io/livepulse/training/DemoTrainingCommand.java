package io.livepulse.training;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.training.recommend.RecommenderCommand;
import io.livepulse.training.sentiment.SentimentCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train demo}: small, quick models for {@code ./livepulse demo} when the registry has none, so the demo's
 * scoring API answers with real models within minutes. Models already in the registry are left alone.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train quick models that the registry lacks (the models serving uses by default).")
public final class DemoTrainingCommand implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    /** The models serving loads by default (serving.sentiment-model-zh/-en, serving.recommender-model). */
    static final List<String> SENTIMENT_MODELS = List.of("sentiment-zh-3c-lr", "sentiment-en-3c-lr");
    static final String RECOMMENDER_MODEL = "recommender-als";

    @Option(names = "--data-dir", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        int status = 0;
        if (SENTIMENT_MODELS.stream().anyMatch(m -> registry.versions(m).isEmpty())) {
            CONSOLE.info("demo training: three-class sentiment models per language (TF-IDF + logistic regression)");
            status |= new CommandLine(new SentimentCommand()).execute(
                    "--data-dir", dataDir.toString(), "--algorithms", "3c");
        }
        if (registry.versions(RECOMMENDER_MODEL).isEmpty()) {
            CONSOLE.info("demo training: recommenders on a small simulated log (2,000 users, 1 neural epoch)");
            status |= new CommandLine(new RecommenderCommand()).execute(
                    "--data-dir", dataDir.toString(), "--users", "2000", "--epochs", "1");
        }
        CONSOLE.info("demo training: {}", status == 0 ? "models ready in " + registry.root() : "failed, see above");
        return status;
    }
}
