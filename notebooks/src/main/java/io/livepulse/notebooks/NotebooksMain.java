package io.livepulse.notebooks;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./livepulse notebooks}: writes the LivePulse Java kernelspec (this JVM's classpath on the kernel's) and
 * starts Jupyter on loopback in the notebooks directory; prints the URL with its token when Jupyter answers.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true,
        description = "Jupyter with the Java kernel over LivePulse's jars and features.")
public final class NotebooksMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NotebooksMain.class);
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    @Option(names = "--config", description = "Settings file (properties); environment variables override it.")
    Path configFile;

    public static void main(String[] args) {
        var cli = new CommandLine(new NotebooksMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalStateException || e instanceof ConfigException) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var settings = Settings.load(Optional.ofNullable(configFile), System.getenv());
        var config = NotebooksConfig.from(settings);
        settings.check();
        var spec = new KernelSpec(config.kernelJar(), System.getProperty("java.class.path"), config.dataDir(),
                config.corpusDir(), config.kernelHeapMb());
        Path specDir = spec.installInto(config.jupyterPath());
        LOG.info("Kernelspec {} written to {} (data dir {})", KernelSpec.NAME, specDir, config.dataDir());
        var server = JupyterServer.start(config, config.jupyterPath(), Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "jupyter-stop"));
        CONSOLE.info("LivePulse notebooks ready at {}", server.url());
        return server.waitFor();
    }
}
