package io.livepulse.platform.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The settings every app shares.
 *
 * @param bootstrapServers an external Kafka cluster; empty means the embedded broker on {@code embeddedPort}
 * @param dataDir where Kafka data (embedded mode), Parquet features and the model registry live
 */
public record PlatformConfig(
        Optional<String> bootstrapServers,
        int embeddedPort,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        Path dataDir) {

    public static PlatformConfig from(Settings s) {
        String servers = s.string("kafka.bootstrap-servers");
        return new PlatformConfig(
                servers.isEmpty() ? Optional.empty() : Optional.of(servers),
                s.integer("kafka.embedded-port", 0, 65_535),
                s.string("kafka.topic-prefix"),
                s.integer("kafka.partitions", 1, 1_024),
                (short) s.integer("kafka.replication-factor", 1, 16),
                s.path("data.dir").toAbsolutePath());
    }

    /** The bootstrap servers clients should use: the external cluster, or the embedded broker. */
    public String kafkaBootstrap() {
        return bootstrapServers.orElse("localhost:" + embeddedPort);
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    public Path kafkaDataDir() {
        return dataDir.resolve("kafka");
    }
}
