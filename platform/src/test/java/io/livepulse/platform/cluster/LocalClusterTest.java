package io.livepulse.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated Kafka and Flink settings, and the classpaths the engines get (no LivePulse or job jars). */
class LocalClusterTest {
    @TempDir
    Path home;

    private LocalCluster cluster() {
        return new LocalCluster(ClusterLayout.under(home), List.of());
    }

    @Test
    void kafkaNodesFormOneQuorumOfThreeWithReplicationThreeAndMinInsyncTwo() {
        var cluster = cluster();
        var nodes = IntStream.rangeClosed(1, 3).mapToObj(cluster::kafkaNodeProperties).toList();
        assertThat(nodes).extracting(p -> p.getProperty("controller.quorum.voters")).containsOnly(
                "1@127.0.0.1:29192,2@127.0.0.1:29193,3@127.0.0.1:29194");
        assertThat(nodes).extracting(p -> p.getProperty("node.id")).containsExactly("1", "2", "3");
        assertThat(nodes).extracting(p -> p.getProperty("advertised.listeners")).containsExactly(
                "PLAINTEXT://127.0.0.1:29092", "PLAINTEXT://127.0.0.1:29093", "PLAINTEXT://127.0.0.1:29094");
        assertThat(nodes).extracting(p -> p.getProperty("log.dirs")).doesNotHaveDuplicates()
                .allMatch(dir -> dir.startsWith(home.resolve("data/cluster").toString()));
        for (var node : nodes) {
            assertThat(node.getProperty("default.replication.factor")).isEqualTo("3");
            assertThat(node.getProperty("min.insync.replicas")).isEqualTo("2");
            assertThat(node.getProperty("transaction.state.log.replication.factor")).isEqualTo("3");
            assertThat(node.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
            assertThat(node.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
            assertThat(node.getProperty("unclean.leader.election.enable")).isEqualTo("false");
        }
    }

    @Test
    void taskManagersHaveTheirOwnPortsAndIdsAndEveryoneCheckpointsToTheSharedUri() {
        var cluster = cluster();
        var jm = cluster.flinkConfig(0);
        var tm1 = cluster.flinkConfig(1);
        var tm2 = cluster.flinkConfig(2);
        assertThat(jm).doesNotContainKey("taskmanager.resource-id").containsEntry("rest.port", "28081")
                .containsEntry("rest.bind-address", "127.0.0.1").containsEntry("web.submit.enable", "true")
                .containsEntry("cluster.intercept-user-system-exit", "THROW");
        assertThat(List.of(tm1.get("taskmanager.resource-id"), tm2.get("taskmanager.resource-id")))
                .containsExactly("flink-taskmanager-1", "flink-taskmanager-2");
        assertThat(tm1.get("taskmanager.rpc.port")).isNotEqualTo(tm2.get("taskmanager.rpc.port"));
        assertThat(tm1.get("taskmanager.data.port")).isNotEqualTo(tm2.get("taskmanager.data.port"));
        assertThat(tm1.get("io.tmp.dirs")).isNotEqualTo(tm2.get("io.tmp.dirs"));
        String checkpoints = home.resolve("data/cluster/shared/flink/checkpoints").toUri().toString();
        assertThat(List.of(jm, tm1, tm2)).allSatisfy(conf -> assertThat(conf)
                .containsEntry("execution.checkpointing.dir", checkpoints)
                .containsEntry("jobmanager.rpc.address", "127.0.0.1"));
        assertThat(checkpoints).startsWith("file:/");
    }

    @Test
    void enginesRunWithoutLivePulseJarsAndFlinkWithoutWhatTheJobJarBrings() throws IOException {
        String repo = "/root/.m2/repository/";
        var entries = List.of(
                home.resolve("models/target/livepulse-models-0.1.0-SNAPSHOT.jar").toString(),
                repo + "org/apache/flink/flink-runtime/2.2.0/flink-runtime-2.2.0.jar",
                repo + "org/apache/flink/flink-avro/2.2.0/flink-avro-2.2.0.jar",
                repo + "org/apache/flink/flink-connector-kafka/5.0.0-2.2/flink-connector-kafka-5.0.0-2.2.jar",
                repo + "org/apache/avro/avro/1.12.1/avro-1.12.1.jar",
                repo + "org/apache/kafka/kafka-clients/4.2.0/kafka-clients-4.2.0.jar",
                repo + "ch/qos/logback/logback-classic/1.5.18/logback-classic-1.5.18.jar");
        Path target = Files.createDirectories(home.resolve("streaming-jobs/target"));
        Files.writeString(target.resolve("app.classpath"), String.join(":", entries));
        var cluster = cluster();
        assertThat(cluster.engineJars("streaming-jobs")).hasSize(entries.size() - 1)
                .noneMatch(e -> e.contains("livepulse-models"));
        assertThat(cluster.flinkJars()).containsExactly(entries.get(1), entries.get(6));
    }

    @Test
    void aModuleThatIsNotBuiltIsReportedWithTheFix() {
        assertThatThrownBy(() -> cluster().engineJars("batch-training"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch-training/target/app.classpath is missing")
                .hasMessageContaining("mvn -DskipTests package");
    }

    @Test
    void statusOfACleanCheckoutReportsEveryProcessStoppedWithItsPort() {
        var status = cluster().status();
        assertThat(status).extracting(LocalCluster.Status::name).containsExactly("kafka-1", "kafka-2", "kafka-3",
                "flink-jobmanager", "flink-taskmanager-1", "flink-taskmanager-2", "spark-master", "spark-worker");
        assertThat(status).allSatisfy(s -> {
            assertThat(s.pid()).isEmpty();
            assertThat(s.health().healthy()).isFalse();
            assertThat(s.health().detail()).isEqualTo("not running");
        });
        assertThat(status).extracting(LocalCluster.Status::port).doesNotHaveDuplicates();
    }
}
