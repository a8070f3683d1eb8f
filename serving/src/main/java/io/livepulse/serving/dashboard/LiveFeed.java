package io.livepulse.serving.dashboard;

import io.javalin.http.sse.SseClient;
import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.serving.store.OnlineFeatures;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's Server-Sent Events: a {@code snapshot} every period (CCU, trending rooms with W and I, revenue,
 * ad CTR, pipeline lag, open alerts), an {@code alert} the moment a sentiment alert reaches the store and an {@code
 * alert-state} when an operator acknowledges or resolves one. Each snapshot is also kept in the {@link
 * DashboardHistory}, and each room window in the {@link RoomHistory}, so that a page opened later draws the past.
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private final OnlineFeatures features;
    private final Clock clock;
    private final DoubleSupplier lagSeconds;
    private final DoubleSupplier lagRecords;
    private final Duration period;
    private final DashboardHistory history;
    private final RoomHistory roomHistory;
    private final AlertTriage triage;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "dashboard-feed");
        t.setDaemon(true);
        return t;
    });

    /** Restores the history kept in the features' store by an earlier run. */
    public LiveFeed(OnlineFeatures features, Clock clock, Duration period, DoubleSupplier lagSeconds,
            DoubleSupplier lagRecords) {
        this.features = features;
        this.clock = clock;
        this.period = period;
        this.lagSeconds = lagSeconds;
        this.lagRecords = lagRecords;
        this.history = new DashboardHistory(features.store(), clock, period, DashboardHistory.RETENTION);
        this.roomHistory = new RoomHistory(features.store(), clock, DashboardHistory.RETENTION);
        this.triage = new AlertTriage(features, clock);
    }

    public LiveFeed start() {
        timer.scheduleAtFixedRate(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            var s = snapshot();
            history.record(point(s));
            roomHistory.expire();
            broadcast("snapshot", s);
        } catch (RuntimeException e) {
            // a failing store must not end the timer: the next period tries again
            LOG.warn("Dashboard snapshot failed; next try in {}: {}", period, e.toString());
        }
    }

    static DashboardHistory.Point point(Map<String, Object> s) {
        return new DashboardHistory.Point((long) s.get("timeMs"), (long) s.get("ccu"), (int) s.get("liveRooms"),
                (long) s.get("giftRevenueMinor"), (long) s.get("orderRevenueMinor"), (long) s.get("newSubscriptions"),
                (double) s.get("adCtr"), (double) s.get("pipelineLagSeconds"), (double) s.get("lagSeconds"),
                (int) s.get("openAlerts"));
    }

    public Duration period() {
        return period;
    }

    public DashboardHistory history() {
        return history;
    }

    public RoomHistory roomHistory() {
        return roomHistory;
    }

    public AlertTriage triage() {
        return triage;
    }

    /** Tells every open page that an operator changed an alert's state. */
    public void alertChanged(AlertTriage.Triaged triaged) {
        broadcast("alert-state", triaged(triaged));
    }

    /** Registers a browser; it gets the recent alerts and a snapshot at once. */
    public void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        var recent = new ArrayList<>(triage.list(20));
        Collections.reverse(recent);
        recent.forEach(t -> client.sendEvent("alert", triaged(t)));
        client.sendEvent("snapshot", snapshot());
    }

    /** Called for every record the consumer applied: alerts go out immediately. */
    public void onRecord(SpecificRecord record) {
        if (record instanceof SentimentAlert a) {
            broadcast("alert", alert(a));
        } else if (record instanceof RoomMetrics m) {
            roomHistory.record(m);
        } else if (record instanceof RoomSentiment s) {
            roomHistory.record(s);
        }
    }

    public int clients() {
        return clients.size();
    }

    /** What the dashboard draws, as of now. */
    public Map<String, Object> snapshot() {
        List<RoomMetrics> live = features.liveRoomMetrics();
        long ccu = 0;
        long gifts = 0;
        long orders = 0;
        long subscriptions = 0;
        long impressions = 0;
        long clicks = 0;
        for (RoomMetrics m : live) {
            ccu += m.getConcurrentViewers();
            gifts += m.getGiftRevenueMinor();
            orders += m.getOrderRevenueMinor();
            subscriptions += m.getNewSubscriptions();
            impressions += m.getAdImpressions();
            clicks += m.getAdClicks();
        }
        var rooms = new ArrayList<Map<String, Object>>();
        for (RoomMetrics m : live.subList(0, Math.min(10, live.size()))) {
            var room = new LinkedHashMap<String, Object>();
            room.put("roomId", m.getRoomId());
            room.put("ccu", m.getConcurrentViewers());
            room.put("watchMinutes", m.getAvgWatchTimeMs() / 60_000.0);
            room.put("interactionsPerMinute", m.getAvgInteractionsPerMinute());
            room.put("trendingScore", m.getTrendingScore());
            room.put("category", m.getCategory());
            rooms.add(room);
        }
        var snapshot = new LinkedHashMap<String, Object>();
        snapshot.put("timeMs", clock.millis());
        snapshot.put("ccu", ccu);
        snapshot.put("liveRooms", live.size());
        snapshot.put("rooms", rooms);
        snapshot.put("giftRevenueMinor", gifts);
        snapshot.put("orderRevenueMinor", orders);
        snapshot.put("newSubscriptions", subscriptions);
        snapshot.put("adCtr", RoomWindowMetrics.rate(clicks, impressions));
        snapshot.put("pipelineLagSeconds", features.pipelineLagSeconds());
        snapshot.put("lagSeconds", lagSeconds.getAsDouble());
        snapshot.put("lagRecords", lagRecords.getAsDouble());
        snapshot.put("openAlerts", triage.openCount());
        return snapshot;
    }

    static LinkedHashMap<String, Object> alert(SentimentAlert a) {
        var map = new LinkedHashMap<String, Object>();
        map.put("alertId", a.getAlertId());
        map.put("roomId", a.getRoomId());
        map.put("raisedTimeMs", a.getRaisedTimeMs());
        map.put("negativeShare", a.getNegativeShare());
        map.put("zScore", a.getZScore());
        map.put("topNegativeTerms", a.getTopNegativeTerms().stream().map(Object::toString).toList());
        map.put("sampleMessages", a.getSampleMessages().stream().map(Object::toString).toList());
        map.put("topic", a.getTopic());
        map.put("status", "open");
        return map;
    }

    /** An alert as the dashboard shows it, with its status and who acknowledged or resolved it when. */
    public static Map<String, Object> triaged(AlertTriage.Triaged t) {
        var map = alert(t.alert());
        map.put("windowStartMs", t.alert().getWindowStartMs());
        map.put("windowEndMs", t.alert().getWindowEndMs());
        map.put("messages", t.alert().getMessages());
        map.put("baselineShare", t.alert().getBaselineShare());
        var state = t.state();
        map.put("status", state.status());
        map.put("acknowledgedBy", state.acknowledgedBy());
        map.put("acknowledgedTimeMs", state.acknowledgedTimeMs());
        map.put("resolvedBy", state.resolvedBy());
        map.put("resolvedTimeMs", state.resolvedTimeMs());
        return map;
    }

    private void broadcast(String event, Object data) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent(event, data);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.forEach(SseClient::close);
    }
}
