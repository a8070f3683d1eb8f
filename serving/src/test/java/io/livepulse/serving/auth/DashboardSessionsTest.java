package io.livepulse.serving.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardSessionsTest {
    private static final ApiKeys.ApiKey OPS = new ApiKeys.ApiKey("ops", Set.of(Role.OPERATOR));

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Manual clock = new Manual();
    private final DashboardSessions sessions = new DashboardSessions(clock, Duration.ofHours(8), Duration.ofMinutes(10));

    @Test
    void aSessionLastsItsTtlAndEndsOnLogout() {
        String token = sessions.open(OPS);
        assertThat(sessions.find(token)).contains(OPS);
        clock.now = clock.now.plus(Duration.ofHours(8)).minusMillis(1);
        assertThat(sessions.find(token)).contains(OPS);
        clock.now = clock.now.plusMillis(1);
        assertThat(sessions.find(token)).isEmpty();
        assertThat(sessions.size()).isZero();

        String other = sessions.open(OPS);
        sessions.close(other);
        assertThat(sessions.find(other)).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("forged")).isEmpty();
    }

    @Test
    void aLoginTokenIsRedeemedOnceWithinItsTtlAndIsNotASession() {
        String token = sessions.loginToken(OPS);
        assertThat(sessions.find(token)).isEmpty();
        assertThat(sessions.redeem(token)).contains(OPS);
        assertThat(sessions.redeem(token)).isEmpty();

        String late = sessions.loginToken(OPS);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(sessions.redeem(late)).isEmpty();
    }

    @Test
    void tokensAre256RandomBitsAndExpiredSessionsAreDroppedWhenNewOnesOpen() {
        var tokens = new HashSet<String>();
        for (int i = 0; i < 1_000; i++) {
            tokens.add(sessions.open(OPS));
        }
        assertThat(tokens).hasSize(1_000).allMatch(t -> t.matches("[A-Za-z0-9_-]{43}"));
        clock.now = clock.now.plus(Duration.ofHours(9));
        sessions.open(OPS);
        assertThat(sessions.size()).isEqualTo(1);
    }
}
