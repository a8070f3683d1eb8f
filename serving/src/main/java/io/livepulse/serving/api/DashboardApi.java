package io.livepulse.serving.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.dashboard.AlertTriage;
import io.livepulse.serving.dashboard.DashboardHistory;
import io.livepulse.serving.dashboard.LiveFeed;
import io.livepulse.serving.dashboard.RoomBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The dashboard's operator routes: its history, the rooms table, a room's page and the triage of alerts (who
 * acknowledged or resolved each, when). The pages themselves ({@code /dashboard}, {@code /dashboard/rooms/{id}})
 * need no key: they call these with the session cookie.
 */
final class DashboardApi {
    /** Alerts sent with the history (open ones first). */
    static final int HISTORY_ALERTS = 100;
    static final int MAX_MINUTES = (int) DashboardHistory.RETENTION.toMinutes();

    private final LiveFeed feed;
    private final RoomBoard board;

    DashboardApi(LiveFeed feed, RoomBoard board) {
        this.feed = feed;
        this.board = board;
    }

    List<Route> routes(Function<String, String> pages) {
        var operator = EnumSet.of(Role.OPERATOR);
        return List.of(
                new Route(HandlerType.GET, "/dashboard/rooms/{id}", EnumSet.noneOf(Role.class),
                        ctx -> ctx.html(pages.apply("room.html"))),
                new Route(HandlerType.GET, "/v1/dashboard/history", operator, this::history),
                new Route(HandlerType.GET, "/v1/dashboard/rooms", operator,
                        ctx -> ctx.json(Map.of("rooms", board.table()))),
                new Route(HandlerType.GET, "/v1/dashboard/rooms/{id}", operator, this::room),
                new Route(HandlerType.POST, "/v1/alerts/{id}/acknowledge", operator,
                        ctx -> triage(ctx, feed.triage()::acknowledge)),
                new Route(HandlerType.POST, "/v1/alerts/{id}/resolve", operator,
                        ctx -> triage(ctx, feed.triage()::resolve)));
    }

    private static Duration window(Context ctx) {
        return Duration.ofMinutes(ServingApi.intParam(ctx, "minutes", 60, 1, MAX_MINUTES));
    }

    private void history(Context ctx) {
        Duration window = window(ctx);
        var points = feed.history().last(window);
        var series = new LinkedHashMap<String, List<Object>>();
        for (String name : List.of("timeMs", "ccu", "liveRooms", "giftRevenueMinor", "orderRevenueMinor",
                "newSubscriptions", "adCtr", "pipelineLagSeconds", "lagSeconds", "openAlerts")) {
            series.put(name, new ArrayList<>(points.size()));
        }
        for (DashboardHistory.Point p : points) {
            series.get("timeMs").add(p.timeMs());
            series.get("ccu").add(p.ccu());
            series.get("liveRooms").add(p.liveRooms());
            series.get("giftRevenueMinor").add(p.giftRevenueMinor());
            series.get("orderRevenueMinor").add(p.orderRevenueMinor());
            series.get("newSubscriptions").add(p.newSubscriptions());
            series.get("adCtr").add(p.adCtr());
            series.get("pipelineLagSeconds").add(p.pipelineLagSeconds());
            series.get("lagSeconds").add(p.lagSeconds());
            series.get("openAlerts").add(p.openAlerts());
        }
        var alerts = new ArrayList<Map<String, Object>>();
        feed.triage().list(HISTORY_ALERTS).forEach(t -> alerts.add(LiveFeed.triaged(t)));
        var body = new LinkedHashMap<String, Object>();
        body.put("minutes", window.toMinutes());
        body.put("periodMs", feed.period().toMillis());
        body.put("points", points.size());
        body.put("series", series);
        body.put("alerts", alerts);
        ctx.json(body);
    }

    private void room(Context ctx) {
        String id = ctx.pathParam("id");
        Duration window = window(ctx);
        ctx.json(board.room(id, window).orElseThrow(() -> new ApiException(404, "not_found", "id",
                "no room '" + id + "' is known to this server (no metrics, catalog entry or history)")));
    }

    private interface Transition {
        AlertTriage.Triaged apply(String alertId, String operator);
    }

    private void triage(Context ctx, Transition transition) {
        String id = ctx.pathParam("id");
        if (id.isBlank() || id.length() > 200) {
            throw ApiException.badRequest("id", "an alert id of 1 to 200 characters");
        }
        String operator = ctx.attribute(ServingApi.CALLER);
        try {
            var triaged = transition.apply(id, operator);
            feed.alertChanged(triaged);
            ctx.json(LiveFeed.triaged(triaged));
        } catch (NoSuchElementException e) {
            throw new ApiException(404, "not_found", "id", e.getMessage());
        } catch (AlertTriage.AlreadyResolved e) {
            throw new ApiException(409, "conflict", "id", e.getMessage());
        }
    }
}
