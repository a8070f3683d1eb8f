package io.livepulse.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster's Kafka: three KRaft nodes as separate JVMs from platform's classpath, the catalog's topics at
 * replication factor 3 and min.insync.replicas 2, writes with acks=all that go on when one node is killed by its
 * pid, and {@code down} leaving no process and no port behind. Needs platform/target/app.classpath (mvn package)
 * and the cluster's Kafka ports free (stop a running './livepulse cluster' first). About a minute.
 */
class LocalClusterKafkaITCase {
    private static final String TOPIC = "it.events.player";

    @Test
    void threeNodesReplicateAndKeepAcceptingWritesWithOneKilled(@TempDir Path root) throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        var layout = new ClusterLayout(home, root);
        for (int id = 1; id <= ClusterLayout.KAFKA_NODES; id++) {
            assertThat(free(layout.kafkaPort(id))).as("port %d is taken: is './livepulse cluster' running?"
                    + " Stop it with './livepulse cluster down'", layout.kafkaPort(id)).isTrue();
        }
        var cluster = new LocalCluster(layout, List.of());
        var out = new ArrayList<String>();
        var pids = new ArrayList<Long>();
        try {
            cluster.up(List.of("kafka"), "it.", 2, out::add);
            var kafka = cluster.processes("kafka");
            for (var p : kafka) {
                pids.add(cluster.runningPid(p).orElseThrow());
                assertThat(cluster.probe(p).detail()).contains("3 brokers live");
            }
            assertThat(pids).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());

            try (var admin = LocalCluster.admin(layout.kafkaBootstrap())) {
                var topics = admin.describeTopics(List.of(TOPIC, "it.features.user-room")).allTopicNames().get();
                assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
                var resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                ConfigEntry minIsr = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get("min.insync.replicas");
                assertThat(minIsr.value()).isEqualTo("2");
            }

            produce(layout.kafkaBootstrap(), 0, 100);
            var victim = ProcessHandle.of(pids.get(1)).orElseThrow();
            victim.destroyForcibly();
            assertThat(victim.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(cluster.status().stream().filter(s -> s.name().equals("kafka-2")).findFirst().orElseThrow()
                    .health().detail()).isEqualTo("not running");
            produce(layout.kafkaBootstrap(), 100, 200);

            assertThat(consumeKeys(layout.kafkaBootstrap(), 200)).hasSize(200);
        } finally {
            cluster.down(out::add);
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
        for (int port : layout.ports()) {
            assertThat(free(port)).as("port %d after down", port).isTrue();
        }
        assertThat(Files.exists(layout.pidFile("kafka-1"))).isFalse();
        assertThat(Files.readString(layout.logFile("kafka-1"))).contains("[BrokerServer id=1] Transition from STARTING to STARTED");
    }

    private static void produce(String bootstrap, int from, int to) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer())) {
            var sent = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = from; i < to; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)));
            }
            for (var f : sent) {
                f.get(90, TimeUnit.SECONDS);
            }
        }
    }

    private static Set<String> consumeKeys(String bootstrap, int expected) {
        var keys = new HashSet<String>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "it-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (keys.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private static boolean free(int port) throws IOException {
        try (var socket = new ServerSocket(port, 1, InetAddress.getByName(ClusterLayout.HOST))) {
            return true;
        } catch (java.net.BindException e) {
            return false;
        }
    }
}
