package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.util.ConcurrencyUtil;
import io.livepulse.platform.kafka.TopicCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP collector: {@code POST /v1/events}, {@code GET /metrics} (Prometheus), {@code GET /health}.
 *
 * <pre>{@code
 * try (var server = CollectorServer.start(config)) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class CollectorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

    private final Javalin app;
    private final KafkaEventWriter writer;
    private final CollectorMetrics metrics;
    private final IngestPipeline pipeline;

    private CollectorServer(Javalin app, KafkaEventWriter writer, CollectorMetrics metrics, IngestPipeline pipeline) {
        this.app = app;
        this.writer = writer;
        this.metrics = metrics;
        this.pipeline = pipeline;
    }

    /** Starts the server on {@code config.port()} (0: a free port) against the configured Kafka. */
    public static CollectorServer start(CollectorConfig config) {
        var metrics = new CollectorMetrics();
        var writer = new KafkaEventWriter(config.platform().kafkaBootstrap(), config.produceTimeout(),
                config.producerLinger());
        var pipeline = new IngestPipeline(config, TopicCatalog.of(config.platform()), writer, metrics);
        long maxBody = config.maxBodyBytes();
        // requests do not hold a thread while Kafka acknowledges (see events), so a few threads keep the cores busy
        ThreadPool threads = ConcurrencyUtil.jettyThreadPool("JettyServerThreadPool", Math.min(8, config.httpThreads()),
                config.httpThreads(), false);
        var app = Javalin.create(c -> {
            c.jetty.threadPool = threads;
            c.http.maxRequestSize = maxBody;
            // answers are not gzipped even when a client accepts it: gzip took about 14 % of the request
            // threads' CPU with batches of 1,000 (perf), for acknowledgements that are small next to the events
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.startup.showJavalinBanner = false;
            c.routes.post("/v1/events", ctx -> events(ctx, pipeline, metrics, maxBody, threads));
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            c.routes.get("/health", ctx -> {
                boolean kafka = pipeline.kafkaAvailable();
                ctx.status(kafka ? 200 : 503).json(JsonNodeFactory.instance.objectNode()
                        .put("status", kafka ? "UP" : "DEGRADED").put("kafka", kafka ? "UP" : "DOWN"));
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                metrics.request(500);
                ctx.status(500).json(error("internal error", null, "the collector failed; see its log"));
            });
            c.routes.error(404, ctx -> ctx.json(error("not found", null, "no such endpoint: " + ctx.method() + " "
                    + ctx.path() + "; events go to POST /v1/events")));
        });
        app.start(config.port());
        if (config.demoKey()) {
            LOG.warn("DEMO MODE: user ids are pseudonymised, or unparseable dead letters encrypted, with a built-in"
                    + " development key. Set LIVEPULSE_SECRET_PSEUDONYM_KEY and LIVEPULSE_SECRET_DEAD_LETTER_KEY before"
                    + " ingesting real users.");
        }
        return new CollectorServer(app, writer, metrics, pipeline);
    }

    /**
     * Reads and checks the body and hands its records to Kafka on this request thread, then returns the thread to
     * the pool: the answer is written from {@code answering} once Kafka acknowledged every record.
     */
    private static void events(Context ctx, IngestPipeline pipeline, CollectorMetrics metrics, long maxBody,
            Executor answering) throws IOException {
        long received = System.currentTimeMillis();
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBody) {
            tooLarge(ctx, metrics, maxBody, declared);
            return;
        }
        byte[] body = declared >= 0 ? readDeclared(ctx.req().getInputStream(), (int) declared)
                : readAtMost(ctx.req().getInputStream(), maxBody + 1);
        if (body.length > maxBody) {
            tooLarge(ctx, metrics, maxBody, -1);
            return;
        }
        String source = "http:" + ctx.ip();
        var answer = pipeline.ingest(body, ctx.contentType(), source, received, answering).thenAccept(response -> {
            if (response.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Integer.toString(response.retryAfterSeconds()));
            }
            metrics.request(response.status());
            ctx.status(response.status()).contentType("application/json").result(response.body());
        });
        ctx.future(() -> answer);
    }

    private static void tooLarge(Context ctx, CollectorMetrics metrics, long maxBody, long declared) {
        metrics.request(413);
        metrics.rejected("body_too_large");
        ctx.header("Connection", "close");
        ctx.status(413).json(error("request body too large", null, "at most " + maxBody + " bytes per request"
                + (declared > 0 ? ", got " + declared : "") + "; send smaller batches"));
    }

    /** A body of known length (the server stops the stream there) is read into one array of that size. */
    private static byte[] readDeclared(InputStream in, int declared) throws IOException {
        return in.readNBytes(declared);
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        var out = new java.io.ByteArrayOutputStream();
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            if (out.size() >= limit) {
                break;
            }
        }
        byte[] bytes = out.toByteArray();
        return bytes.length > limit ? Arrays.copyOf(bytes, (int) limit) : bytes;
    }

    static ObjectNode error(String error, String field, String reason) {
        var node = JsonNodeFactory.instance.objectNode().put("error", error);
        if (field == null) {
            node.putNull("field");
        } else {
            node.put("field", field);
        }
        return node.put("reason", reason);
    }

    public int port() {
        return app.port();
    }

    public CollectorMetrics metrics() {
        return metrics;
    }

    public boolean kafkaAvailable() {
        return pipeline.kafkaAvailable();
    }

    @Override
    public void close() {
        app.stop();
        writer.close();
    }
}
