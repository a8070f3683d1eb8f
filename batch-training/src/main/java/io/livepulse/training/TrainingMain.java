package io.livepulse.training;

import io.livepulse.training.sentiment.SentimentBenchmarkCommand;
import io.livepulse.training.sentiment.SentimentCommand;
import io.livepulse.training.sentiment.SentimentReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./livepulse train <model>}: batch training jobs. */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {SentimentCommand.class, SentimentBenchmarkCommand.class,
        SentimentReportCommand.class},
        description = "Train models and write them to the model registry.")
public final class TrainingMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(new java.io.PrintWriter(System.err, true));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingMain()).execute(args));
    }
}
