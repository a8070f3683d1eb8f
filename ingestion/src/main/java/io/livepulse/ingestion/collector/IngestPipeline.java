package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.Validated;
import io.livepulse.schemas.event.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the collector does with one request body: split it, check each event, drop duplicates, pseudonymise
 * user ids (in refused input too, or seal it: see {@link DeadLetterPayload}), and write valid events to their topic (keyed by room id) and refused ones to the dead-letter
 * topic, then answer once Kafka acknowledged them. Nothing is acknowledged that Kafka has not written.
 */
public final class IngestPipeline {
    /** Raw payloads above this are cut in the dead-letter record (Kafka's default record limit is 1 MB). */
    static final int MAX_DEAD_LETTER_BYTES = 256 * 1024;
    /** Encoded events above this are refused. */
    static final int MAX_EVENT_BYTES = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final EventType[] TYPES = EventType.values();

    /** The HTTP answer: status, JSON body (UTF-8), and Retry-After seconds when Kafka is unavailable (else 0). */
    public record Response(int status, byte[] body, int retryAfterSeconds) {}

    private enum Outcome { ACCEPTED, REJECTED, DUPLICATE, UNAVAILABLE }

    private final CollectorConfig config;
    private final TopicCatalog topics;
    private final KafkaEventWriter writer;
    private final EventRules rules;
    private final DuplicateFilter duplicates;
    private final Pseudonymizer pseudonymizer;
    private final DeadLetterCipher cipher;
    private final CollectorMetrics metrics;
    private final AtomicLong lastKafkaSuccessMs = new AtomicLong();
    private final AtomicLong lastKafkaFailureMs = new AtomicLong();
    /** Each type's topic name, built once rather than per event. */
    private final String[] topicByType = new String[TYPES.length];

    public IngestPipeline(CollectorConfig config, TopicCatalog topics, KafkaEventWriter writer, CollectorMetrics metrics) {
        this.config = config;
        this.topics = topics;
        this.writer = writer;
        this.metrics = metrics;
        this.rules = new EventRules(config.maxFutureSkew(), config.maxTextChars());
        this.duplicates = new DuplicateFilter(config.dedupWindow().toMillis(), config.dedupMaxIds());
        this.pseudonymizer = new Pseudonymizer(config.pseudonymKey());
        this.cipher = new DeadLetterCipher(config.deadLetterKey());
        for (EventType type : TYPES) {
            topicByType[type.ordinal()] = topics.topicFor(type);
        }
    }

    /** True unless the last write to Kafka failed. */
    public boolean kafkaAvailable() {
        return lastKafkaSuccessMs.get() >= lastKafkaFailureMs.get();
    }

