package io.livepulse.platform.cluster;

import io.livepulse.platform.cluster.ClusterProcess.Probe;
import io.livepulse.platform.kafka.TopicCatalog;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./livepulse cluster up|down|status}: a real multi-process deployment on this machine, started from the
 * engines' own entry points and the jars already on the modules' runtime classpaths. Kafka: three KRaft nodes
 * (broker and controller each, storage formatted with Kafka's {@code StorageTool}); Flink: a standalone session
 * cluster (one JobManager, two TaskManagers); Spark: a standalone master and one worker. Each process runs
 * detached in a JVM of its own, with its directory, pid file and log under {@code data/cluster/<process>}.
 */
public final class LocalCluster {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String FLINK_JM = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String FLINK_TM = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String FLINK_MEMORY = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String FLINK_MEMORY_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String SPARK_MASTER = "org.apache.spark.deploy.master.Master";
    private static final String SPARK_WORKER = "org.apache.spark.deploy.worker.Worker";
    private static final String KAFKA = "kafka.Kafka";
    static final String KAFKA_STORAGE_TOOL = "kafka.tools.StorageTool";

    private final ClusterLayout layout;
    private final List<String> jvmFlags;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param jvmFlags the {@code --add-opens} list every JVM that runs Flink or Spark needs */
    public LocalCluster(ClusterLayout layout, List<String> jvmFlags) {
        this.layout = layout;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    public ClusterLayout layout() {
        return layout;
    }

    /** Every process in start order; {@code down} stops them in reverse. */
    List<ClusterProcess> processes() {
        var all = new ArrayList<ClusterProcess>();
        for (int id = 1; id <= ClusterLayout.KAFKA_NODES; id++) {
            String name = "kafka-" + id;
            all.add(new ClusterProcess(name, Probe.KAFKA, "platform", KAFKA, List.of("-Xmx384m", "-Xms384m"),
                    List.of(layout.dir(name).resolve("server.properties").toString()), Map.of(), layout.kafkaPort(id),
                    String.valueOf(id)));
        }
        String jm = "flink-jobmanager";
        all.add(new ClusterProcess(jm, Probe.FLINK_JOBMANAGER, "streaming-jobs", FLINK_JM, List.of(),
                List.of("--configDir", layout.dir(jm).resolve("conf").toString(), "--executionMode", "cluster"),
                Map.of(), layout.flinkRestPort(), ""));
        for (int id = 1; id <= ClusterLayout.TASK_MANAGERS; id++) {
            String name = "flink-taskmanager-" + id;
            all.add(new ClusterProcess(name, Probe.FLINK_TASKMANAGER, "streaming-jobs", FLINK_TM, List.of(),
                    List.of("--configDir", layout.dir(name).resolve("conf").toString()), Map.of(),
                    layout.flinkTaskManagerRpcPort(id), name));
        }
        var sparkEnv = Map.of("SPARK_HOME", sparkHome().toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", ClusterLayout.HOST, "SPARK_LOG_DIR", layout.dir("spark-worker").toString());
        all.add(new ClusterProcess("spark-master", Probe.SPARK_MASTER, "batch-training", SPARK_MASTER,
                List.of("-Xmx512m"),
                List.of("--host", ClusterLayout.HOST, "--port", String.valueOf(ClusterLayout.SPARK_MASTER_PORT),
                        "--webui-port", String.valueOf(ClusterLayout.SPARK_MASTER_WEB_PORT)),
                sparkEnv, ClusterLayout.SPARK_MASTER_WEB_PORT, ""));
        all.add(new ClusterProcess("spark-worker", Probe.SPARK_WORKER, "batch-training", SPARK_WORKER,
                List.of("-Xmx512m"),
                List.of("--host", ClusterLayout.HOST, "--port", String.valueOf(ClusterLayout.SPARK_WORKER_PORT),
                        "--webui-port", String.valueOf(ClusterLayout.SPARK_WORKER_WEB_PORT), "--cores", "2",
                        "--memory", "2g", "--work-dir", layout.dir("spark-worker").resolve("work").toString(),
                        layout.sparkMasterUrl()),
                sparkEnv, ClusterLayout.SPARK_WORKER_WEB_PORT, ""));
        return all;
    }

    /** The processes of one engine ({@code kafka}, {@code flink}, {@code spark}), or all for {@code null}. */
    List<ClusterProcess> processes(String engine) {
        return processes().stream().filter(p -> engine == null || p.name().startsWith(engine + "-")).toList();
    }

    /** Starts what is not running yet, engine by engine, waiting for each to answer its probe. */
    public void up(List<String> engines, String topicPrefix, int partitions, java.util.function.Consumer<String> out)
            throws IOException, InterruptedException {
        Files.createDirectories(layout.shared());
        writeLogbackConfig();
        for (String engine : engines) {
            switch (engine) {
                case "kafka" -> {
                    formatKafka();
                    startAll(processes("kafka"), out);
                    try (var admin = admin(layout.kafkaBootstrap())) {
                        var created = new TopicCatalog(topicPrefix, partitions, (short) ClusterLayout.KAFKA_NODES)
                                .ensureTopics(admin);
                        out.accept("kafka: topics created at replication factor " + ClusterLayout.KAFKA_NODES
                                + " (min.insync.replicas 2): " + (created.isEmpty() ? "none (all present)" : created));
                    }
                }
                case "flink" -> {
                    writeFlinkConfigs();
                    startAll(processes("flink"), out);
                }
                case "spark" -> {
                    linkSparkJars();
                    startAll(processes("spark"), out);
                }
                default -> throw new IllegalArgumentException("unknown engine '" + engine + "': kafka, flink or spark");
            }
        }
        writeClientConfig();
    }

    private void startAll(List<ClusterProcess> group, java.util.function.Consumer<String> out)
            throws IOException, InterruptedException {
        for (ClusterProcess p : group) {
            var running = runningPid(p);
            if (running.isPresent()) {
                out.accept(p.name() + ": already running (pid " + running.get() + ")");
                continue;
            }
            long pid = start(p);
            out.accept(p.name() + ": started (pid " + pid + ", log " + layout.home().relativize(layout.logFile(p.name()))
                    + ")");
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (ClusterProcess p : group) {
            while (true) {
                var health = probe(p);
                if (health.healthy()) {
                    out.accept(p.name() + ": healthy (" + health.detail() + ")");
                    break;
                }
                if (runningPid(p).isEmpty()) {
                    throw new IllegalStateException(p.name() + " exited during start-up; see "
                            + layout.logFile(p.name()));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(p.name() + " is not healthy after " + START_TIMEOUT.toSeconds()
                            + " s (" + health.detail() + "); see " + layout.logFile(p.name()));
                }
                Thread.sleep(500);
            }
        }
    }

    /** Starts {@code p} detached (its own session, output to its log file) and writes its pid file. */
    long start(ClusterProcess p) throws IOException, InterruptedException {
        Path dir = layout.dir(p.name());
        Files.createDirectories(dir);
        var command = new ArrayList<String>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // Ctrl-C in the shell that ran 'cluster up' must not reach the cluster
        }
        command.add(javaBinary());
        command.addAll(jvmFlags);
        var args = new ArrayList<>(p.args());
        if (p.probe() == Probe.FLINK_JOBMANAGER || p.probe() == Probe.FLINK_TASKMANAGER) {
            var memory = flinkMemory(p);
            command.addAll(memory.jvmParams());
            args.addAll(memory.dynamicConfigs());
        } else {
            command.addAll(p.jvmFlags());
        }
        command.add("-Dlogback.configurationFile=" + layout.root().resolve("logback.xml"));
        command.add("-Dlivepulse.cluster.log=" + layout.logFile(p.name()));
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
        command.add("-cp");
        command.add(classpath(p));
        command.add(p.mainClass());
        command.addAll(args);
        Path out = dir.resolve(p.name() + ".out");
        Files.writeString(out, "# " + java.time.Instant.now() + " started as: " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        builder.environment().putAll(p.env());
        var process = builder.start();
        Files.writeString(layout.pidFile(p.name()), process.pid() + "\n");
        LOG.debug("Started {} (pid {}): {}", p.name(), process.pid(), String.join(" ", command));
        return process.pid();
    }

    private String classpath(ClusterProcess p) throws IOException {
        if (p.probe() == Probe.SPARK_MASTER || p.probe() == Probe.SPARK_WORKER) {
            return sparkHome().resolve("jars").resolve("*").toString();
        }
        if (p.probe() == Probe.FLINK_JOBMANAGER || p.probe() == Probe.FLINK_TASKMANAGER) {
            return String.join(File.pathSeparator, flinkJars());
        }
        return String.join(File.pathSeparator, engineJars(p.module()));
    }

    /**
     * What the job jar brings itself and a Flink distribution's lib/ does not hold: Avro, Parquet, Kafka, Hadoop,
     * the sentiment runtimes, and the Flink connectors and formats over them. On the cluster's classpath they would
     * clash with the job's copies: {@code org.apache.flink.*} loads parent-first, so flink-avro from the cluster
     * would see the cluster's Avro and the job's records the job's (ClassCastException between two Avro Schemas).
     */
    static final List<String> FLINK_JOB_ONLY = List.of("/org/apache/avro/", "/org/apache/parquet/",
            "/org/apache/kafka/", "/org/apache/hadoop/", "/com/microsoft/onnxruntime/", "/ai/djl/", "/dev/langchain4j/",
            "/org/apache/flink/flink-avro/", "/org/apache/flink/flink-parquet/",
            "/org/apache/flink/flink-connector-kafka/");

    /** The Flink processes' classpath: streaming-jobs' runtime classpath without what the job jar brings. */
    List<String> flinkJars() throws IOException {
        return engineJars("streaming-jobs").stream()
                .filter(entry -> FLINK_JOB_ONLY.stream().noneMatch(entry.replace(File.separatorChar, '/')::contains))
                .toList();
    }

    /**
     * The module's runtime classpath without LivePulse's own jars: the cluster runs the engines only, and jobs
     * bring LivePulse's code in the jar submitted to it, as on any other cluster.
     */
    List<String> engineJars(String module) throws IOException {
        Path file = layout.home().resolve(module).resolve("target").resolve("app.classpath");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: build first (mvn -DskipTests package)");
        }
        return Arrays.stream(Files.readString(file).trim().split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(layout.home()))
                .toList();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The PID in the process's pid file, if that process is alive and is the one started (not a reused pid). */
    Optional<Long> runningPid(ClusterProcess p) {
        Path file = layout.pidFile(p.name());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> commandLine(h).contains(p.mainClass()))
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The full command line: ProcessHandle.Info truncates long ones (our classpaths run to tens of kB). */
    private static String commandLine(ProcessHandle h) {
        Path proc = Path.of("/proc", String.valueOf(h.pid()), "cmdline");
        try {
            if (Files.exists(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            LOG.debug("Cannot read {}: {}", proc, e.getMessage());
        }
        return h.info().commandLine().orElse("");
    }

    /** What {@code status} prints for one process. */
    public record Status(String name, Optional<Long> pid, int port, Health health) {}

    /** A probe's verdict and what it saw. */
    public record Health(boolean healthy, String detail) {}

    public List<Status> status() {
        var all = new ArrayList<Status>();
        for (ClusterProcess p : processes()) {
            var pid = runningPid(p);
            all.add(new Status(p.name(), pid, p.port(), pid.isEmpty() ? new Health(false, "not running") : probe(p)));
        }
        return all;
    }

    /**
     * Asks each process to stop (SIGTERM), engine by engine in reverse start order, and kills what is still alive
     * after 30 s. The nodes of one engine are stopped together: the last KRaft node left alone would wait for a
     * controller quorum that is gone.
     */
    public void down(java.util.function.Consumer<String> out) throws InterruptedException {
        for (String engine : List.of("spark", "flink", "kafka")) {
            var group = new ArrayList<>(processes(engine));
            java.util.Collections.reverse(group);
            var stopping = new LinkedHashMap<ClusterProcess, ProcessHandle>();
            for (ClusterProcess p : group) {
                runningPid(p).flatMap(ProcessHandle::of).ifPresent(h -> {
                    h.destroy();
                    stopping.put(p, h);
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (var entry : stopping.entrySet()) {
                var handle = entry.getValue();
                long left = Math.max(0, deadline - System.nanoTime());
                boolean stopped = handle.onExit().completeOnTimeout(null, left, TimeUnit.NANOSECONDS).join() != null;
                if (!stopped) {
                    handle.destroyForcibly();
                    handle.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
                }
                out.accept(entry.getKey().name() + ": stopped (pid " + handle.pid()
                        + (stopped ? "" : ", killed after 30 s") + ")");
            }
            for (ClusterProcess p : group) {
                try {
                    Files.deleteIfExists(layout.pidFile(p.name()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    Health probe(ClusterProcess p) {
        try {
            return switch (p.probe()) {
                case KAFKA -> probeKafka(p);
                case FLINK_JOBMANAGER -> {
                    String body = get(layout.flinkRestUrl() + "/overview");
                    yield new Health(true, "REST " + layout.flinkRestUrl() + ", " + number(body, "taskmanagers")
                            + " TaskManagers, " + number(body, "slots-total") + " slots, " + number(body, "jobs-running")
                            + " jobs running");
                }
                case FLINK_TASKMANAGER -> {
                    String body = get(layout.flinkRestUrl() + "/taskmanagers");
                    boolean registered = Pattern.compile("\"id\"\\s*:\\s*\"" + Pattern.quote(p.probeId()) + "\"")
                            .matcher(body).find();
                    yield new Health(registered, registered ? "registered with the JobManager"
                            : "not registered with the JobManager");
                }
                case SPARK_MASTER -> {
                    String body = get(layout.sparkMasterWebUrl() + "/json/");
                    boolean alive = body.matches("(?s).*\"status\"\\s*:\\s*\"ALIVE\".*");
                    yield new Health(alive, layout.sparkMasterUrl() + ", web " + layout.sparkMasterWebUrl() + ", "
                            + number(body, "aliveworkers") + " alive workers");
                }
                case SPARK_WORKER -> {
                    String body = get(layout.sparkMasterWebUrl() + "/json/");
                    boolean registered = Arrays.stream(body.split("\"id\"\\s*:")).anyMatch(worker ->
                            worker.matches("(?s).*\"port\"\\s*:\\s*" + ClusterLayout.SPARK_WORKER_PORT + "\\s*,.*")
                                    && worker.matches("(?s).*\"state\"\\s*:\\s*\"ALIVE\".*"));
                    yield new Health(registered, registered ? "ALIVE at the master, web " + layout.sparkWorkerWebUrl()
                            : "not ALIVE at the master");
                }
            };
        } catch (IOException e) {
            return new Health(false, "no answer on port " + p.port() + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(false, "interrupted");
        }
    }

    private Health probeKafka(ClusterProcess p) {
        try (var admin = admin(ClusterLayout.HOST + ":" + p.port())) {
            var cluster = admin.describeCluster();
            var nodes = cluster.nodes().get(5, TimeUnit.SECONDS);
            String controller = String.valueOf(cluster.controller().get(5, TimeUnit.SECONDS).id());
            boolean self = nodes.stream().anyMatch(n -> String.valueOf(n.id()).equals(p.probeId()));
            return new Health(self, "node " + p.probeId() + ", " + nodes.size() + " brokers live, controller node "
                    + controller);
        } catch (Exception e) {
            return new Health(false, "no answer on port " + p.port() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    private String get(String url) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + url);
        }
        return response.body();
    }

    private static String number(String json, String field) {
        var m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    // ---- Kafka --------------------------------------------------------------------------------------------------

    /** server.properties of KRaft node {@code id}: broker and controller, replication 3, min.insync.replicas 2. */
    Properties kafkaNodeProperties(int id) {
        var props = new Properties();
        String host = ClusterLayout.HOST;
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(id)),
                Map.entry("controller.quorum.voters", layout.controllerQuorum()),
                Map.entry("listeners", "PLAINTEXT://" + host + ":" + layout.kafkaPort(id) + ",CONTROLLER://" + host
                        + ":" + layout.kafkaControllerPort(id)),
                Map.entry("advertised.listeners", "PLAINTEXT://" + host + ":" + layout.kafkaPort(id)),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", layout.dir("kafka-" + id).resolve("data").toString()),
                Map.entry("num.partitions", "4"),
                Map.entry("default.replication.factor", "3"),
                Map.entry("min.insync.replicas", "2"),
                Map.entry("unclean.leader.election.enable", "false"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "3"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "3"),
                Map.entry("transaction.state.log.min.isr", "2"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("share.coordinator.state.topic.replication.factor", "3"),
                Map.entry("share.coordinator.state.topic.min.isr", "2"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024))));
        return props;
    }

    /** Writes each node's server.properties and formats its storage with Kafka's own StorageTool on first use. */
    private void formatKafka() throws IOException, InterruptedException {
        Path idFile = layout.root().resolve("kafka-cluster-id");
        if (!Files.exists(idFile)) {
            Files.createDirectories(layout.root());
            Files.writeString(idFile, Uuid.randomUuid() + "\n");
        }
        String clusterId = Files.readString(idFile).trim();
        for (int id = 1; id <= ClusterLayout.KAFKA_NODES; id++) {
            Path dir = Files.createDirectories(layout.dir("kafka-" + id));
            Path config = dir.resolve("server.properties");
            try (var writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                kafkaNodeProperties(id).store(writer, "kafka-" + id + " of the LivePulse local cluster (generated)");
            }
            if (Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                continue;
            }
            var command = new ArrayList<String>(List.of(javaBinary(),
                    "-Dlogback.configurationFile=" + layout.root().resolve("logback.xml"),
                    "-Dlivepulse.cluster.log=" + layout.logFile("kafka-" + id),
                    "-cp", String.join(File.pathSeparator, engineJars("platform")), KAFKA_STORAGE_TOOL, "format",
                    "--cluster-id", clusterId, "--config", config.toString()));
            var process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka-" + id + ".out").toFile()))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Kafka's StorageTool could not format " + dir + "; see "
                        + dir.resolve("kafka-" + id + ".out"));
            }
        }
    }

    // ---- Flink --------------------------------------------------------------------------------------------------

    /** config.yaml of the JobManager ({@code taskManager} 0) or of TaskManager {@code taskManager}. */
    Map<String, String> flinkConfig(int taskManager) {
        var conf = new LinkedHashMap<String, String>();
        String host = ClusterLayout.HOST;
        conf.put("jobmanager.rpc.address", host);
        conf.put("jobmanager.rpc.port", String.valueOf(ClusterLayout.FLINK_RPC_PORT));
        conf.put("jobmanager.bind-host", host);
        conf.put("rest.address", host);
        conf.put("rest.bind-address", host);
        conf.put("rest.port", String.valueOf(ClusterLayout.FLINK_REST_PORT));
        conf.put("blob.server.port", String.valueOf(ClusterLayout.FLINK_BLOB_PORT));
        conf.put("jobmanager.memory.process.size", "1024m");
        conf.put("taskmanager.memory.process.size", "1280m");
        conf.put("taskmanager.numberOfTaskSlots", "2");
        conf.put("parallelism.default", "2");
        // Spread a job's slots over both TaskManagers (Flink fills one first by default), so a TaskManager kill
        // hits a running job.
        conf.put("taskmanager.load-balance.mode", "SLOTS");
        conf.put("web.submit.enable", "true");
        // The shaded job jar is ~400 MB (its native sentiment libraries); Flink's REST limit is 100 MB by default.
        conf.put("rest.server.max-content-length", String.valueOf(1024L * 1024 * 1024));
        conf.put("web.cancel.enable", "true");
        conf.put("web.upload.dir", layout.dir("flink-jobmanager").resolve("uploads").toString());
        // A job's main() runs inside the JobManager on REST submission: its System.exit must not stop the JobManager.
        conf.put("cluster.intercept-user-system-exit", "THROW");
        conf.put("execution.checkpointing.dir", layout.shared().resolve("flink").resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.savepoint-dir",
                layout.shared().resolve("flink").resolve("savepoints").toUri().toString());
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "100");
        conf.put("restart-strategy.fixed-delay.delay", "2 s");
        conf.put("heartbeat.timeout", "15000");
        conf.put("heartbeat.interval", "3000");
        String self = taskManager == 0 ? "flink-jobmanager" : "flink-taskmanager-" + taskManager;
        conf.put("io.tmp.dirs", layout.dir(self).resolve("tmp").toString());
        if (taskManager > 0) {
            conf.put("taskmanager.resource-id", self);
            conf.put("taskmanager.host", host);
            conf.put("taskmanager.bind-host", host);
            conf.put("taskmanager.rpc.port", String.valueOf(layout.flinkTaskManagerRpcPort(taskManager)));
            conf.put("taskmanager.data.port", String.valueOf(layout.flinkTaskManagerDataPort(taskManager)));
        }
        return conf;
    }

    private void writeFlinkConfigs() throws IOException {
        for (int tm = 0; tm <= ClusterLayout.TASK_MANAGERS; tm++) {
            String name = tm == 0 ? "flink-jobmanager" : "flink-taskmanager-" + tm;
            Path conf = Files.createDirectories(layout.dir(name).resolve("conf"));
            Files.createDirectories(layout.dir(name).resolve("tmp"));
            var yaml = new StringBuilder("# ").append(name).append(" of the LivePulse local cluster (generated)\n");
            flinkConfig(tm).forEach((k, v) -> yaml.append(k).append(": ").append(yamlValue(v)).append('\n'));
            Files.writeString(conf.resolve("config.yaml"), yaml.toString());
        }
    }

    private static String yamlValue(String v) {
        return v.matches("[A-Za-z0-9_./:-]+( [a-z]+)?") ? v : "'" + v.replace("'", "''") + "'";
    }

    private record FlinkMemory(List<String> jvmParams, List<String> dynamicConfigs) {}

    /**
     * The JVM memory flags and dynamic settings Flink's own start scripts compute with {@code BashJavaUtils} from
     * the process size in config.yaml, so the heap, direct and metaspace limits match what Flink budgets.
     */
    private FlinkMemory flinkMemory(ClusterProcess p) throws IOException, InterruptedException {
        String command = p.probe() == Probe.FLINK_JOBMANAGER ? "GET_JM_RESOURCE_PARAMS" : "GET_TM_RESOURCE_PARAMS";
        var process = new ProcessBuilder(javaBinary(), "-Xmx128m",
                "-Dlogback.configurationFile=" + layout.root().resolve("logback.xml"),
                "-Dlivepulse.cluster.log=" + layout.logFile(p.name()), "-cp", classpath(p),
                FLINK_MEMORY, command, "--configDir", layout.dir(p.name()).resolve("conf").toString())
                .redirectErrorStream(true).start();
        var results = new ArrayList<String>();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        for (String line : output.split("\n")) {
            if (line.startsWith(FLINK_MEMORY_RESULT)) {
                results.add(line.substring(FLINK_MEMORY_RESULT.length()).trim());
            }
        }
        if (results.size() < 2) {
            throw new IllegalStateException("Flink's BashJavaUtils " + command + " gave no memory settings:\n" + output);
        }
        return new FlinkMemory(words(results.get(0)), words(results.get(1)));
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isBlank()).toList();
    }

    // ---- Spark --------------------------------------------------------------------------------------------------

    /**
     * A SPARK_HOME whose {@code jars/} links the Spark jars of batch-training's classpath (from the local Maven
     * repository): the worker builds each executor's classpath from it, as in a Spark distribution.
     */
    Path sparkHome() {
        return layout.root().resolve("spark-home");
    }

    /**
     * Groups on batch-training's classpath that are the training app's own dependencies, not Spark's: DL4J and ND4J
     * (the neural models, trained on the driver), the encoder runtimes, picocli and the charts. They stay out of
     * the SPARK_HOME built here and go on the driver's classpath only ({@code --driver-class-path}).
     */
    static final List<String> TRAINING_APP_GROUPS = List.of("ai/djl/", "com/microsoft/onnxruntime/", "dev/langchain4j/",
            "org/deeplearning4j/", "org/nd4j/", "org/bytedeco/", "info/picocli/", "org/jfree/", "com/github/oshi/",
            "net/ericaro/", "com/jakewharton/", "com/google/flatbuffers/", "pl/edu/icm/", "com/github/wendykierp/");

    private static boolean trainingAppJar(String entry) {
        String path = entry.replace(File.separatorChar, '/');
        return TRAINING_APP_GROUPS.stream().anyMatch(g -> path.contains("/repository/" + g));
    }

    /**
     * The spark-submit command (client deploy mode: the driver runs in this JVM, executors on the worker) for
     * {@code TrainingMain} with {@code trainingArgs}. {@code --jars}, shipped to the executors, is LivePulse's
     * models, schemas and platform jars only (~0.6 MB); Spark's own jars come from the worker's SPARK_HOME.
     */
    public List<String> sparkSubmitCommand(List<String> trainingArgs) throws IOException {
        Path home = layout.home();
        var driverOnly = new ArrayList<String>();
        for (String entry : engineJars("batch-training")) {
            if (trainingAppJar(entry)) {
                driverOnly.add(entry);
            }
        }
        String executorOpts = String.join(" ", jvmFlags);
        var command = new ArrayList<String>(List.of(javaBinary()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-Xmx2g", "-Dlivepulse.home=" + home,
                "-Dlivepulse.log.dir=" + layout.dir("spark-submit"), "-Dlivepulse.app=train",
                // platform's jar first for its logback.xml: the driver's console shows the training's progress
                // and its log file (data/cluster/spark-submit/train.log) the libraries' messages.
                "-cp", moduleJar("platform") + File.pathSeparator + sparkHome().resolve("jars").resolve("*")
                        + File.pathSeparator + String.join(File.pathSeparator, driverOnly),
                "org.apache.spark.deploy.SparkSubmit",
                "--master", layout.sparkMasterUrl(), "--deploy-mode", "client",
                "--class", "io.livepulse.training.TrainingMain",
                "--jars", String.join(",", moduleJar("models"), moduleJar("schemas"), moduleJar("platform")),
                "--conf", "spark.driver.host=" + ClusterLayout.HOST,
                "--conf", "spark.driver.bindAddress=" + ClusterLayout.HOST,
                "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.extraJavaOptions=" + executorOpts,
                moduleJar("batch-training")));
        command.addAll(trainingArgs);
        return command;
    }

    /** The module's own jar (not -tests, -sources or the shaded -job jar). */
    String moduleJar(String module) throws IOException {
        Path target = layout.home().resolve(module).resolve("target");
        try (var jars = Files.list(target)) {
            return jars.map(Path::toString)
                    .filter(p -> p.matches(".*/livepulse-[a-z-]+-[0-9][^/]*\\.jar"))
                    .filter(p -> !p.matches(".*-(tests|sources|job)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in " + target + ": build first"));
        }
    }

    private void linkSparkJars() throws IOException {
        Path jars = Files.createDirectories(sparkHome().resolve("jars"));
        for (String entry : engineJars("batch-training")) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || trainingAppJar(entry)) {
                continue;
            }
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
    }

    // ---- shared -------------------------------------------------------------------------------------------------

    private void writeLogbackConfig() throws IOException {
        Files.createDirectories(layout.root());
        Files.writeString(layout.root().resolve("logback.xml"), """
                <configuration>
                  <!-- Every process of the local cluster logs to its own file, data/cluster/<process>/<process>.log. -->
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>${livepulse.cluster.log}</file>
                    <append>true</append>
                    <encoder><pattern>%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="org.apache.kafka.controller" level="INFO"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <logger name="org.apache.flink" level="INFO"/>
                  <logger name="org.apache.spark" level="INFO"/>
                  <logger name="org.apache.hadoop" level="WARN"/>
                  <logger name="org.apache.pekko" level="WARN"/>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """);
    }

    /**
     * {@code data/cluster/client.properties}: the settings that point any LivePulse app at this cluster (only keys
     * every app knows, so each can be given it with {@code --config}).
     */
    public Path clientConfig() {
        return layout.root().resolve("client.properties");
    }

    private void writeClientConfig() throws IOException {
        var props = new TreeMap<String, String>();
        props.put("kafka.bootstrap-servers", layout.kafkaBootstrap());
        props.put("kafka.replication-factor", String.valueOf(ClusterLayout.KAFKA_NODES));
        props.put("data.dir", layout.shared().resolve("data").toString());
        var text = new StringBuilder("# Points LivePulse apps at the local cluster: ./livepulse <app> --config ")
                .append(layout.home().relativize(clientConfig())).append('\n');
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(clientConfig(), text.toString());
    }
}
