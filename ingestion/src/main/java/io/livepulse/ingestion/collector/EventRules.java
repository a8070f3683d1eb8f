package io.livepulse.ingestion.collector;

import io.livepulse.schemas.event.AdClick;
import io.livepulse.schemas.event.AdImpression;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.Gift;
import io.livepulse.schemas.event.Like;
import io.livepulse.schemas.event.Order;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.ProductClick;
import io.livepulse.schemas.event.Subscription;
import java.time.Duration;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The range rules an event must meet beyond its schema: ids present and short, event time not too far in
 * the future, V and R &gt; 0, counts &gt;= 1, amounts &gt;= 0, chat text not blank and not too long.
 */
public final class EventRules {
    static final int MAX_ID_CHARS = 128;
    private static final String[] ID_FIELDS = {"eventId", "userId", "roomId"};

    private final Duration maxFutureSkew;
    private final int maxTextChars;

    public EventRules(Duration maxFutureSkew, int maxTextChars) {
        this.maxFutureSkew = maxFutureSkew;
        this.maxTextChars = maxTextChars;
    }

    /** The first rule {@code event} breaks, judged at {@code receivedMs}; empty if it meets them all. */
    public Optional<Rejection> check(SpecificRecord event, long receivedMs) {
        var fields = FieldPositions.of(event.getSchema());
        for (int i = 0; i < ID_FIELDS.length; i++) {
            String id = ID_FIELDS[i];
            String value = String.valueOf(event.get(i == 0 ? fields.eventId() : i == 1 ? fields.userId() : fields.roomId()));
            if (value.isBlank()) {
                return range(id, "must not be blank");
            }
            if (value.length() > MAX_ID_CHARS) {
                return Optional.of(new Rejection(Rejection.TOO_LONG, id, "must have at most " + MAX_ID_CHARS
                        + " characters, got " + value.length()));
            }
        }
        long eventTime = (Long) event.get(fields.eventTimeMs());
        if (eventTime <= 0) {
            return range("eventTimeMs", "must be a positive epoch time in milliseconds");
        }
        if (eventTime > receivedMs + maxFutureSkew.toMillis()) {
            return Optional.of(new Rejection(Rejection.FUTURE_TIME, "eventTimeMs", "is " + (eventTime - receivedMs)
                    + " ms in the future; at most " + maxFutureSkew.toMillis() + " ms are allowed"));
        }
        if (event instanceof PlayerEvent p) {
            boolean needsQos = p.getAction() == PlayerAction.HEARTBEAT;
            var v = positive("bitrateKbps", p.getBitrateKbps(), needsQos);
            if (v.isPresent()) {
                return v;
            }
            var r = positive("bandwidthKbps", p.getBandwidthKbps(), needsQos);
            if (r.isPresent()) {
                return r;
            }
            if (p.getRebufferCount() != null && p.getRebufferCount() < 0) {
                return range("rebufferCount", "must be >= 0");
            }
        } else if (event instanceof ChatMessage c) {
            if (c.getText().isBlank()) {
                return range("text", "must not be blank");
            }
            int chars = c.getText().codePointCount(0, c.getText().length());
            if (chars > maxTextChars) {
                return Optional.of(new Rejection(Rejection.TOO_LONG, "text", "must have at most " + maxTextChars
                        + " characters, got " + chars));
            }
        } else if (event instanceof Like l && l.getLikeCount() < 1) {
            return range("likeCount", "must be >= 1");
        } else if (event instanceof Gift g) {
            if (g.getGiftCount() < 1) {
                return range("giftCount", "must be >= 1");
            }
            if (g.getValueMinor() < 0) {
                return range("valueMinor", "must be >= 0");
            }
        } else if (event instanceof Order o) {
            if (o.getQuantity() < 1) {
                return range("quantity", "must be >= 1");
            }
            if (o.getAmountMinor() < 0) {
                return range("amountMinor", "must be >= 0");
            }
        } else if (event instanceof ProductClick pc && pc.getPriceMinor() != null && pc.getPriceMinor() < 0) {
            return range("priceMinor", "must be >= 0");
        } else if (event instanceof Subscription s) {
            if (s.getTier() < 1) {
                return range("tier", "must be >= 1");
            }
            if (s.getMonths() < 1) {
                return range("months", "must be >= 1");
            }
        } else if (event instanceof AdImpression a && a.getAdId().isBlank()) {
            return range("adId", "must not be blank");
        } else if (event instanceof AdClick a && a.getAdId().isBlank()) {
            return range("adId", "must not be blank");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> positive(String field, Double value, boolean required) {
        if (value == null) {
            return required ? Optional.of(new Rejection(Rejection.MISSING_FIELD, field, "is required on heartbeats"))
                    : Optional.empty();
        }
        return value > 0 ? Optional.empty() : range(field, "must be > 0, got " + value);
    }

    private static Optional<Rejection> range(String field, String reason) {
        return Optional.of(new Rejection(Rejection.OUT_OF_RANGE, field, reason));
    }
}
