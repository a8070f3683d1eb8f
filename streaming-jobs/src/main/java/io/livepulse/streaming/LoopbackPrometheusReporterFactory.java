package io.livepulse.streaming;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/**
 * Flink's Prometheus reporter ({@code flink-metrics-prometheus}: same metric names and labels) whose HTTP endpoint
 * binds one address, by default the loopback: Flink's own {@code PrometheusReporterFactory} always binds every
 * interface. Options under {@code metrics.reporter.<name>.}: {@code port} (a port or a range such as
 * {@code 9250-9260}, the first free one is used) and {@code host} (default {@code 127.0.0.1}).
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    static final String DEFAULT_HOST = "127.0.0.1";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty("host", DEFAULT_HOST);
        String ports = properties.getProperty("port", PrometheusReporting.DEFAULT_PORTS);
        return new BoundPrometheusReporter(host, new PortRange(ports));
    }
}
