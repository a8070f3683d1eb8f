package io.livepulse.training;

import io.livepulse.training.recommend.RecommenderCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./livepulse train <model> [options]}: one picocli subcommand per model family. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Batch training of LivePulse models.",
        subcommands = {RecommenderCommand.class})
public final class TrainingMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingMain()).execute(args));
    }
}
