package io.livepulse.models.features;

import io.livepulse.schemas.event.AdClick;
import io.livepulse.schemas.event.AdImpression;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.Follow;
import io.livepulse.schemas.event.Gift;
import io.livepulse.schemas.event.Like;
import io.livepulse.schemas.event.Order;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.ProductClick;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.event.Share;
import io.livepulse.schemas.event.Subscription;
import java.util.Comparator;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event flattened to what the feature computations read. Missing numbers are {@code NaN} (V, R) or 0.
 *
 * @param count gifts in a gift event, taps in a like event, order quantity, subscription months; 1 otherwise
 * @param amountMinor gift value or order amount, minor currency units; 0 otherwise
 * @param category room category, for {@link ActivityKind#ROOM} only (else null)
 */
public record Activity(
        ActivityKind kind,
        String eventId,
        String userId,
        String roomId,
        long timeMs,
        double bitrateKbps,
        double bandwidthKbps,
        int count,
        long amountMinor,
        String category) {

    /** Event time, then event id: the order every computation processes a key's events in. */
    public static final Comparator<Activity> EVENT_ORDER =
            Comparator.comparingLong(Activity::timeMs).thenComparing(Activity::eventId);

    public static Activity of(ActivityKind kind, String eventId, String userId, String roomId, long timeMs) {
        return new Activity(kind, eventId, userId, roomId, timeMs, Double.NaN, Double.NaN, 1, 0L, null);
    }

    /** Flattens any LivePulse event record. */
    public static Activity from(SpecificRecord record) {
        if (record instanceof PlayerEvent e) {
            var kind = ActivityKind.valueOf(e.getAction().name());
            return new Activity(kind, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs(),
                    e.getBitrateKbps() == null ? Double.NaN : e.getBitrateKbps(),
                    e.getBandwidthKbps() == null ? Double.NaN : e.getBandwidthKbps(), 1, 0L, null);
        }
        if (record instanceof ChatMessage e) {
            return of(ActivityKind.CHAT, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs());
        }
        if (record instanceof Like e) {
            return new Activity(ActivityKind.LIKE, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs(),
                    Double.NaN, Double.NaN, e.getLikeCount(), 0L, null);
        }
        if (record instanceof Follow e) {
            return of(ActivityKind.FOLLOW, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs());
        }
        if (record instanceof Share e) {
            return of(ActivityKind.SHARE, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs());
        }
        if (record instanceof Gift e) {
            return new Activity(ActivityKind.GIFT, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs(),
                    Double.NaN, Double.NaN, e.getGiftCount(), e.getValueMinor(), null);
        }
        if (record instanceof Subscription e) {
            return new Activity(ActivityKind.SUBSCRIPTION, e.getEventId(), e.getUserId(), e.getRoomId(),
                    e.getEventTimeMs(), Double.NaN, Double.NaN, e.getMonths(), 0L, null);
        }
        if (record instanceof AdImpression e) {
            return of(ActivityKind.AD_IMPRESSION, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs());
        }
        if (record instanceof AdClick e) {
            return of(ActivityKind.AD_CLICK, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs());
        }
        if (record instanceof ProductClick e) {
            return of(ActivityKind.PRODUCT_CLICK, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs());
        }
        if (record instanceof Order e) {
            return new Activity(ActivityKind.ORDER, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs(),
                    Double.NaN, Double.NaN, e.getQuantity(), e.getAmountMinor(), null);
        }
        if (record instanceof RoomEvent e) {
            return new Activity(ActivityKind.ROOM, e.getEventId(), e.getUserId(), e.getRoomId(), e.getEventTimeMs(),
                    Double.NaN, Double.NaN, 1, 0L, e.getCategory());
        }
        throw new IllegalArgumentException("not a LivePulse event: " + record.getSchema().getFullName());
    }

    /** The key of a user's watch sessions in a room. */
    public String userRoomKey() {
        return userId + '/' + roomId;
    }
}
