package io.livepulse.training;

import io.livepulse.training.sentiment.SentimentBenchmarkCommand;
import io.livepulse.training.sentiment.SentimentCommand;
import io.livepulse.training.sentiment.SentimentReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./livepulse train <model>}: batch training jobs. */
@Command(name = "train", mixinStandardHelpOptions = true,
        subcommands = {SentimentCommand.class, SentimentBenchmarkCommand.class, SentimentReportCommand.class},
        description = "Train models and write them to the model registry.")
public final class TrainingMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(new java.io.PrintWriter(System.err, true));
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