    /**
     * Checks the body and hands its records to Kafka on the calling thread, and returns at once; the answer
     * completes when Kafka acknowledged (or failed) every record, or the produce timeout passed. It is built on
     * {@code answering}, never on the producer's I/O thread, and no thread waits for the acknowledgements.
     */
    public CompletableFuture<Response> ingest(byte[] body, String contentType, String source, long receivedMs,
            Executor answering) {
        var split = BodySplitter.split(body, contentType, config.maxEventsPerRequest());
        if (split.bodyProblem() != null) {
            return wholeBodyRejected(split.bodyProblem(), body, source, receivedMs, answering);
        }
        int n = split.parts().size();
        var outcomes = new Outcome[n];
        var eventIds = new String[n];
        var types = new EventType[n];
        var rejections = new Rejection[n];
        var acks = new RequestAcks(n);
        var pendingIndex = new int[n];
        Rejection firstRejection = null;
        var down = new boolean[1];
        for (int i = 0; i < n; i++) {
            var part = split.parts().get(i);
            Rejection rejection = part.rejection();
            JsonNode node = null;
            SpecificRecord event = null;
            if (rejection == null) {
                event = StreamingEventReader.read(part.body(), part.from(), part.to());
                if (event == null) {
                    var tree = BodySplitter.tree(part.raw());
                    rejection = tree.rejection();
                    node = tree.node();
                    if (node != null) {
                        Validated<SpecificRecord> parsed = EventJson.parse(node, part.raw());
                        if (parsed instanceof Validated.Rejected<SpecificRecord> r) {
                            rejection = Rejection.fromEventJson(r.field(), r.reason());
                        } else {
                            event = ((Validated.Valid<SpecificRecord>) parsed).value();
                        }
                    }
                }
                if (event != null) {
                    rejection = rules.check(event, receivedMs).orElse(null);
                }
            }
            byte[] encoded = null;
            FieldPositions fields = null;
            if (rejection == null) {
                fields = FieldPositions.of(event.getSchema());
                event.put(fields.userId(), pseudonymizer.pseudonym(String.valueOf(event.get(fields.userId()))));
                event.put(fields.receivedTimeMs(), receivedMs);
                encoded = AvroCodec.standard().encode(event);
                if (encoded.length > MAX_EVENT_BYTES) {
                    rejection = new Rejection(Rejection.TOO_LONG, null, "event is " + encoded.length
                            + " bytes encoded; at most " + MAX_EVENT_BYTES);
                }
            }
            if (rejection != null) {
                if (node == null && part.rejection() == null) {
                    node = part.node();
                }
                firstRejection = firstRejection == null ? rejection : firstRejection;
                outcomes[i] = Outcome.REJECTED;
                rejections[i] = rejection;
                metrics.rejected(rejection.category());
                pendingIndex[acks.slots()] = i;
                send(acks, down, topics.deadLetter(), source, deadLetter(part.raw(), node, rejection, source,
                        receivedMs, typeName(node)).array());
                continue;
            }
            String eventId = String.valueOf(event.get(fields.eventId()));
            eventIds[i] = eventId;
            if (!duplicates.reserve(eventId, receivedMs)) {
                outcomes[i] = Outcome.DUPLICATE;
                metrics.duplicate();
                continue;
            }
            var type = fields.type();
            types[i] = type;
            String room = String.valueOf(event.get(fields.roomId()));
            pendingIndex[acks.slots()] = i;
            send(acks, down, topicByType[type.ordinal()], room, encoded);
            outcomes[i] = Outcome.ACCEPTED;
        }
        Rejection first = firstRejection;
        return acks.settled(config.produceTimeout().plusSeconds(2)).thenApplyAsync(allSettled -> {
            if (allSettled && acks.slots() > 0) {
                metrics.produced(acks.produceNanos());
            }
            return settle(acks, pendingIndex, outcomes, eventIds, types, rejections, first);
        }, answering);
    }

    /** After Kafka answered: counts what was written, frees the ids of what was not, and builds the answer. */
    private Response settle(RequestAcks acks, int[] pendingIndex, Outcome[] outcomes, String[] eventIds,
            EventType[] types, Rejection[] rejections, Rejection firstRejection) {
        boolean anyUnavailable = false;
        var acceptedByType = new int[TYPES.length];
        for (int p = 0; p < acks.slots(); p++) {
            int i = pendingIndex[p];
            if (acks.written(p)) {
                if (outcomes[i] == Outcome.ACCEPTED) {
                    acceptedByType[types[i].ordinal()]++;
                }
            } else {
                anyUnavailable = true;
                if (outcomes[i] == Outcome.ACCEPTED) {
                    duplicates.release(eventIds[i]);
                }
                outcomes[i] = Outcome.UNAVAILABLE;
                metrics.unavailable();
            }
        }
        for (EventType type : TYPES) {
            if (acceptedByType[type.ordinal()] > 0) {
                metrics.accepted(type.jsonName(), acceptedByType[type.ordinal()]);
            }
        }
        if (acks.slots() > 0) {
            (anyUnavailable ? lastKafkaFailureMs : lastKafkaSuccessMs).set(System.currentTimeMillis());
        }
        return respond(outcomes, eventIds, types, rejections, firstRejection, anyUnavailable);
    }

    /**
     * Sends unless an earlier send of this request already failed at once: then Kafka is down, and each further
     * send would block for the metadata timeout, so the rest fail fast and the client gets its 503 quickly.
     */
    private void send(RequestAcks acks, boolean[] down, String topic, String key, byte[] value) {
        if (down[0]) {
            acks.failedNow();
        } else if (!acks.send(writer, topic, key, value)) {
            down[0] = true;
        }
    }

