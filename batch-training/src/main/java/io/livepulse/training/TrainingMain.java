package io.livepulse.training;

import io.livepulse.training.recommend.RecommenderCommand;
import io.livepulse.training.sentiment.SentimentBenchmarkCommand;
import io.livepulse.training.sentiment.SentimentCommand;
import io.livepulse.training.sentiment.SentimentReportCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./livepulse train <model> [options]}: one picocli subcommand per model family. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train models and write them to the model registry.",
        subcommands = {
            RecommenderCommand.class,
            SentimentCommand.class,
            SentimentBenchmarkCommand.class,
            SentimentReportCommand.class
        })
public final class TrainingMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(new PrintWriter(System.err, true));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingMain()).execute(args));
    }
}
