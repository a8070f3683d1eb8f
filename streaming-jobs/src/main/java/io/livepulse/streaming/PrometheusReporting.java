package io.livepulse.streaming;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Flink's own metrics (throughput, backpressure, checkpoints, Kafka consumer lag) for Prometheus: the
 * {@code flink-metrics-prometheus} reporter ({@link LoopbackPrometheusReporterFactory}, bound to the loopback)
 * serves them at {@code http://127.0.0.1:<port>/metrics}.
 *
 * <p>The stream app's MiniCluster binds the first free port of {@link #DEFAULT_PORTS}, the range that
 * {@code ops/prometheus/prometheus.yml} scrapes; {@code streaming.prometheus-ports} changes it.
 */
public final class PrometheusReporting {
    /** The ports the stream app's reporter tries in turn; the operators' Prometheus config scrapes them all. */
    public static final String DEFAULT_PORTS = "9250-9260";

    static final String FACTORY = LoopbackPrometheusReporterFactory.class.getName();
    private static final ConfigOption<String> FACTORY_CLASS =
            ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue();
    private static final ConfigOption<String> PORT =
            ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue();

    private PrometheusReporting() {}

    /**
     * Adds the reporter {@code prom} to {@code conf}.
     *
     * @param ports one port ({@code 9250}) or a range ({@code 9250-9260}); the reporter binds the first free one
     */
    public static Configuration enable(Configuration conf, String ports) {
        conf.set(FACTORY_CLASS, FACTORY);
        conf.set(PORT, ports);
        return conf;
    }
}
