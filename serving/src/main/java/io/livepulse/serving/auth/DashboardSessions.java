package io.livepulse.serving.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sessions, so that no API key travels in a URL. An operator logs in once (the key in a POST body),
 * and gets a random session token that the server keeps with its expiry; the browser holds it in an
 * {@code HttpOnly; SameSite=Strict} cookie ({@link #COOKIE}) that the dashboard's API calls and event stream send.
 *
 * <p>For a link that logs in (the demo prints one), {@link #loginToken} issues a one-time token that expires after
 * {@code loginTokenTtl}: the first {@link #redeem} removes it, so a copy of the link in a log or a browser history
 * is worth nothing once it has been used or has expired. Tokens are 256 random bits. Sessions live in this
 * process's memory: a restart logs everyone out. Thread-safe.
 */
public final class DashboardSessions {
    /** The session cookie's name. */
    public static final String COOKIE = "livepulse_session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(ApiKeys.ApiKey key, long expiresAtMs) {}

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Map<String, Entry> loginTokens = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration sessionTtl;
    private final Duration loginTokenTtl;

    public DashboardSessions(Clock clock, Duration sessionTtl, Duration loginTokenTtl) {
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.loginTokenTtl = loginTokenTtl;
    }

    public Duration sessionTtl() {
        return sessionTtl;
    }

    /** A new session for {@code key}; returns its token (the cookie's value). */
    public String open(ApiKeys.ApiKey key) {
        return issue(sessions, key, sessionTtl);
    }

    /** The key of a live session, or empty when the token is unknown or expired. */
    public Optional<ApiKeys.ApiKey> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Entry entry = sessions.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAtMs() <= clock.millis()) {
            sessions.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.key());
    }

    /** Ends a session (logout); unknown tokens are ignored. */
    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** A one-time token that {@link #redeem} exchanges for a session of {@code key} within the login-token TTL. */
    public String loginToken(ApiKeys.ApiKey key) {
        return issue(loginTokens, key, loginTokenTtl);
    }

    /** The key of a login token, which is used up by this call; empty when unknown, used or expired. */
    public Optional<ApiKeys.ApiKey> redeem(String loginToken) {
        if (loginToken == null) {
            return Optional.empty();
        }
        Entry entry = loginTokens.remove(loginToken);
        return entry == null || entry.expiresAtMs() <= clock.millis() ? Optional.empty() : Optional.of(entry.key());
    }

    /** Live sessions (expired ones are dropped whenever a token is issued). */
    public int size() {
        return sessions.size();
    }

    private String issue(Map<String, Entry> into, ApiKeys.ApiKey key, Duration ttl) {
        long now = clock.millis();
        into.values().removeIf(e -> e.expiresAtMs() <= now);
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        into.put(token, new Entry(key, now + ttl.toMillis()));
        return token;
    }
}
