package io.livepulse.schemas;

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
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Every kind of event a live platform sends, with its JSON name and Avro schema. */
public enum EventType {
    PLAYER("player", PlayerEvent.class, PlayerEvent.getClassSchema()),
    CHAT("chat", ChatMessage.class, ChatMessage.getClassSchema()),
    LIKE("like", Like.class, Like.getClassSchema()),
    FOLLOW("follow", Follow.class, Follow.getClassSchema()),
    SHARE("share", Share.class, Share.getClassSchema()),
    GIFT("gift", Gift.class, Gift.getClassSchema()),
    AD_IMPRESSION("ad_impression", AdImpression.class, AdImpression.getClassSchema()),
    AD_CLICK("ad_click", AdClick.class, AdClick.getClassSchema()),
    PRODUCT_CLICK("product_click", ProductClick.class, ProductClick.getClassSchema()),
    ORDER("order", Order.class, Order.getClassSchema()),
    SUBSCRIPTION("subscription", Subscription.class, Subscription.getClassSchema()),
    ROOM("room", RoomEvent.class, RoomEvent.getClassSchema());

    private final String jsonName;
    private final Class<? extends SpecificRecord> recordClass;
    private final Schema schema;

    EventType(String jsonName, Class<? extends SpecificRecord> recordClass, Schema schema) {
        this.jsonName = jsonName;
        this.recordClass = recordClass;
        this.schema = schema;
    }

    /** The value of the {@code "type"} member in the JSON form. */
    public String jsonName() {
        return jsonName;
    }

    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    public Schema schema() {
        return schema;
    }

    public static Optional<EventType> fromJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }

    public static Optional<EventType> of(SpecificRecord record) {
        return Arrays.stream(values()).filter(t -> t.recordClass.isInstance(record)).findFirst();
    }

    /** The JSON names, comma separated, for error messages. */
    public static String jsonNames() {
        return Arrays.stream(values()).map(EventType::jsonName).collect(Collectors.joining(", "));
    }
}
