package io.livepulse.platform.kafka;

import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.schemas.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Every LivePulse topic: its name, partitions, retention or compaction, and what it holds. The one place
 * topic names are spelt. Records are Avro single-object encoded ({@code schemas/README.md}); event topics
 * are keyed by room id so a room's events stay in order.
 */
public final class TopicCatalog {
    private static final String DAYS_7 = String.valueOf(Duration.ofDays(7).toMillis());
    private static final String DAYS_30 = String.valueOf(Duration.ofDays(30).toMillis());
    private static final String HOUR_1 = String.valueOf(Duration.ofHours(1).toMillis());

    private final String prefix;
    private final int partitions;
    private final short replicationFactor;

    public TopicCatalog(String prefix, int partitions, short replicationFactor) {
        this.prefix = prefix;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public static TopicCatalog of(PlatformConfig config) {
        return new TopicCatalog(config.topicPrefix(), config.partitions(), config.replicationFactor());
    }

    public String playerEvents() {
        return prefix + "events.player";
    }

    public String chatEvents() {
        return prefix + "events.chat";
    }

    /** Likes, follows, shares, gifts and subscriptions. */
    public String engagementEvents() {
        return prefix + "events.engagement";
    }

    /** Ad impressions and clicks, product clicks and orders. */
    public String commerceEvents() {
        return prefix + "events.commerce";
    }

    public String roomCatalog() {
        return prefix + "rooms";
    }

    public String deadLetter() {
        return prefix + "deadletter";
    }

    public String userRoomFeatures() {
        return prefix + "features.user-room";
    }

    public String roomMetrics() {
        return prefix + "features.room";
    }

    public String modelFits() {
        return prefix + "features.fits";
    }

    public String roomSentiment() {
        return prefix + "sentiment.room";
    }

    public String sentimentAlerts() {
        return prefix + "alerts.sentiment";
    }

    /** The topic an event of this type is produced to. */
    public String topicFor(EventType type) {
        return switch (type) {
            case PLAYER -> playerEvents();
            case CHAT -> chatEvents();
            case LIKE, FOLLOW, SHARE, GIFT, SUBSCRIPTION -> engagementEvents();
            case AD_IMPRESSION, AD_CLICK, PRODUCT_CLICK, ORDER -> commerceEvents();
            case ROOM -> roomCatalog();
        };
    }

    /** The topics events arrive on. */
    public List<String> eventTopics() {
        return List.of(playerEvents(), chatEvents(), engagementEvents(), commerceEvents(), roomCatalog());
    }

    /**
     * Every topic with its configuration. All topics stamp records with the broker's append time: event time is in
     * every payload, and Kafka must not judge retention, segment rolling or compaction lag by it (a replayed log
     * from last year would be deleted on arrival, and a compacted feature topic would roll a segment per record).
     * Compacted topics keep every record for an hour before compaction leaves only the last value per key, so a
     * consumer catching up still sees each window and amendment.
     */
    public List<TopicSpec> topics() {
        var delete7d = withAppendTime(Map.of(TopicConfig.RETENTION_MS_CONFIG, DAYS_7));
        var delete30d = withAppendTime(Map.of(TopicConfig.RETENTION_MS_CONFIG, DAYS_30));
        var compact = withAppendTime(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, HOUR_1));
        return List.of(
                new TopicSpec(playerEvents(), partitions, delete7d, "PlayerEvent: join, heartbeat (V, R), leave"),
                new TopicSpec(chatEvents(), partitions, delete7d, "ChatMessage: chat and danmaku"),
                new TopicSpec(engagementEvents(), partitions, delete7d, "Like, Follow, Share, Gift, Subscription"),
                new TopicSpec(commerceEvents(), partitions, delete7d, "AdImpression, AdClick, ProductClick, Order"),
                new TopicSpec(roomCatalog(), partitions, delete30d, "RoomEvent: stream started, updated, ended"),
                new TopicSpec(deadLetter(), 1, delete30d, "DeadLetter: rejected input with the raw bytes and the reason"),
                new TopicSpec(userRoomFeatures(), partitions, compact, "UserRoomFeatures keyed by userId/roomId"),
                new TopicSpec(roomMetrics(), partitions, compact, "RoomMetrics keyed by roomId"),
                new TopicSpec(modelFits(), 1, compact, "ModelFit keyed by model/scope"),
                new TopicSpec(roomSentiment(), partitions, delete7d, "RoomSentiment per room per minute"),
                new TopicSpec(sentimentAlerts(), 1, delete30d, "SentimentAlert: negative-chat spikes with evidence"));
    }

    private static Map<String, String> withAppendTime(Map<String, String> configs) {
        var all = new TreeMap<>(configs);
        all.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        return Map.copyOf(all);
    }

    /**
     * Waits until every partition of {@code names} has a leader. A topic is created before its partitions have
     * leaders, and records produced in between are retried by the producer; with idempotence those retries can fail
     * with out-of-order sequence errors, so callers that produce right away would lose records.
     */
    static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false; // the new topics' metadata has not reached the broker yet
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics " + names + " have partitions without a leader after 30 s");
            }
            Thread.sleep(50);
        }
    }

    /** Creates the catalog's topics that do not exist yet, waits for their leaders, returns the names it created. */
    public List<String> ensureTopics(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            var missing = new ArrayList<NewTopic>();
            for (TopicSpec spec : topics()) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
            return missing.stream().map(NewTopic::name).collect(Collectors.toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
