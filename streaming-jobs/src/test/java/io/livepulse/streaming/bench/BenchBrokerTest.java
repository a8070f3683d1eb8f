package io.livepulse.streaming.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchBrokerTest {
    @Test
    void aBrokerInAJvmOfItsOwnServesTheCatalogsTopicsReportsItsCpuAndStopsOnClose(@TempDir Path dir) throws Exception {
        try (var broker = BenchBroker.childProcess(dir, 2)) {
            assertThat(broker.bootstrapServers()).matches("localhost:\\d+");
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                var topics = admin.describeTopics(java.util.List.of("bench.events.player")).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                assertThat(topics.get("bench.events.player").partitions()).hasSize(2);
            }
            assertThat(broker.cpuSeconds()).isPositive();
            broker.close();
            // Its /proc entry is gone with the process.
            assertThat(broker.cpuSeconds()).isZero();
        }
        assertThat(dir.resolve("broker.log")).exists();
    }
}
