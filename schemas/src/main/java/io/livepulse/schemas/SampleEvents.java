package io.livepulse.schemas;

import io.livepulse.schemas.event.AdClick;
import io.livepulse.schemas.event.AdImpression;
import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.DanmakuMode;
import io.livepulse.schemas.event.DeviceType;
import io.livepulse.schemas.event.Follow;
import io.livepulse.schemas.event.Gift;
import io.livepulse.schemas.event.Like;
import io.livepulse.schemas.event.NetworkType;
import io.livepulse.schemas.event.Order;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.ProductClick;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.event.Share;
import io.livepulse.schemas.event.Subscription;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Valid events of every type with every field filled, seeded and reproducible: fixtures for tests and the
 * foundation demo's trickle. The realistic platform model is the ingestion module's simulator.
 */
public final class SampleEvents {
    private static final String[] TEXTS = {"666666", "哈哈哈哈哈", "主播太强了", "this play is insane PogChamp", "lag again..."};
    private final SplittableRandom random;

    public SampleEvents(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One event of each type, all at {@code timeMs}. */
    public List<SpecificRecord> oneOfEach(long timeMs) {
        return Arrays.stream(EventType.values()).map(t -> next(t, timeMs)).toList();
    }

    public SpecificRecord next(EventType type, long timeMs) {
        String id = uuid();
        String user = "u" + random.nextInt(1_000);
        String room = "r" + random.nextInt(50);
        return switch (type) {
            case PLAYER -> PlayerEvent.newBuilder().setEventId(id).setUserId(user).setRoomId(room)
                    .setEventTimeMs(timeMs).setAction(PlayerAction.HEARTBEAT)
                    .setBitrateKbps(pick(1_500.0, 3_000.0, 6_000.0)).setBandwidthKbps(2_000.0 + random.nextInt(20_000))
                    .setRebufferCount(random.nextInt(3)).setDeviceType(DeviceType.ANDROID)
                    .setNetworkType(NetworkType.WIFI).build();
            case CHAT -> ChatMessage.newBuilder().setEventId(id).setUserId(user).setRoomId(room)
                    .setEventTimeMs(timeMs).setKind(ChatKind.DANMAKU).setText(TEXTS[random.nextInt(TEXTS.length)])
                    .setDanmakuPositionMs((long) random.nextInt(3_600_000)).setDanmakuColorRgb(0xFFFFFF)
                    .setDanmakuMode(DanmakuMode.SCROLL).setLanguage("zh").build();
            case LIKE -> Like.newBuilder().setEventId(id).setUserId(user).setRoomId(room).setEventTimeMs(timeMs)
                    .setLikeCount(1 + random.nextInt(5)).build();
            case FOLLOW -> Follow.newBuilder().setEventId(id).setUserId(user).setRoomId(room).setEventTimeMs(timeMs)
                    .setStreamerId("s-" + room).setUnfollow(false).build();
            case SHARE -> Share.newBuilder().setEventId(id).setUserId(user).setRoomId(room).setEventTimeMs(timeMs)
                    .setTarget("wechat").build();
            case GIFT -> Gift.newBuilder().setEventId(id).setUserId(user).setRoomId(room).setEventTimeMs(timeMs)
                    .setGiftId("rocket").setGiftCount(1 + random.nextInt(3)).setValueMinor(100L * (1 + random.nextInt(50)))
                    .setCurrency("CNY").build();
            case AD_IMPRESSION -> AdImpression.newBuilder().setEventId(id).setUserId(user).setRoomId(room)
                    .setEventTimeMs(timeMs).setAdId("ad" + random.nextInt(20)).setPlacement("overlay")
                    .setCampaignId("c1").build();
            case AD_CLICK -> AdClick.newBuilder().setEventId(id).setUserId(user).setRoomId(room).setEventTimeMs(timeMs)
                    .setAdId("ad" + random.nextInt(20)).setPlacement("overlay").setImpressionEventId(uuid()).build();
            case PRODUCT_CLICK -> ProductClick.newBuilder().setEventId(id).setUserId(user).setRoomId(room)
                    .setEventTimeMs(timeMs).setProductId("p" + random.nextInt(100)).setPriceMinor(9_900L)
                    .setCurrency("CNY").build();
            case ORDER -> Order.newBuilder().setEventId(id).setUserId(user).setRoomId(room).setEventTimeMs(timeMs)
                    .setOrderId("o" + random.nextInt(1_000_000)).setProductId("p" + random.nextInt(100))
                    .setQuantity(1 + random.nextInt(2)).setAmountMinor(9_900L).setCurrency("CNY").build();
            case SUBSCRIPTION -> Subscription.newBuilder().setEventId(id).setUserId(user).setRoomId(room)
                    .setEventTimeMs(timeMs).setTier(1 + random.nextInt(3)).setMonths(1).setGifted(random.nextBoolean())
                    .build();
            case ROOM -> RoomEvent.newBuilder().setEventId(id).setUserId("s-" + room).setRoomId(room)
                    .setEventTimeMs(timeMs).setAction(RoomAction.STARTED).setStreamerId("s-" + room)
                    .setCategory("Just Chatting").setTitle("深夜闲聊 late night chat").setTags(List.of("chat", "zh"))
                    .setLanguage("zh").build();
        };
    }

    private double pick(double... values) {
        return values[random.nextInt(values.length)];
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
