package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.features.FeatureParams;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.streaming.StreamingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every record and state type of the feature job has a Flink or Avro serializer: none falls back to Kryo. */
class FeatureJobTypesTest {
    @Test
    void theJobGraphBuildsWithGenericTypesDisabled(@TempDir Path dir) {
        var conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        var env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        var params = new FeatureParams(Duration.ofSeconds(60), 1000, Duration.ofSeconds(60), Duration.ofSeconds(30));
        var config = new StreamingConfig(params, Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofSeconds(1), "heap", 2, 0, Duration.ZERO, true,
                "localhost:9092", "types.", dir);
        var kafka = new KafkaEndpoints("localhost:9092", new TopicCatalog("types.", 2, (short) 1), "types");

        new FeatureJob(kafka.events("types", true), kafka.sinks().and(ParquetTables.sinks(dir)), config).build(env);

        var graph = env.getStreamGraph();
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getOperatorName).contains("room metrics");
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getTypeSerializerOut() == null ? "" : node.getTypeSerializerOut().getClass().getName())
                    .as(node.getOperatorName()).doesNotContain("Kryo");
        }
        assertThat(graph.getStreamNodes()).filteredOn(n -> n.getOperatorName().contains("events"))
                .as("the source's records and the decoded events use the hand-written serializers")
                .extracting(n -> n.getTypeSerializerOut().getClass().getSimpleName())
                .contains("DecodedSerializer", "ActivitySerializer").doesNotContain("PojoSerializer");
    }
}
