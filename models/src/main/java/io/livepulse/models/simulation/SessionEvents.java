package io.livepulse.models.simulation;

import io.livepulse.models.simulation.ChatCorpus.Polarity;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/** Turns a room or a viewing session into its events. Each session's draws come from its own serial. */
final class SessionEvents {
    static final double BASELINE_NEGATIVE_SHARE = 0.15;
    private static final double POSITIVE_SHARE = 0.45;
    private static final double FOLLOW_PROBABILITY = 0.05;
    private static final double SHARE_PROBABILITY = 0.01;
    private static final double PRODUCT_CLICK_PROBABILITY = 0.04;
    private static final double ORDER_AFTER_CLICK = 0.15;
    private static final double SUBSCRIBE_PROBABILITY = 0.005;
    private static final double AD_MINUTES = 15.0;
    private static final double MINUTE_MS = 60_000.0;
    private static final long DOMAIN_EVENTS = 0xE7E7_0001L;
    private static final long DOMAIN_ROOM = 0xE7E7_0002L;
    private static final String[] GIFTS = {"heart", "rose", "rocket"};
    private static final long[] GIFT_PRICE_MINOR = {10, 100, 50_000};
    private static final String[] SHARE_TARGETS = {"wechat", "weibo", "twitter", "link"};
    private static final DeviceType[] DEVICES = {DeviceType.ANDROID, DeviceType.IOS, DeviceType.WEB, DeviceType.DESKTOP, DeviceType.TV};
    private static final NetworkType[] NETWORKS = {NetworkType.WIFI, NetworkType.CELLULAR_4G, NetworkType.CELLULAR_5G, NetworkType.ETHERNET};

    private final SimulationConfig config;
    private final ChatCorpus corpus;

    SessionEvents(SimulationConfig config, ChatCorpus corpus) {
        this.config = config;
        this.corpus = corpus;
    }

    static long timeOf(SpecificRecord event) {
        return (Long) event.get(event.getSchema().getField("eventTimeMs").pos());
    }

    /** Room start sorts before anything else at the same instant, room end after. */
    static int order(SpecificRecord event) {
        if (event instanceof RoomEvent room) {
            return room.getAction() == RoomAction.ENDED ? 2 : 0;
        }
        return 1;
    }

    List<SpecificRecord> roomEvents(Room room) {
        var r = Draws.stream(config.seed(), DOMAIN_ROOM, room.streamId());
        var tags = room.tags();
        return List.of(
                RoomEvent.newBuilder().setEventId(Draws.uuid(r)).setUserId(room.streamerId()).setRoomId(room.roomId())
                        .setEventTimeMs(room.startMs()).setAction(RoomAction.STARTED).setStreamerId(room.streamerId())
                        .setCategory(room.category()).setTitle(room.title()).setTags(tags).setLanguage(room.language())
                        .build(),
                RoomEvent.newBuilder().setEventId(Draws.uuid(r)).setUserId(room.streamerId()).setRoomId(room.roomId())
                        .setEventTimeMs(room.endMs()).setAction(RoomAction.ENDED).setStreamerId(room.streamerId())
                        .setCategory(room.category()).setTitle(room.title()).setTags(tags).setLanguage(room.language())
                        .build());
    }

