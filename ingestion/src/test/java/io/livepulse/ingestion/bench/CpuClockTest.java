package io.livepulse.ingestion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuClockTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "loadgen-http-12 | load generator",
            "HttpClient@1a2b | load generator",
            "JettyServerThre | collector HTTP threads",
            "kafka-producer- | producer I/O thread",
            "data-plane-kafk | broker",
            "kafka-1-raft-io | broker",
            "C2 CompilerThre | JIT compilers",
            "C1 CompilerThre | JIT compilers",
            "GC Thread#1     | GC (and VM thread)",
            "G1 Refine#0     | GC (and VM thread)",
            "java            | main (plain producer)",
            "Signal Dispatch | other threads"})
    void groupsThreadsByTheirLinuxName(String name, String group) {
        assertThat(CpuClock.group(name)).isEqualTo(group);
    }

    @Test
    void splitsProcessCpuByGroupAndShowsWhatNoListedThreadAccountsFor() {
        var start = new CpuClock.Reading(0, 1_000_000_000L, Map.of(
                1L, new CpuClock.ThreadCpu("JettyServerThre", 100_000_000L),
                2L, new CpuClock.ThreadCpu("C2 CompilerThre", 50_000_000L),
                3L, new CpuClock.ThreadCpu("loadgen-http-1", 0L)));
        var end = new CpuClock.Reading(2_000_000_000L, 2_000_000_000L, Map.of(
                1L, new CpuClock.ThreadCpu("JettyServerThre", 600_000_000L),
                2L, new CpuClock.ThreadCpu("C2 CompilerThre", 250_000_000L),
                4L, new CpuClock.ThreadCpu("loadgen-http-2", 100_000_000L)));

        var cost = CpuClock.between(start, end);

        assertThat(cost.wallSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(cost.processCpuSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(cost.groups()).containsOnlyKeys("collector HTTP threads", "JIT compilers", "load generator",
                CpuClock.ENDED);
        assertThat(cost.groups().get("collector HTTP threads")).isCloseTo(0.5, within(1e-9));
        assertThat(cost.groups().get("JIT compilers")).isCloseTo(0.2, within(1e-9));
        assertThat(cost.groups().get("load generator")).isCloseTo(0.1, within(1e-9));
        assertThat(cost.groups().get(CpuClock.ENDED)).isCloseTo(0.2, within(1e-9));
        assertThat(cost.systemUnderTestCpuSeconds()).isCloseTo(0.9, within(1e-9));
    }
}
