package io.livepulse.serving.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.privacy.ErasureList;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.StreamerModel;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import io.livepulse.serving.store.OnlineFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one user, given the platform's raw id, which is pseudonymised at once and never stored or logged:
 *
 * <ol>
 *   <li>adds the pseudonym to the {@link ErasureList} (training leaves it out; serving forgets it on every model
 *       load);
 *   <li>drops the user's factors from the recommender being served, at once;
 *   <li>writes tombstones to the compacted user-room feature topic for every key {@code pseudonym/roomId};
 *   <li>deletes the user's entries from the online store (RocksDB or Redis);
 *   <li>rewrites the Parquet files holding the user's rows without them (write a new file, then rename over);
 *   <li>rewrites every saved ALS version in the registry that has factors of the user;
 *   <li>appends an audit record (who, when, the pseudonym, counts per store) to {@value #AUDIT_FILE}.
 * </ol>
 *
 * Each step is idempotent: running it again for the same user removes nothing more and is audited again.
 */
public final class UserErasure {
    private static final Logger LOG = LoggerFactory.getLogger(UserErasure.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The audit log under the data directory, one JSON object per line. */
    public static final String AUDIT_FILE = "privacy/erasure-audit.jsonl";
    /** Longest accepted user id, as for {@code /v1/recommendations}. */
    public static final int MAX_ID_CHARS = 128;

    /** The stores this process can reach; the online store is absent when another process owns it. */
    public record Stores(String bootstrapServers, String userRoomTopic,
            Optional<OnlineFeatures> onlineStore, Path dataDir, ModelRegistry registry,
            Supplier<Optional<StreamerModel>> servedModel) {}

    /**
     * What one erasure removed, per store.
     *
     * @param kafkaTombstones keys of the user-room topic that got a tombstone
     * @param onlineStoreEntries user-room entries deleted from the online store (-1: not reachable from here)
     * @param parquetRows rows removed from the offline tables
     * @param parquetFilesRewritten files rewritten without the user (plus {@code parquetFilesDeleted} left empty)
     * @param parquetInProgressFiles files the streaming job is still writing, not rewritable now
     * @param registryVersions saved ALS versions rewritten without the user's factors
     * @param servedModelFactors whether the served recommender held factors of the user (and dropped them)
     */
    public record Removed(int kafkaTombstones, int onlineStoreEntries, long parquetRows, int parquetFilesRewritten,
            int parquetFilesDeleted, int parquetInProgressFiles, int registryVersions, boolean servedModelFactors) {}

    /** The audit record: who asked, when, for which pseudonym, and what was removed. Never the raw id. */
    public record Report(String pseudonym, String actor, long timeMs, String time, Removed removed) {}

    private final Stores stores;
    private final Pseudonymizer pseudonyms;
    private final Clock clock;

    public UserErasure(Stores stores, Pseudonymizer pseudonyms, Clock clock) {
        this.stores = stores;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    /**
     * Erases the user with platform id {@code userId}.
     *
     * @param actor who asked (the API key's name, or the operator's account for the command line)
     * @throws IllegalArgumentException when the id is blank or longer than {@value #MAX_ID_CHARS} characters
     */
    public synchronized Report forget(String userId, String actor) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("the user id is required");
        }
        if (userId.length() > MAX_ID_CHARS) {
            throw new IllegalArgumentException("the user id has at most " + MAX_ID_CHARS + " characters");
        }
        String pseudonym = pseudonyms.pseudonym(userId);
        ErasureList.in(stores.dataDir()).add(pseudonym);
        boolean served = stores.servedModel().get().map(m -> m.forget(pseudonym)).orElse(false);
        // The store first: the tombstones, once applied by the feature consumer, would leave it nothing to count.
        // A record still in flight that lands after this delete is removed by its tombstone.
        int online = stores.onlineStore().map(f -> f.forgetUser(pseudonym)).orElse(-1);
        int tombstones = new FeatureTopicErasure(stores.bootstrapServers()).tombstone(stores.userRoomTopic(),
                pseudonym + "/");
        var parquet = new ParquetErasure(stores.dataDir().resolve("parquet")).erase(pseudonym);
        int versions = eraseFromRegistry(stores.registry(), pseudonym);
        long now = clock.millis();
        var report = new Report(pseudonym, actor, now, Instant.ofEpochMilli(now).toString(), new Removed(tombstones,
                online, parquet.rows(), parquet.filesRewritten(), parquet.filesDeleted(), parquet.inProgressSkipped(),
                versions, served));
        audit(stores.dataDir(), report);
        LOG.info("Erased user {} for {}: {}", pseudonym, actor, report.removed());
        return report;
    }

    /** Rewrites every saved ALS version that has factors of {@code pseudonym}; returns how many. */
    static int eraseFromRegistry(ModelRegistry registry, String pseudonym) {
        int rewritten = 0;
        for (String name : registry.names()) {
            for (int version : registry.versions(name)) {
                try {
                    if (!AlsFactors.KIND.equals(registry.manifest(name, version).kind())) {
                        continue;
                    }
                    Path saved = registry.root().resolve(name).resolve(String.valueOf(version)).resolve(AlsFactors.FILE);
                    if (!AlsFactors.read(saved).knows(pseudonym)) {
                        continue;
                    }
                    registry.rewrite(name, version, (dir, manifest) -> {
                        Path file = dir.resolve(AlsFactors.FILE);
                        AlsFactors.read(file).without(Set.of(pseudonym)).write(file);
                        return true;
                    });
                    rewritten++;
                } catch (RegistryException e) {
                    // a corrupt or half-written version: nothing is served from it; say so and go on
                    LOG.warn("Erasure skipped {} v{}: {}", name, version, e.getMessage());
                }
            }
        }
        return rewritten;
    }

    private static void audit(Path dataDir, Report report) {
        Path file = dataDir.resolve(AUDIT_FILE);
        try {
            Files.createDirectories(file.getParent());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", report.time());
            line.put("timeMs", report.timeMs());
            line.put("actor", report.actor());
            line.put("pseudonym", report.pseudonym());
            line.put("removed", report.removed());
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("The user was erased, but the audit record could not be written to "
                    + file, e);
        }
    }
}
