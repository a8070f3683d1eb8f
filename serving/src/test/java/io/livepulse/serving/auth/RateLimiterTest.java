package io.livepulse.serving.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong nanos = new AtomicLong();
    final RateLimiter limiter = new RateLimiter(10, 20, nanos::get);

    @Test
    void allowsTheBurstThenTheRatePerKey() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("a")).isTrue();
        }
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(1);
        assertThat(limiter.tryAcquire("b")).isTrue();
        nanos.addAndGet(500_000_000L);
        int allowed = 0;
        while (limiter.tryAcquire("a")) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void tokensNeverExceedTheBurst() {
        nanos.addAndGet(3_600_000_000_000L);
        int allowed = 0;
        while (limiter.tryAcquire("a")) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(20);
    }
}
