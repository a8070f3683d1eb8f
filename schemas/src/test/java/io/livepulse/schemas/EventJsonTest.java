package io.livepulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.schemas.Validated.Rejected;
import io.livepulse.schemas.Validated.Valid;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EventJsonTest {
    private static final String HEAD = "\"eventId\":\"e1\",\"userId\":\"u1\",\"roomId\":\"r1\",\"eventTimeMs\":1700000000000";

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTripsThroughJson(EventType type) {
        SpecificRecord event = new SampleEvents(type.ordinal()).next(type, 1_700_000_000_000L);
        byte[] json = EventJson.toJsonString(event).getBytes(StandardCharsets.UTF_8);

        var parsed = EventJson.parse(json);

        assertThat(parsed).isInstanceOf(Valid.class);
        assertThat(((Valid<SpecificRecord>) parsed).value()).isEqualTo(event);
    }

    @Test
    void fillsDefaultsAndAcceptsLowerCaseEnums() {
        var parsed = EventJson.parse(bytes("{\"type\":\"player\"," + HEAD + ",\"action\":\"join\"}"));
        var event = (PlayerEvent) ((Valid<SpecificRecord>) parsed).value();
        assertThat(event.getAction()).isEqualTo(PlayerAction.JOIN);
        assertThat(event.getBitrateKbps()).isNull();
        assertThat(event.getReceivedTimeMs()).isZero();
        assertThat(event.getSchemaVersion()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"like\"," + HEAD + ",\"likeCount\":\"3\"}                    | likeCount   | must be a whole number from -2^31 to 2^31-1",
        "{\"type\":\"like\",\"userId\":\"u1\",\"roomId\":\"r1\",\"eventTimeMs\":1} | eventId     | is required",
        "{\"type\":\"gift\"," + HEAD + ",\"giftId\":\"g\",\"giftCount\":1,\"valueMinor\":1.5,\"currency\":\"CNY\"} | valueMinor | must be a whole number",
        "{\"type\":\"player\"," + HEAD + ",\"action\":\"JUMP\"}                  | action      | must be one of [JOIN, HEARTBEAT, LEAVE]",
        "{\"type\":\"player\"," + HEAD + ",\"action\":\"JOIN\",\"bitrate\":5}    | bitrate     | is not a field of PlayerEvent events",
        "{\"type\":\"room\"," + HEAD + ",\"action\":\"STARTED\",\"streamerId\":\"s\",\"category\":\"c\",\"title\":\"t\",\"tags\":[1],\"language\":\"zh\"} | tags | every element must be a string",
        "{\"type\":\"teleport\"," + HEAD + "}                                     | type        | unknown event type 'teleport'",
        "{" + HEAD + "}                                                           | type        | is required",
        "{\"type\":\"share\"," + HEAD + ",\"target\":null}                       | target      | must be a string",
    })
    void rejectsWithTheFieldAndAReason(String json, String field, String reason) {
        var parsed = EventJson.parse(bytes(json));
        assertThat(parsed).isInstanceOf(Rejected.class);
        var rejected = (Rejected<SpecificRecord>) parsed;
        assertThat(rejected.field()).isEqualTo(field);
        assertThat(rejected.reason()).contains(reason);
        assertThat(rejected.raw()).isEqualTo(bytes(json));
    }

    @Test
    void rejectsBodiesThatAreNotAnEventObject() {
        assertThat(((Rejected<?>) EventJson.parse(bytes("{\"type\":"))).reason()).startsWith("body is not valid JSON");
        assertThat(((Rejected<?>) EventJson.parse(bytes("[1,2]"))).reason()).isEqualTo("an event must be a JSON object");
        assertThat(((Rejected<?>) EventJson.parse(bytes(""))).reason()).isEqualTo("body is empty");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
