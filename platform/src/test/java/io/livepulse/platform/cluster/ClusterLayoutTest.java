package io.livepulse.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The local cluster's ports: all distinct, and none that the demo's apps listen on. */
class ClusterLayoutTest {
    private final ClusterLayout layout = ClusterLayout.under(Path.of("/srv/livepulse"));

    @Test
    void everyPortIsDistinctAndOnAnUnprivilegedPort() {
        var ports = layout.ports();
        assertThat(ports).doesNotHaveDuplicates().allMatch(p -> p > 1024 && p < 65_536);
        // 3 Kafka nodes x (client + controller), Flink REST/RPC/blob, 2 TaskManagers x (RPC + data), Spark 4.
        assertThat(ports).hasSize(6 + 3 + 4 + 4);
    }

    @Test
    void noPortCollidesWithTheDemos() throws IOException {
        Set<Integer> demo = new HashSet<>();
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (String module : List.of("platform", "ingestion", "streaming-jobs", "serving", "notebooks")) {
            Path defaults = root.resolve(module).resolve("src/main/resources/META-INF/livepulse/defaults.properties");
            var props = new Properties();
            try (Reader in = Files.newBufferedReader(defaults)) {
                props.load(in);
            }
            for (String key : props.stringPropertyNames()) {
                String value = props.getProperty(key).trim();
                if (key.endsWith("port") && value.matches("\\d+")) {
                    demo.add(Integer.parseInt(value));
                } else if (key.endsWith("ports") && value.matches("\\d+-\\d+")) {
                    String[] range = value.split("-");
                    IntStream.rangeClosed(Integer.parseInt(range[0]), Integer.parseInt(range[1])).forEach(demo::add);
                }
            }
        }
        demo.add(9090); // the demo's Prometheus (PrometheusProcess.PORT)
        assertThat(demo).contains(8080, 8081, 8082, 19092, 9250, 9260);
        assertThat(layout.ports()).doesNotContainAnyElementsOf(demo);
    }

    @Test
    void clientsGetAllThreeBrokersAndEveryProcessItsOwnDirectory() {
        assertThat(layout.kafkaBootstrap()).isEqualTo("127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094");
        assertThat(layout.pidFile("kafka-2")).isEqualTo(Path.of("/srv/livepulse/data/cluster/kafka-2/kafka-2.pid"));
        assertThat(layout.logFile("flink-taskmanager-1"))
                .isEqualTo(Path.of("/srv/livepulse/data/cluster/flink-taskmanager-1/flink-taskmanager-1.log"));
    }
}
