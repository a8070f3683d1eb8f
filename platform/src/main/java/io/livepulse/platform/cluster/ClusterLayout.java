package io.livepulse.platform.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where the local cluster's processes listen and keep their files: everything under {@code <home>/data/cluster},
 * one directory per process (its config, data, pid file and log), plus {@code shared/} for what every process
 * must see (checkpoints, savepoints). All ports are on 127.0.0.1 and lie in 27000-29999, away from the demo's
 * (collector 8081, serving 8080, Flink web UI 8082, Prometheus 9090, Flink reporter 9250-9260, broker 19092).
 */
public record ClusterLayout(Path home, Path root) {
    public static final String HOST = "127.0.0.1";
    public static final int KAFKA_NODES = 3;
    public static final int TASK_MANAGERS = 2;
    static final int KAFKA_CLIENT_PORT = 29092;
    static final int KAFKA_CONTROLLER_PORT = 29192;
    static final int FLINK_REST_PORT = 28081;
    static final int FLINK_RPC_PORT = 28123;
    static final int FLINK_BLOB_PORT = 28124;
    static final int FLINK_TM_RPC_PORT = 28125;
    static final int FLINK_TM_DATA_PORT = 28135;
    static final int SPARK_MASTER_PORT = 27077;
    static final int SPARK_MASTER_WEB_PORT = 28090;
    static final int SPARK_WORKER_PORT = 27078;
    static final int SPARK_WORKER_WEB_PORT = 28091;

    public static ClusterLayout under(Path home) {
        Path abs = home.toAbsolutePath().normalize();
        return new ClusterLayout(abs, abs.resolve("data").resolve("cluster"));
    }

    /** Node {@code id} (1-based) of the Kafka KRaft quorum: its client port. */
    public int kafkaPort(int id) {
        return KAFKA_CLIENT_PORT + id - 1;
    }

    int kafkaControllerPort(int id) {
        return KAFKA_CONTROLLER_PORT + id - 1;
    }

    /** {@code 127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094}: what clients put in {@code kafka.bootstrap-servers}. */
    public String kafkaBootstrap() {
        var servers = new ArrayList<String>();
        for (int id = 1; id <= KAFKA_NODES; id++) {
            servers.add(HOST + ":" + kafkaPort(id));
        }
        return String.join(",", servers);
    }

    String controllerQuorum() {
        var voters = new ArrayList<String>();
        for (int id = 1; id <= KAFKA_NODES; id++) {
            voters.add(id + "@" + HOST + ":" + kafkaControllerPort(id));
        }
        return String.join(",", voters);
    }

    public int flinkRestPort() {
        return FLINK_REST_PORT;
    }

    /** The Flink web UI and REST API. */
    public String flinkRestUrl() {
        return "http://" + HOST + ":" + FLINK_REST_PORT;
    }

    int flinkTaskManagerRpcPort(int id) {
        return FLINK_TM_RPC_PORT + id - 1;
    }

    int flinkTaskManagerDataPort(int id) {
        return FLINK_TM_DATA_PORT + id - 1;
    }

    public String sparkMasterUrl() {
        return "spark://" + HOST + ":" + SPARK_MASTER_PORT;
    }

    public String sparkMasterWebUrl() {
        return "http://" + HOST + ":" + SPARK_MASTER_WEB_PORT;
    }

    String sparkWorkerWebUrl() {
        return "http://" + HOST + ":" + SPARK_WORKER_WEB_PORT;
    }

    /** A process's own directory: config, data, pid file, log. */
    public Path dir(String process) {
        return root.resolve(process);
    }

    public Path pidFile(String process) {
        return dir(process).resolve(process + ".pid");
    }

    public Path logFile(String process) {
        return dir(process).resolve(process + ".log");
    }

    /** Storage every process sees: checkpoints, savepoints (a file:/// URI here; s3:// or hdfs:// on a real cluster). */
    public Path shared() {
        return root.resolve("shared");
    }

    /** Every port the cluster listens on, for collision checks. */
    public List<Integer> ports() {
        var ports = new ArrayList<Integer>();
        for (int id = 1; id <= KAFKA_NODES; id++) {
            ports.add(kafkaPort(id));
            ports.add(kafkaControllerPort(id));
        }
        ports.addAll(List.of(FLINK_REST_PORT, FLINK_RPC_PORT, FLINK_BLOB_PORT));
        for (int id = 1; id <= TASK_MANAGERS; id++) {
            ports.add(flinkTaskManagerRpcPort(id));
            ports.add(flinkTaskManagerDataPort(id));
        }
        ports.addAll(List.of(SPARK_MASTER_PORT, SPARK_MASTER_WEB_PORT, SPARK_WORKER_PORT, SPARK_WORKER_WEB_PORT));
        return ports;
    }

    @Override
    public String toString() {
        return root + " " + ports().stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
