// End offsets (read_committed) of every topic and a consumer group's committed offsets, summed per topic.
// java -cp "$(cat platform/target/app.classpath)" ops/cluster/EndOffsets.java <bootstrap> [group,...] | grep -E "^(end|group)"
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.TopicPartition;
public class EndOffsets {
    public static void main(String[] a) throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", a[0], "request.timeout.ms", 8000, "default.api.timeout.ms", 15000))) {
            var topics = new TreeSet<>(admin.listTopics().names().get());
            var specs = new HashMap<TopicPartition, OffsetSpec>();
            for (var d : admin.describeTopics(topics).allTopicNames().get().values())
                for (var p : d.partitions()) specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            var ends = admin.listOffsets(specs, new ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
            var sum = new TreeMap<String, Long>();
            ends.forEach((tp, r) -> sum.merge(tp.topic(), r.offset(), Long::sum));
            sum.forEach((t, n) -> System.out.println("end " + t + " " + n));
            for (String g : a.length > 1 ? a[1].split(",") : new String[0]) {
                var committed = admin.listConsumerGroupOffsets(g).partitionsToOffsetAndMetadata().get();
                var byTopic = new TreeMap<String, Long>();
                committed.forEach((tp, o) -> byTopic.merge(tp.topic(), o == null ? 0 : o.offset(), Long::sum));
                byTopic.forEach((t, n) -> System.out.println("group " + g + " " + t + " " + n));
            }
        }
    }
}
