package io.livepulse.platform.cluster;

import java.util.List;
import java.util.Map;

/**
 * One process of the local cluster: the engine's own entry point started in a JVM of its own.
 *
 * @param name the process's directory, pid file and log file name under {@code data/cluster}
 * @param probe how {@code status} checks it answers
 * @param module the LivePulse module whose runtime classpath ({@code target/app.classpath}) holds the engine's jars
 * @param mainClass the engine's entry point, also how {@code down} recognises the pid as this process
 * @param port the port the probe talks to
 * @param probeId the id the probe looks for (Kafka node id, TaskManager resource id); empty if none
 */
record ClusterProcess(String name, Probe probe, String module, String mainClass, List<String> jvmFlags,
        List<String> args, Map<String, String> env, int port, String probeId) {

    enum Probe { KAFKA, FLINK_JOBMANAGER, FLINK_TASKMANAGER, SPARK_MASTER, SPARK_WORKER }
}
