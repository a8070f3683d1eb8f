package io.livepulse.ingestion.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.schemas.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts batches as NDJSON to a collector's {@code /v1/events}. On 503 it waits for Retry-After and resends the
 * events marked unavailable; when the collector cannot be reached it retries every second.
 */
public final class HttpEventSender implements EventSender {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEventSender.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI endpoint;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpEventSender(String collectorUrl) {
        this.endpoint = URI.create(collectorUrl.replaceAll("/+$", "") + "/v1/events");
    }

    @Override
    public Outcome send(List<SpecificRecord> batch) throws InterruptedException {
        var pending = new ArrayList<>(batch);
        var total = new Outcome(0, 0, 0, 0);
        boolean warned = false;
        while (!pending.isEmpty()) {
            var body = new StringBuilder();
            pending.forEach(e -> body.append(EventJson.toJsonString(e)).append('\n'));
            HttpResponse<String> response;
            try {
                response = client.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!warned) {
                    LOG.warn("Collector at {} unreachable ({}); retrying every second", endpoint, e.getMessage());
                    warned = true;
                }
                total = total.plus(new Outcome(0, 0, 0, 1));
                Thread.sleep(1_000);
                continue;
            }
            JsonNode json;
            try {
                json = MAPPER.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("Collector answered " + response.statusCode() + " with a body that is not JSON");
            }
            if (json.get("results") == null) {
                throw new IllegalStateException("Collector refused the request (" + response.statusCode() + "): "
                        + json.path("error").asText() + ": " + json.path("reason").asText());
            }
            var retry = new ArrayList<SpecificRecord>();
            long accepted = 0;
            long rejected = 0;
            long duplicates = 0;
            var results = json.get("results");
            for (int i = 0; i < pending.size(); i++) {
                switch (results.get(i).path("status").asText()) {
                    case "accepted" -> accepted++;
                    case "rejected" -> rejected++;
                    case "duplicate" -> duplicates++;
                    default -> retry.add(pending.get(i));
                }
            }
            total = total.plus(new Outcome(accepted, rejected, duplicates, retry.isEmpty() ? 0 : 1));
            pending = retry;
            if (!retry.isEmpty()) {
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(seconds * 1_000);
            }
        }
        return total;
    }

    @Override
    public String target() {
        return endpoint.toString();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient of Java 17 holds no resources that need closing
    }
}
