package io.livepulse.streaming;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;

/** Flink's Prometheus collectors served on {@code host} and the first free port of a range. */
final class BoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;
    private final int port;

    BoundPrometheusReporter(String host, PortRange ports) {
        CollectorRegistry registry = registryOf(this);
        HTTPServer bound = null;
        int boundPort = -1;
        for (Iterator<Integer> it = ports.getPortsIterator(); it.hasNext() && bound == null; ) {
            int candidate = it.next();
            try {
                bound = new HTTPServer(new InetSocketAddress(host, candidate), registry, true);
                boundPort = candidate;
            } catch (IOException e) {
                log.debug("Prometheus reporter: port {} on {} is taken: {}", candidate, host, e.getMessage());
            }
        }
        if (bound == null) {
            throw new IllegalStateException("The Prometheus reporter found no free port on " + host + " in " + ports
                    + "; free one or set streaming.prometheus-ports");
        }
        this.server = bound;
        this.port = boundPort;
        log.info("Flink metrics for Prometheus at http://{}:{}/metrics", host, port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }

    /**
     * The reporter's collector registry: Flink keeps it package-private and binds its own HTTP server to every
     * interface, so this subclass reads the field to serve the same registry on one address.
     */
    private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
        try {
            Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(reporter);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("flink-metrics-prometheus changed: no field 'registry' in "
                    + AbstractPrometheusReporter.class.getName(), e);
        }
    }
}