    List<SpecificRecord> events(ViewingSession s, List<SentimentBurst> bursts) {
        var r = Draws.stream(config.seed(), DOMAIN_EVENTS, s.serial());
        var out = new ArrayList<SpecificRecord>();
        String user = s.userId();
        String room = s.room().roomId();
        long join = s.joinMs();
        long leave = s.leaveMs();
        long span = Math.max(1, leave - join);
        double minutes = s.watchMinutes();
        DeviceType device = DEVICES[s.userIndex() % DEVICES.length];
        NetworkType network = NETWORKS[(s.userIndex() / DEVICES.length) % NETWORKS.length];

        out.add(player(r, s, PlayerAction.JOIN, join, 0, device, network));
        long heartbeat = config.heartbeatInterval().toMillis();
        double rebufferRate = s.bitrateKbps() > s.bandwidthKbps() ? 0.5 : 0.02;
        for (long t = join + heartbeat; t < leave; t += heartbeat) {
            out.add(player(r, s, PlayerAction.HEARTBEAT, t, Draws.poisson(r, rebufferRate), device, network));
        }
        out.add(player(r, s, PlayerAction.LEAVE, leave, 0, device, network));

        String language = s.language();
        int chats = Draws.poisson(r, s.interaction() * minutes);
        for (int i = 0; i < chats; i++) {
            long t = join + (long) (r.nextDouble() * span);
            out.add(chat(r, user, room, t, language, burstAt(bursts, room, t), s));
        }
        for (SentimentBurst burst : bursts) {
            long from = Math.max(join, burst.startMs());
            long to = Math.min(leave, burst.endMs());
            if (!burst.roomId().equals(room) || to <= from) {
                continue;
            }
            double extraRate = (burst.chatRateMultiplier() - 1) * Math.max(s.interaction(), 0.5);
            int extra = Draws.poisson(r, extraRate * (to - from) / MINUTE_MS);
            for (int i = 0; i < extra; i++) {
                long t = from + (long) (r.nextDouble() * (to - from));
                out.add(chat(r, user, room, t, language, burst, s));
            }
        }
        int likes = Draws.poisson(r, s.sigma() * minutes);
        while (likes > 0) {
            int taps = Math.min(likes, 1 + r.nextInt(10));
            out.add(Like.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room)
                    .setEventTimeMs(join + (long) (r.nextDouble() * span)).setLikeCount(taps).build());
            likes -= taps;
        }
        int remainingGifts = s.giftCount();
        while (remainingGifts > 0) {
            int count = remainingGifts >= 10 && r.nextDouble() < 0.5 ? 10 : Math.min(remainingGifts, 1 + r.nextInt(5));
            int kind = count >= 10 ? 2 : r.nextInt(2);
            long t = join + (long) (r.nextDouble() * span);
            out.add(Gift.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room).setEventTimeMs(t)
                    .setGiftId(GIFTS[kind]).setGiftCount(count).setValueMinor(count * GIFT_PRICE_MINOR[kind])
                    .setCurrency("CNY").build());
            remainingGifts -= count;
        }
        if (!s.repeat() && r.nextDouble() < FOLLOW_PROBABILITY) {
            out.add(Follow.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room)
                    .setEventTimeMs(join + (long) (r.nextDouble() * span)).setStreamerId(s.room().streamerId())
                    .setUnfollow(false).build());
        }
        if (r.nextDouble() < SHARE_PROBABILITY) {
            out.add(Share.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room)
                    .setEventTimeMs(join + (long) (r.nextDouble() * span))
                    .setTarget(SHARE_TARGETS[r.nextInt(SHARE_TARGETS.length)]).build());
        }
        int impressions = Draws.poisson(r, minutes / AD_MINUTES);
        for (int i = 0; i < impressions; i++) {
            long t = join + (long) (r.nextDouble() * span);
            String adId = "ad" + r.nextInt(50);
            String impressionId = Draws.uuid(r);
            out.add(AdImpression.newBuilder().setEventId(impressionId).setUserId(user).setRoomId(room).setEventTimeMs(t)
                    .setAdId(adId).setPlacement(r.nextBoolean() ? "overlay" : "preroll")
                    .setCampaignId("c" + adId.hashCode() % 5).build());
            if (r.nextDouble() < config.adClickThroughRate()) {
                out.add(AdClick.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room)
                        .setEventTimeMs(Math.min(leave, t + 2_000 + r.nextInt(18_000))).setAdId(adId)
                        .setPlacement("overlay").setImpressionEventId(impressionId).build());
            }
        }
        if (r.nextDouble() < PRODUCT_CLICK_PROBABILITY) {
            long t = join + (long) (r.nextDouble() * span);
            String product = "p" + (s.room().streamerIndex() % 200) + "-" + r.nextInt(10);
            long price = 990L * (1 + r.nextInt(30));
            out.add(ProductClick.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room).setEventTimeMs(t)
                    .setProductId(product).setPriceMinor(price).setCurrency("CNY").build());
            if (r.nextDouble() < ORDER_AFTER_CLICK) {
                int quantity = 1 + (r.nextDouble() < 0.2 ? 1 : 0);
                out.add(Order.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room)
                        .setEventTimeMs(Math.min(leave, t + 30_000 + r.nextInt(120_000)))
                        .setOrderId("o" + Long.toHexString(r.nextLong() & Long.MAX_VALUE)).setProductId(product)
                        .setQuantity(quantity).setAmountMinor(price * quantity).setCurrency("CNY").build());
            }
        }
        if (r.nextDouble() < SUBSCRIBE_PROBABILITY) {
            out.add(Subscription.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room)
                    .setEventTimeMs(join + (long) (r.nextDouble() * span)).setTier(r.nextDouble() < 0.9 ? 1 : 2)
                    .setMonths(1).setGifted(r.nextDouble() < 0.1).build());
        }
        return out;
    }

    private static SentimentBurst burstAt(List<SentimentBurst> bursts, String room, long t) {
        for (SentimentBurst b : bursts) {
            if (b.covers(room, t)) {
                return b;
            }
        }
        return null;
    }

    private ChatMessage chat(SplittableRandom r, String user, String room, long t, String language,
            SentimentBurst burst, ViewingSession s) {
        double negative = burst == null ? BASELINE_NEGATIVE_SHARE : burst.negativeShare();
        double u = r.nextDouble();
        Polarity polarity = u < negative ? Polarity.NEGATIVE
                : u < negative + (1 - negative) * POSITIVE_SHARE / (1 - BASELINE_NEGATIVE_SHARE) ? Polarity.POSITIVE
                : Polarity.NEUTRAL;
        var builder = ChatMessage.newBuilder().setEventId(Draws.uuid(r)).setUserId(user).setRoomId(room)
                .setEventTimeMs(t).setText(corpus.sample(language, polarity, r)).setLanguage(language);
        if (language.equals("zh") && r.nextDouble() < 0.8) {
            builder.setKind(ChatKind.DANMAKU).setDanmakuPositionMs(t - s.room().startMs())
                    .setDanmakuColorRgb(r.nextDouble() < 0.8 ? 0xFFFFFF : r.nextInt(0x1000000))
                    .setDanmakuMode(r.nextDouble() < 0.9 ? DanmakuMode.SCROLL : DanmakuMode.TOP);
        } else {
            builder.setKind(ChatKind.CHAT);
        }
        return builder.build();
    }

    private static PlayerEvent player(SplittableRandom r, ViewingSession s, PlayerAction action, long t,
            int rebuffers, DeviceType device, NetworkType network) {
        return PlayerEvent.newBuilder().setEventId(Draws.uuid(r)).setUserId(s.userId()).setRoomId(s.room().roomId())
                .setEventTimeMs(t).setAction(action).setBitrateKbps(s.bitrateKbps())
                .setBandwidthKbps(s.bandwidthKbps()).setRebufferCount(rebuffers).setDeviceType(device)
                .setNetworkType(network).build();
    }
}
