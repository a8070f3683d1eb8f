package io.livepulse.streaming.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadCpuBreakdownTest {
    @Test
    void parsesUserPlusSystemTicksWhenTheNameHoldsSpacesAndParentheses() {
        var line = "4711 (watch sessions ) S 1 4700 4700 0 -1 4194368 2500 0 0 0 1234 56 0 0 20 0 80 0 9001 0 0";

        var ticks = ThreadCpuBreakdown.parse(line);

        assertThat(ticks.comm()).isEqualTo("watch sessions ");
        assertThat(ticks.ticks()).isEqualTo(1234 + 56);
        assertThat(ThreadCpuBreakdown.parse("7 (a) b) (c) R 1 2 3 4 5 6 7 8 9 10 11 12 0 0").ticks()).isEqualTo(23);
    }

    @Test
    void rejectsALineWithoutAName() {
        assertThatThrownBy(() -> ThreadCpuBreakdown.parse("4711 watch R 1 2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a /proc stat line");
    }

    @Test
    void taskThreadsAreMatchedByTheirTruncatedJavaName() {
        String comm = ThreadCpuBreakdown.comm("watch sessions -> (late session events) (1/2)#0");

        assertThat(comm).isEqualTo("watch sessions ").hasSize(15);
        assertThat(ThreadCpuBreakdown.group(comm, Set.of(comm))).isEqualTo("task threads");
        assertThat(ThreadCpuBreakdown.group(comm, Set.of())).isEqualTo("other");
    }

    @ParameterizedTest
    @CsvSource({
        "G1 Conc#0, GC", "GC Thread#1, GC", "G1 Refine#0, GC", "C2 CompilerThre, JIT compiler",
        "C1 CompilerThre, JIT compiler", "VM Thread, VM thread", "VM Periodic Tas, VM thread", "java, benchmark main",
        "kafka-request-h, Kafka", "data-plane-kafk, Kafka", "flink-pekko.act, Flink runtime",
        "OutputFlusher f, Flink runtime", "Signal Dispatch, other"
    })
    void groupsJvmAndRuntimeThreadsByName(String comm, String group) {
        assertThat(ThreadCpuBreakdown.group(comm, Set.of())).isEqualTo(group);
    }
}
