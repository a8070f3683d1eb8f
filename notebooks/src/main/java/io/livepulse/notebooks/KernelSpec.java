package io.livepulse.notebooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Jupyter kernelspec {@value #NAME}: the rapaio Java kernel ({@code java -jar rapaio-jupyter-kernel.jar}) with
 * LivePulse's jars on its classpath ({@code RJK_CLASSPATH}) and the data directory in {@code LIVEPULSE_DATA_DIR},
 * which {@link FeatureTables#fromEnvironment()} reads. Jupyter finds it when started with
 * {@code JUPYTER_PATH=<root>}.
 *
 * @param kernelJar the kernel's shaded jar
 * @param classpath what notebooks can import, {@link File#pathSeparator}-separated
 * @param dataDir the data directory notebooks read
 * @param corpusDir the labelled corpora ({@code shared/data}), passed on as {@code LIVEPULSE_NOTEBOOKS_CORPUS_DIR}
 * @param heapMb maximum heap of the kernel JVM
 */
public record KernelSpec(Path kernelJar, String classpath, Path dataDir, Path corpusDir, int heapMb) {
    /** The kernel name notebooks name in their metadata. */
    public static final String NAME = "livepulse-java";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String KERNEL_LOGBACK = """
            <configuration>
              <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                <target>System.err</target>
                <encoder><pattern>%-5level %logger{20} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="STDERR"/></root>
            </configuration>
            """;

    /**
     * The classpath of a built module: its jar and the runtime dependencies listed in {@code target/app.classpath}.
     *
     * @throws IllegalStateException if the module is not built
     */
    public static String moduleClasspath(Path moduleTarget) {
        Path list = moduleTarget.resolve("app.classpath");
        try (var files = Files.list(moduleTarget)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("livepulse-notebooks-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(tests|sources)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no livepulse-notebooks jar in " + moduleTarget
                            + "; run 'mvn -DskipTests package'"));
            if (!Files.exists(list)) {
                throw new IllegalStateException(list + " is missing; run 'mvn -DskipTests package'");
            }
            return jar + File.pathSeparator + Files.readString(list, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + moduleTarget, e);
        }
    }

    /** The kernel splits {@code RJK_CLASSPATH} at ';' on every platform. */
    static String kernelClasspath(String classpath) {
        return String.join(";", classpath.split(File.pathSeparator));
    }

    /** The kernel.json content. */
    Map<String, Object> kernelJson(Path specDir) {
        var argv = new ArrayList<String>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-Xmx" + heapMb + "m");
        argv.add("-Djava.awt.headless=true");
        argv.add("-Dlogback.configurationFile=" + specDir.resolve("logback.xml"));
        argv.add("-jar");
        argv.add(kernelJar.toString());
        argv.add("{connection_file}");
        var env = new LinkedHashMap<String, String>();
        env.put("RJK_CLASSPATH", kernelClasspath(classpath));
        env.put("LIVEPULSE_DATA_DIR", dataDir.toString());
        env.put("LIVEPULSE_NOTEBOOKS_CORPUS_DIR", corpusDir.toString());
        var json = new LinkedHashMap<String, Object>();
        json.put("argv", argv);
        json.put("display_name", "Java (LivePulse)");
        json.put("language", "java");
        json.put("interrupt_mode", "message");
        json.put("env", env);
        return json;
    }

    /**
     * Writes {@code <root>/kernels/livepulse-java/kernel.json} (replacing an older one) and returns its directory.
     *
     * @throws IllegalStateException if the kernel jar does not exist
     */
    public Path installInto(Path root) {
        if (!Files.isRegularFile(kernelJar)) {
            throw new IllegalStateException("The Java kernel jar " + kernelJar + " is missing; build the notebooks "
                    + "module ('mvn -DskipTests package') or set notebooks.kernel-jar");
        }
        Path dir = root.resolve("kernels").resolve(NAME);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("logback.xml"), KERNEL_LOGBACK, StandardCharsets.UTF_8);
            Path tmp = dir.resolve("kernel.json.tmp");
            JSON.writeValue(tmp.toFile(), kernelJson(dir));
            Files.move(tmp, dir.resolve("kernel.json"), StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the kernelspec into " + dir, e);
        }
    }
}
