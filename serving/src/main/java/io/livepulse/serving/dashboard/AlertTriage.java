package io.livepulse.serving.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.serving.store.FeatureStore;
import io.livepulse.serving.store.OnlineFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * What operators did with each sentiment alert: an alert is {@code open} when raised, {@code acknowledged} when
 * an operator took it, {@code resolved} when closed; who and when are kept in the feature store's {@code
 * alert-state} table (so they survive a restart). The alerts themselves stay where the consumer stored them.
 */
public final class AlertTriage {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "alert-state";

    /** The triage of one alert; {@code status} is open, acknowledged or resolved. */
    public record State(String status, String acknowledgedBy, Long acknowledgedTimeMs, String resolvedBy,
            Long resolvedTimeMs) {
        static final State OPEN = new State("open", null, null, null, null);

        public boolean resolved() {
            return "resolved".equals(status);
        }
    }

    /** An alert with its triage. */
    public record Triaged(SentimentAlert alert, State state) {}

    /** Acknowledging or resolving an alert that was already resolved. */
    public static final class AlreadyResolved extends RuntimeException {
        AlreadyResolved(String alertId, State state) {
            super("alert '" + alertId + "' was already resolved by " + state.resolvedBy() + " at "
                    + java.time.Instant.ofEpochMilli(state.resolvedTimeMs()), null, false, false);
        }
    }

    private final FeatureStore store;
    private final OnlineFeatures features;
    private final Clock clock;

    public AlertTriage(OnlineFeatures features, Clock clock) {
        this.store = features.store();
        this.features = features;
        this.clock = clock;
    }

    public State state(String alertId) {
        return store.get(TABLE, alertId).map(AlertTriage::decode).orElse(State.OPEN);
    }

    /**
     * Marks an alert as taken by {@code operator}; acknowledging it again keeps the first acknowledgement.
     *
     * @throws NoSuchElementException when no stored alert has this id
     * @throws AlreadyResolved when it was resolved
     */
    public synchronized Triaged acknowledge(String alertId, String operator) {
        SentimentAlert alert = find(alertId);
        State state = state(alertId);
        if (state.resolved()) {
            throw new AlreadyResolved(alertId, state);
        }
        if (state.acknowledgedBy() == null) {
            state = new State("acknowledged", operator, clock.millis(), null, null);
            store.put(TABLE, alertId, encode(state));
        }
        return new Triaged(alert, state);
    }

    /**
     * Closes an alert, keeping who acknowledged it (if anyone did).
     *
     * @throws NoSuchElementException when no stored alert has this id
     * @throws AlreadyResolved when it was resolved before
     */
    public synchronized Triaged resolve(String alertId, String operator) {
        SentimentAlert alert = find(alertId);
        State state = state(alertId);
        if (state.resolved()) {
            throw new AlreadyResolved(alertId, state);
        }
        state = new State("resolved", state.acknowledgedBy(), state.acknowledgedTimeMs(), operator, clock.millis());
        store.put(TABLE, alertId, encode(state));
        return new Triaged(alert, state);
    }

    /** The newest {@code n} alerts with their triage: every unresolved one first, each group newest first. */
    public List<Triaged> list(int n) {
        var states = states();
        var result = new ArrayList<Triaged>();
        for (SentimentAlert a : features.recentAlerts(n)) {
            result.add(new Triaged(a, states.getOrDefault(a.getAlertId(), State.OPEN)));
        }
        result.sort(Comparator.comparing((Triaged t) -> t.state().resolved())
                .thenComparing(t -> -t.alert().getRaisedTimeMs()));
        return result;
    }

    /** Rooms with an alert raised since {@code sinceMs} that nobody resolved. */
    public Set<String> roomsWithOpenAlerts(long sinceMs) {
        var states = states();
        var rooms = new HashSet<String>();
        for (SentimentAlert a : features.recentAlerts(Integer.MAX_VALUE)) {
            if (a.getRaisedTimeMs() >= sinceMs && !states.getOrDefault(a.getAlertId(), State.OPEN).resolved()) {
                rooms.add(a.getRoomId());
            }
        }
        return rooms;
    }

    /** Stored alerts that nobody resolved. */
    public int openCount() {
        var states = states();
        int open = 0;
        for (SentimentAlert a : features.recentAlerts(Integer.MAX_VALUE)) {
            if (!states.getOrDefault(a.getAlertId(), State.OPEN).resolved()) {
                open++;
            }
        }
        return open;
    }

    /** One scan of the state table instead of a read per alert (the dashboard asks every snapshot period). */
    private Map<String, State> states() {
        var states = new HashMap<String, State>();
        store.scan(TABLE, "").forEach((id, bytes) -> states.put(id, decode(bytes)));
        return states;
    }

    private SentimentAlert find(String alertId) {
        Optional<SentimentAlert> alert = features.recentAlerts(Integer.MAX_VALUE).stream()
                .filter(a -> a.getAlertId().equals(alertId)).findFirst();
        return alert.orElseThrow(() -> new NoSuchElementException("no alert '" + alertId + "' is stored"));
    }

    private static byte[] encode(State state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static State decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, State.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable alert state", e);
        }
    }
}
