package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.Validated;
import io.livepulse.schemas.event.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the collector does with one request body: split it, check each event, drop duplicates, pseudonymise
 * user ids, and write valid events to their topic (keyed by room id) and refused ones to the dead-letter
 * topic, then wait for Kafka's acknowledgements. Nothing is acknowledged that Kafka has not written.
 */
public final class IngestPipeline {
    /** Raw payloads above this are cut in the dead-letter record (Kafka's default record limit is 1 MB). */
    static final int MAX_DEAD_LETTER_BYTES = 256 * 1024;
    /** Encoded events above this are refused. */
    static final int MAX_EVENT_BYTES = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The HTTP answer: status, JSON body, and Retry-After seconds when Kafka is unavailable (else 0). */
    public record Response(int status, ObjectNode body, int retryAfterSeconds) {}

    private enum Outcome { ACCEPTED, REJECTED, DUPLICATE, UNAVAILABLE }

    private final CollectorConfig config;
    private final TopicCatalog topics;
    private final KafkaEventWriter writer;
    private final EventRules rules;
    private final DuplicateFilter duplicates;
    private final Pseudonymizer pseudonymizer;
    private final CollectorMetrics metrics;
    private final AtomicLong lastKafkaSuccessMs = new AtomicLong();
    private final AtomicLong lastKafkaFailureMs = new AtomicLong();

    public IngestPipeline(CollectorConfig config, TopicCatalog topics, KafkaEventWriter writer, CollectorMetrics metrics) {
        this.config = config;
        this.topics = topics;
        this.writer = writer;
        this.metrics = metrics;
        this.rules = new EventRules(config.maxFutureSkew(), config.maxTextChars());
        this.duplicates = new DuplicateFilter(config.dedupWindow().toMillis(), config.dedupMaxIds());
        this.pseudonymizer = new Pseudonymizer(config.pseudonymKey());
    }

    /** True unless the last write to Kafka failed. */
    public boolean kafkaAvailable() {
        return lastKafkaSuccessMs.get() >= lastKafkaFailureMs.get();
    }

    public Response ingest(byte[] body, String contentType, String source, long receivedMs) {
        var split = BodySplitter.split(body, contentType, config.maxEventsPerRequest());
        if (split.bodyProblem() != null) {
            return wholeBodyRejected(split.bodyProblem(), body, source, receivedMs);
        }
        int n = split.parts().size();
        var outcomes = new Outcome[n];
        var results = new ObjectNode[n];
        var pending = new ArrayList<CompletableFuture<?>>();
        var pendingIndex = new ArrayList<Integer>();
        var pendingEventIds = new ArrayList<String>();
        Rejection firstRejection = null;
        var down = new boolean[1];
        for (int i = 0; i < n; i++) {
            var part = split.parts().get(i);
            results[i] = JsonNodeFactory.instance.objectNode().put("index", i);
            Rejection rejection = part.rejection();
            SpecificRecord event = null;
            if (rejection == null) {
                Validated<SpecificRecord> parsed = EventJson.parse(part.node(), part.raw());
                if (parsed instanceof Validated.Rejected<SpecificRecord> r) {
                    rejection = Rejection.fromEventJson(r.field(), r.reason());
                } else {
                    event = ((Validated.Valid<SpecificRecord>) parsed).value();
                    rejection = rules.check(event, receivedMs).orElse(null);
                }
            }
            byte[] encoded = null;
            if (rejection == null) {
                event.put(event.getSchema().getField("userId").pos(),
                        pseudonymizer.pseudonym(String.valueOf(event.get(event.getSchema().getField("userId").pos()))));
                event.put(event.getSchema().getField("receivedTimeMs").pos(), receivedMs);
                encoded = AvroCodec.standard().encode(event);
                if (encoded.length > MAX_EVENT_BYTES) {
                    rejection = new Rejection(Rejection.TOO_LONG, null, "event is " + encoded.length
                            + " bytes encoded; at most " + MAX_EVENT_BYTES);
                }
            }
            if (rejection != null) {
                firstRejection = firstRejection == null ? rejection : firstRejection;
                outcomes[i] = Outcome.REJECTED;
                results[i].put("status", "rejected").put("field", rejection.field()).put("reason", rejection.reason());
                metrics.rejected(rejection.category());
                pending.add(send(down, topics.deadLetter(), source, deadLetter(part.raw(), part.node(), rejection,
                        source, receivedMs, typeName(part.node())).array()));
                pendingIndex.add(i);
                pendingEventIds.add(null);
                continue;
            }
            String eventId = String.valueOf(event.get(event.getSchema().getField("eventId").pos()));
            results[i].put("eventId", eventId);
            if (!duplicates.reserve(eventId, receivedMs)) {
                outcomes[i] = Outcome.DUPLICATE;
                results[i].put("status", "duplicate");
                metrics.duplicate();
                continue;
            }
            var type = EventType.of(event).orElseThrow();
            String room = String.valueOf(event.get(event.getSchema().getField("roomId").pos()));
            long start = System.nanoTime();
            pending.add(send(down, topics.topicFor(type), room, encoded)
                    .whenComplete((m, e) -> metrics.produced(System.nanoTime() - start)));
            pendingIndex.add(i);
            pendingEventIds.add(eventId);
            outcomes[i] = Outcome.ACCEPTED;
            results[i].put("status", "accepted").put("type", type.jsonName());
        }
        awaitAll(pending, config.produceTimeout().plusSeconds(2));
        boolean anyUnavailable = false;
        for (int p = 0; p < pending.size(); p++) {
            var future = pending.get(p);
            int i = pendingIndex.get(p);
            boolean ok = future.isDone() && !future.isCompletedExceptionally();
            if (ok) {
                lastKafkaSuccessMs.set(System.currentTimeMillis());
                if (outcomes[i] == Outcome.ACCEPTED) {
                    metrics.accepted(results[i].get("type").asText());
                }
            } else {
                lastKafkaFailureMs.set(System.currentTimeMillis());
                anyUnavailable = true;
                if (pendingEventIds.get(p) != null) {
                    duplicates.release(pendingEventIds.get(p));
                }
                outcomes[i] = Outcome.UNAVAILABLE;
                results[i].put("status", "unavailable").put("reason", "Kafka did not acknowledge the write; retry");
                metrics.unavailable();
            }
        }
        return respond(outcomes, results, firstRejection, anyUnavailable);
    }

