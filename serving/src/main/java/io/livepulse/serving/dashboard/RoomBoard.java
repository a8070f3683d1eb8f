package io.livepulse.serving.dashboard;

import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.store.OnlineFeatures;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's rooms: the table of live rooms with a {@link RoomHealth} each, and one room's page (its series
 * over time, its alerts with their triage, its top viewers by W under their pseudonyms).
 */
public final class RoomBoard {
    /** Viewers listed on a room's page. */
    public static final int TOP_VIEWERS = 10;

    private final OnlineFeatures features;
    private final RoomHistory history;
    private final AlertTriage triage;
    private final Clock clock;

    public RoomBoard(OnlineFeatures features, RoomHistory history, AlertTriage triage, Clock clock) {
        this.features = features;
        this.history = history;
        this.triage = triage;
        this.clock = clock;
    }

    /** Every live room with metrics: one row of the rooms table each, highest trending score first. */
    public List<Map<String, Object>> table() {
        long now = clock.millis();
        Set<String> alerted = triage.roomsWithOpenAlerts(now - RoomHealth.ALERT_OPEN_FOR.toMillis());
        var rows = new ArrayList<Map<String, Object>>();
        for (RoomMetrics m : features.liveRoomMetrics()) {
            var row = new LinkedHashMap<String, Object>();
            row.put("roomId", m.getRoomId());
            row.put("category", m.getCategory());
            row.put("ccu", m.getConcurrentViewers());
            row.put("watchMinutes", m.getAvgWatchTimeMs() / 60_000.0);
            row.put("interactionsPerMinute", m.getAvgInteractionsPerMinute());
            row.put("giftRevenueMinor", m.getGiftRevenueMinor());
            row.put("orderRevenueMinor", m.getOrderRevenueMinor());
            row.put("conversion", m.getConversion());
            row.put("newSubscriptions", m.getNewSubscriptions());
            row.put("adCtr", RoomWindowMetrics.rate(m.getAdClicks(), m.getAdImpressions()));
            Optional<RoomSentiment> chat = features.roomSentiment(m.getRoomId());
            row.put("chatMessages", chat.map(RoomSentiment::getMessages).orElse(0));
            row.put("negativeShare", chat.map(RoomSentiment::getNegativeShare).orElse(0.0));
            row.put("trendingScore", m.getTrendingScore());
            row.put("lastWindowEndMs", m.getWindowEndMs());
            row.put("health", health(m, alerted.contains(m.getRoomId()), now).flags());
            rows.add(row);
        }
        return rows;
    }

    private RoomHealth health(RoomMetrics latest, boolean openAlert, long now) {
        long peak = latest.getConcurrentViewers();
        for (var p : history.metrics(latest.getRoomId(), RoomHealth.DROP_WINDOW)) {
            peak = Math.max(peak, p.ccu());
        }
        return RoomHealth.assess(now, latest.getWindowEndMs(), latest.getConcurrentViewers(), peak, openAlert);
    }

    /** One room's page over the last {@code window}, or empty when the server knows nothing of the room. */
    public Optional<Map<String, Object>> room(String roomId, Duration window) {
        Optional<RoomMetrics> latest = features.roomMetrics(roomId);
        if (latest.isEmpty() && features.roomInfo(roomId).isEmpty() && !history.knows(roomId)) {
            return Optional.empty();
        }
        long now = clock.millis();
        var page = new LinkedHashMap<String, Object>();
        page.put("roomId", roomId);
        page.put("live", features.isLive(roomId));
        page.put("category", latest.map(RoomMetrics::getCategory).orElse(null));
        page.put("minutes", window.toMinutes());
        var alerts = new ArrayList<Map<String, Object>>();
        boolean openAlert = false;
        for (var t : triage.list(Integer.MAX_VALUE)) {
            SentimentAlert a = t.alert();
            if (a.getRoomId().equals(roomId)) {
                if (a.getRaisedTimeMs() >= now - window.toMillis()) {
                    alerts.add(LiveFeed.triaged(t));
                }
                openAlert |= !t.state().resolved() && a.getRaisedTimeMs() >= now - RoomHealth.ALERT_OPEN_FOR.toMillis();
            }
        }
        boolean alerted = openAlert;
        page.put("health", latest.map(m -> health(m, alerted, now).flags()).orElse(List.of()));
        page.put("metrics", history.metrics(roomId, window));
        page.put("chat", history.chat(roomId, window));
        page.put("alerts", alerts);
        var viewers = new ArrayList<Map<String, Object>>();
        for (UserRoomFeatures f : features.topViewers(roomId, TOP_VIEWERS)) {
            var v = new LinkedHashMap<String, Object>();
            v.put("pseudonym", f.getUserId());
            v.put("watchMinutes", f.getWatchTimeMs() / 60_000.0);
            v.put("interactionsPerMinute", f.getInteractionsPerMinute());
            v.put("sessions", f.getSessions());
            v.put("giftValueMinor", f.getGiftValueMinor());
            v.put("lastEventTimeMs", f.getLastEventTimeMs());
            viewers.add(v);
        }
        page.put("topViewers", viewers);
        return Optional.of(page);
    }
}
