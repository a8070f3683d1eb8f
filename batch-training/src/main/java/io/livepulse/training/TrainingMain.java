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
            DemoTrainingCommand.class,
            RegistryPruneCommand.class,
            SentimentCommand.class,
            SentimentBenchmarkCommand.class,
            SentimentReportCommand.class
        })
public final class TrainingMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(new PrintWriter(System.err, true));
    }

    /** The command line, with bad arguments reported as one line and exit code 2 instead of a stack trace. */
    public static CommandLine commandLine() {
        var cli = new CommandLine(new TrainingMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("train: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