    /**
     * Sends unless an earlier send of this request already failed at once: then Kafka is down, and each further
     * send would block for the metadata timeout, so the rest fail fast and the client gets its 503 quickly.
     */
    private CompletableFuture<?> send(boolean[] down, String topic, String key, byte[] value) {
        if (down[0]) {
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka is unavailable"));
        }
        var future = writer.send(topic, key, value);
        if (future.isCompletedExceptionally()) {
            down[0] = true;
        }
        return future;
    }

    private Response respond(Outcome[] outcomes, ObjectNode[] results, Rejection firstRejection, boolean unavailable) {
        long accepted = Arrays.stream(outcomes).filter(o -> o == Outcome.ACCEPTED).count();
        long rejected = Arrays.stream(outcomes).filter(o -> o == Outcome.REJECTED).count();
        long duplicate = Arrays.stream(outcomes).filter(o -> o == Outcome.DUPLICATE).count();
        long failed = Arrays.stream(outcomes).filter(o -> o == Outcome.UNAVAILABLE).count();
        var body = JsonNodeFactory.instance.objectNode();
        int status;
        if (unavailable) {
            status = 503;
            body.put("error", "Kafka is unavailable; events marked unavailable were not stored, retry them")
                    .putNull("field").put("reason", failed + " of " + outcomes.length + " events could not be written");
        } else if (accepted + duplicate == 0 && rejected > 0) {
            status = 400;
            body.put("error", rejected == 1 ? "invalid event" : "invalid events")
                    .put("field", firstRejection.field()).put("reason", firstRejection.reason());
        } else {
            status = 200;
        }
        body.put("accepted", accepted).put("rejected", rejected).put("duplicates", duplicate).put("unavailable", failed);
        ArrayNode array = body.putArray("results");
        Arrays.stream(results).forEach(array::add);
        return new Response(status, body, unavailable ? config.retryAfterSeconds() : 0);
    }

    private Response wholeBodyRejected(Rejection problem, byte[] body, String source, long receivedMs) {
        metrics.rejected(problem.category());
        var future = writer.send(topics.deadLetter(), source,
                deadLetter(body, null, problem, source, receivedMs, null).array());
        awaitAll(List.of(future), config.produceTimeout().plusSeconds(2));
        var error = JsonNodeFactory.instance.objectNode();
        if (future.isCompletedExceptionally() || !future.isDone()) {
            lastKafkaFailureMs.set(System.currentTimeMillis());
            error.put("error", "Kafka is unavailable; the rejected body could not be recorded, retry")
                    .putNull("field").put("reason", problem.reason());
            return new Response(503, error, config.retryAfterSeconds());
        }
        lastKafkaSuccessMs.set(System.currentTimeMillis());
        error.put("error", "invalid request body").put("field", problem.field()).put("reason", problem.reason());
        return new Response(problem.category().equals(Rejection.TOO_MANY_EVENTS) ? 413 : 400, error, 0);
    }

    /**
     * The dead-letter record. The raw bytes are kept as received, except that a {@code userId} member of a
     * parseable JSON object is pseudonymised first (raw user ids never reach Kafka); above
     * {@link #MAX_DEAD_LETTER_BYTES} the payload is cut and the reason says so.
     */
    private ByteBuffer deadLetter(byte[] raw, JsonNode node, Rejection rejection, String source, long receivedMs,
            String eventType) {
        byte[] payload = raw;
        if (node instanceof ObjectNode object && object.get("userId") != null && object.get("userId").isTextual()) {
            var copy = object.deepCopy();
            copy.put("userId", pseudonymizer.pseudonym(object.get("userId").asText()));
            try {
                payload = MAPPER.writeValueAsBytes(copy);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                payload = raw;
            }
        }
        String reason = rejection.reason();
        if (payload.length > MAX_DEAD_LETTER_BYTES) {
            reason = reason + " (raw payload cut to " + MAX_DEAD_LETTER_BYTES + " of " + payload.length + " bytes)";
            payload = Arrays.copyOf(payload, MAX_DEAD_LETTER_BYTES);
        }
        var record = DeadLetter.newBuilder().setSource(source).setReason(rejection.category() + ": " + reason)
                .setField(rejection.field()).setRawPayload(ByteBuffer.wrap(payload)).setReceivedTimeMs(receivedMs)
                .setEventType(eventType).build();
        return ByteBuffer.wrap(AvroCodec.standard().encode(record));
    }

    private static String typeName(JsonNode node) {
        if (node != null && node.isObject() && node.get(EventJson.TYPE) != null && node.get(EventJson.TYPE).isTextual()) {
            String name = node.get(EventJson.TYPE).asText();
            return EventType.fromJsonName(name).map(EventType::jsonName).orElse(null);
        }
        return null;
    }

    private static void awaitAll(List<CompletableFuture<?>> futures, Duration timeout) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the outcome of each future is read one by one by the caller
            return;
        }
    }
}