    private Response respond(Outcome[] outcomes, String[] eventIds, EventType[] types, Rejection[] rejections,
            Rejection firstRejection, boolean unavailable) {
        int accepted = 0;
        int rejected = 0;
        int duplicate = 0;
        int failed = 0;
        for (Outcome o : outcomes) {
            switch (o) {
                case ACCEPTED -> accepted++;
                case REJECTED -> rejected++;
                case DUPLICATE -> duplicate++;
                case UNAVAILABLE -> failed++;
            }
        }
        int status = unavailable ? 503 : accepted + duplicate == 0 && rejected > 0 ? 400 : 200;
        var out = new ByteArrayBuilder(64 + 80 * outcomes.length);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            if (status == 503) {
                json.writeStringField("error", "Kafka is unavailable; events marked unavailable were not stored, retry them");
                json.writeNullField("field");
                json.writeStringField("reason", failed + " of " + outcomes.length + " events could not be written");
            } else if (status == 400) {
                json.writeStringField("error", rejected == 1 ? "invalid event" : "invalid events");
                writeNullable(json, "field", firstRejection.field());
                json.writeStringField("reason", firstRejection.reason());
            }
            json.writeNumberField("accepted", accepted);
            json.writeNumberField("rejected", rejected);
            json.writeNumberField("duplicates", duplicate);
            json.writeNumberField("unavailable", failed);
            json.writeArrayFieldStart("results");
            for (int i = 0; i < outcomes.length; i++) {
                json.writeStartObject();
                json.writeNumberField("index", i);
                if (eventIds[i] != null) {
                    json.writeStringField("eventId", eventIds[i]);
                }
                switch (outcomes[i]) {
                    case ACCEPTED -> {
                        json.writeStringField("status", "accepted");
                        json.writeStringField("type", types[i].jsonName());
                    }
                    case DUPLICATE -> json.writeStringField("status", "duplicate");
                    case REJECTED -> {
                        json.writeStringField("status", "rejected");
                        writeNullable(json, "field", rejections[i].field());
                        json.writeStringField("reason", rejections[i].reason());
                    }
                    case UNAVAILABLE -> {
                        json.writeStringField("status", "unavailable");
                        if (types[i] != null) {
                            json.writeStringField("type", types[i].jsonName());
                        }
                        json.writeStringField("reason", "Kafka did not acknowledge the write; retry");
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return new Response(status, out.toByteArray(), unavailable ? config.retryAfterSeconds() : 0);
    }

    private static void writeNullable(JsonGenerator json, String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
    }

    private CompletableFuture<Response> wholeBodyRejected(Rejection problem, byte[] body, String source,
            long receivedMs, Executor answering) {
        metrics.rejected(problem.category());
        return writer.send(topics.deadLetter(), source, deadLetter(body, null, problem, source, receivedMs, null).array())
                .orTimeout(config.produceTimeout().plusSeconds(2).toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((metadata, error) -> {
                    if (error != null) {
                        lastKafkaFailureMs.set(System.currentTimeMillis());
                        return new Response(503, errorBody("Kafka is unavailable; the rejected body could not be "
                                + "recorded, retry", null, problem.reason()), config.retryAfterSeconds());
                    }
                    lastKafkaSuccessMs.set(System.currentTimeMillis());
                    return new Response(problem.category().equals(Rejection.TOO_MANY_EVENTS) ? 413 : 400,
                            errorBody("invalid request body", problem.field(), problem.reason()), 0);
                }, answering);
    }

    /**
     * The dead-letter record. No raw user id reaches Kafka (see {@link DeadLetterPayload}): a JSON object is
     * kept readable with every {@code userId} pseudonymised, anything else is sealed under the dead-letter key.
     * Above {@link #MAX_DEAD_LETTER_BYTES} the payload is cut and the reason says so.
     */
    private ByteBuffer deadLetter(byte[] raw, JsonNode node, Rejection rejection, String source, long receivedMs,
            String eventType) {
        var payload = DeadLetterPayload.of(raw, node, pseudonymizer, cipher, MAX_DEAD_LETTER_BYTES);
        String reason = rejection.reason();
        if (payload.cutFromBytes() > 0) {
            reason = reason + " (raw payload cut to " + MAX_DEAD_LETTER_BYTES + " of " + payload.cutFromBytes()
                    + " bytes)";
        }
        var record = DeadLetter.newBuilder().setSource(source).setReason(rejection.category() + ": " + reason)
                .setField(rejection.field()).setRawPayload(ByteBuffer.wrap(payload.bytes()))
                .setReceivedTimeMs(receivedMs).setEventType(eventType).setPayloadCipher(payload.cipher()).build();
        return ByteBuffer.wrap(AvroCodec.standard().encode(record));
    }

    /** {@code {"error":…,"field":…,"reason":…}} as bytes. */
    static byte[] errorBody(String error, String field, String reason) {
        var out = new ByteArrayBuilder(128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("error", error);
            writeNullable(json, "field", field);
            json.writeStringField("reason", reason);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private static String typeName(JsonNode node) {
        if (node != null && node.isObject() && node.get(EventJson.TYPE) != null && node.get(EventJson.TYPE).isTextual()) {
            String name = node.get(EventJson.TYPE).asText();
            return EventType.fromJsonName(name).map(EventType::jsonName).orElse(null);
        }
        return null;
    }
}
