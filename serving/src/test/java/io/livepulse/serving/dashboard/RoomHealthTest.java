package io.livepulse.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoomHealthTest {
    static final long NOW = 1_000_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            healthy                         | 10000  | 100 | 120 | false | ''
            open alert                      | 10000  | 100 | 120 | true  | sentiment-alert
            silent just over 2 minutes      | 120001 | 100 | 100 | false | silent
            2 minutes exactly is not silent | 120000 | 100 | 100 | false | ''
            half the peak, 50 fewer         | 0      | 50  | 100 | false | ccu-dropping
            a bit more than half            | 0      | 51  | 100 | false | ''
            half, but only 10 fewer         | 0      | 10  | 20  | false | ''
            everything                      | 600000 | 0   | 40  | true  | sentiment-alert,silent,ccu-dropping
            """)
    void flags(String name, long ageMs, long ccu, long peak, boolean alert, String expected) {
        var health = RoomHealth.assess(NOW, NOW - ageMs, ccu, peak, alert);
        var flags = expected.isEmpty() ? List.<String>of() : List.of(expected.split(","));
        assertThat(health.flags()).containsExactlyElementsOf(flags);
        assertThat(health.ok()).isEqualTo(flags.isEmpty());
    }
}
