package io.livepulse.serving.dashboard;

import io.javalin.http.sse.SseClient;
import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.schemas.feature.RoomMetrics;
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

/**
 * The dashboard's Server-Sent Events: a {@code snapshot} every period (CCU, trending rooms with W and I, revenue,
 * ad CTR, pipeline lag) and an {@code alert} the moment a sentiment alert reaches the store.
 */
public final class LiveFeed implements AutoCloseable {
    private final OnlineFeatures features;
    private final Clock clock;
    private final DoubleSupplier lagSeconds;
    private final DoubleSupplier lagRecords;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "dashboard-feed");
        t.setDaemon(true);
        return t;
    });

    public LiveFeed(OnlineFeatures features, Clock clock, DoubleSupplier lagSeconds, DoubleSupplier lagRecords) {
        this.features = features;
        this.clock = clock;
        this.lagSeconds = lagSeconds;
        this.lagRecords = lagRecords;
    }

    public LiveFeed start(Duration period) {
        timer.scheduleAtFixedRate(() -> broadcast("snapshot", snapshot()), 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Registers a browser; it gets the recent alerts and a snapshot at once. */
    public void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        var recent = new ArrayList<>(features.recentAlerts(20));
        Collections.reverse(recent);
        recent.forEach(a -> client.sendEvent("alert", alert(a)));
        client.sendEvent("snapshot", snapshot());
    }

    /** Called for every record the consumer applied: alerts go out immediately. */
    public void onRecord(SpecificRecord record) {
        if (record instanceof SentimentAlert a) {
            broadcast("alert", alert(a));
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
        return snapshot;
    }

    static Map<String, Object> alert(SentimentAlert a) {
        var map = new LinkedHashMap<String, Object>();
        map.put("alertId", a.getAlertId());
        map.put("roomId", a.getRoomId());
        map.put("raisedTimeMs", a.getRaisedTimeMs());
        map.put("negativeShare", a.getNegativeShare());
        map.put("zScore", a.getZScore());
        map.put("topNegativeTerms", a.getTopNegativeTerms().stream().map(Object::toString).toList());
        map.put("sampleMessages", a.getSampleMessages().stream().map(Object::toString).toList());
        map.put("topic", a.getTopic());
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
