package io.livepulse.ingestion.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The collector's Prometheus metrics. Counters are also readable here for tests and the health page. */
public final class CollectorMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer produceLatency = Timer.builder("livepulse.collector.produce.latency")
            .description("Time from handing a request's first record to Kafka until all its records are acknowledged")
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> requests = new ConcurrentHashMap<>();

    /** Called once per request: the counter of each status is looked up in the registry only once. */
    public void request(int status) {
        requests.computeIfAbsent(status, s -> registry.counter("livepulse.collector.requests", "status",
                Integer.toString(s))).increment();
    }

    /** Counts {@code events} accepted events of one type: the counter of each type is looked up only once. */
    public void accepted(String type, int events) {
        accepted.computeIfAbsent(type, t -> registry.counter("livepulse.collector.events.accepted", "type", t))
                .increment(events);
    }

    public void rejected(String category) {
        registry.counter("livepulse.collector.events.rejected", "reason", category).increment();
    }

    public void duplicate() {
        registry.counter("livepulse.collector.events.duplicate").increment();
    }

    public void unavailable() {
        registry.counter("livepulse.collector.events.unavailable").increment();
    }

    public void produced(long nanos) {
        produceLatency.record(Duration.ofNanos(nanos));
    }

    /** The total of a counter over all its tags. */
    public double total(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    public String scrape() {
        return registry.scrape();
    }
}
