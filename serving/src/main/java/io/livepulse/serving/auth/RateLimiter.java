package io.livepulse.serving.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key: {@code perSecond} requests a second on average, bursts up to {@code burst}.
 */
public final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, double burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one token from {@code key}'s bucket; false when it is empty (the caller answers 429). */
    public boolean tryAcquire(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong())).take(perSecond, burst,
                nanoTime.getAsLong());
    }

    /** Seconds until {@code key} has a token again, at least 1 (for {@code Retry-After}). */
    public long retryAfterSeconds(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return 1;
        }
        double missing;
        synchronized (bucket) {
            missing = 1.0 - bucket.tokens;
        }
        return Math.max(1, (long) Math.ceil(missing / perSecond));
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.lastNanos = nowNanos;
        }

        synchronized boolean take(double perSecond, double burst, long nowNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
            lastNanos = nowNanos;
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return true;
            }
            return false;
        }
    }
}
