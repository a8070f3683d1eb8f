package io.livepulse.serving;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the load benchmark's data set to a broker: {@code rooms} live rooms {@code room-N} broadcast by
 * {@code streamerN+1} with metrics, and users {@code 1..users} with 5 watched rooms each (seeded); the ids match
 * the synthetic LiveRec log the recommender trains on. Users are stored under their pseudonym with the key in
 * {@code LIVEPULSE_SECRET_PSEUDONYM_KEY}, as the collector would, so the benchmark calls the API with ids
 * {@code 1..users}. Used by {@code serving/bench/wrk-bench.sh}.
 */
public final class LoadFixture {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private LoadFixture() {}

    public static void main(String[] args) {
        String bootstrap = args[0];
        int rooms = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        var topics = new TopicCatalog("livepulse.", 4, (short) 1);
        var random = new Random(42);
        long now = System.currentTimeMillis();
        var pseudonyms = new Pseudonymizer(System.getenv(Pseudonymizer.SECRET_VARIABLE).getBytes(StandardCharsets.UTF_8));
        try (var producer = ServingFixture.producer(bootstrap)) {
            for (int r = 0; r < rooms; r++) {
                String id = "room-" + r;
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.roomCatalog(), id,
                        RoomEvent.newBuilder().setEventId("e" + r).setUserId("streamer" + (r + 1)).setRoomId(id).setEventTimeMs(now)
                                .setReceivedTimeMs(now).setSchemaVersion(1).setAction(RoomAction.STARTED)
                                .setStreamerId("streamer" + (r + 1)).setCategory("games").setTitle(id).setTags(List.of())
                                .setLanguage("zh").build()));
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.roomMetrics(), id,
                        RoomMetrics.newBuilder().setRoomId(id).setWindowStartMs(now - 60_000).setWindowEndMs(now)
                                .setConcurrentViewers(random.nextInt(5_000)).setNewViewers(1).setAvgWatchTimeMs(60_000)
                                .setAvgInteractionsPerMinute(2).setInteractions(5).setGiftRevenueMinor(100)
                                .setOrderRevenueMinor(100).setNewSubscriptions(1).setAdImpressions(100).setAdClicks(2)
                                .setCtr(0.02).setProductClicks(1).setOrders(1).setConversion(1).setTrendingScore(
                                        random.nextDouble() * 100).setCategory("games").build()));
            }
            for (int u = 0; u < users; u++) {
                for (int j = 0; j < 5; j++) {
                    String room = "room-" + random.nextInt(rooms);
                    String user = pseudonyms.pseudonym(String.valueOf(u + 1));
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.userRoomFeatures(),
                            user + "/" + room, UserRoomFeatures.newBuilder().setUserId(user)
                                    .setRoomId(room).setWatchTimeMs(random.nextInt(3_600_000)).setSessions(1)
                                    .setInteractions(3).setInteractionsPerMinute(1).setGiftCount(0).setGiftValueMinor(0)
                                    .setTransmissionTerm(null).setMeanBitrateKbps(null).setMeanBandwidthKbps(null)
                                    .setFirstEventTimeMs(now).setLastEventTimeMs(now).build()));
                }
            }
            producer.flush();
        }
        CONSOLE.info("Produced {} rooms and {} users x 5 user-room features to {}", rooms, users, bootstrap);
    }
}
