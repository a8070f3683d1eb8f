package io.livepulse.models.recommend;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * User and streamer factors of an implicit ALS model, the payload {@value #FILE} of registry kind
 * {@value #KIND}. A score is the dot product of a user's and a streamer's factors; a user without factors (no
 * training history) is folded in as the mean of the factors of the streamers they watched recently.
 */
public final class AlsFactors {
    public static final String KIND = "als-factors/1";
    public static final String FILE = "factors.bin";
    private static final int MAGIC = 0x4C50414C;

    private final int rank;
    private final String[] userIds;
    private final float[] userFactors;
    private final String[] itemIds;
    private final float[] itemFactors;
    private final Map<String, Integer> userRow = new HashMap<>();
    private final Map<String, Integer> itemRow = new HashMap<>();

    public AlsFactors(int rank, String[] userIds, float[] userFactors, String[] itemIds, float[] itemFactors) {
        if (userFactors.length != userIds.length * rank || itemFactors.length != itemIds.length * rank) {
            throw new IllegalArgumentException("factor arrays do not match rank " + rank + " and the id counts");
        }
        this.rank = rank;
        this.userIds = userIds;
        this.userFactors = userFactors;
        this.itemIds = itemIds;
        this.itemFactors = itemFactors;
        for (int i = 0; i < userIds.length; i++) {
            userRow.put(userIds[i], i);
        }
        for (int i = 0; i < itemIds.length; i++) {
            itemRow.put(itemIds[i], i);
        }
    }

    public int rank() {
        return rank;
    }

    public int users() {
        return userIds.length;
    }

    public int items() {
        return itemIds.length;
    }

    /** The factors from a verified registry entry of kind {@value #KIND}. */
    public static AlsFactors load(ModelRegistry.VerifiedModel model) {
        return read(model.file(KIND, FILE));
    }

    public static AlsFactors read(Path file) {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new RegistryException(file + " is not an ALS factor file");
            }
            int rank = in.readInt();
            int users = in.readInt();
            String[] userIds = new String[users];
            float[] uf = new float[users * rank];
            for (int u = 0; u < users; u++) {
                userIds[u] = in.readUTF();
                for (int k = 0; k < rank; k++) {
                    uf[u * rank + k] = in.readFloat();
                }
            }
            int items = in.readInt();
            String[] itemIds = new String[items];
            float[] itf = new float[items * rank];
            for (int i = 0; i < items; i++) {
                itemIds[i] = in.readUTF();
                for (int k = 0; k < rank; k++) {
                    itf[i * rank + k] = in.readFloat();
                }
            }
            return new AlsFactors(rank, userIds, uf, itemIds, itf);
        } catch (IOException e) {
            throw new RegistryException(file + ": cannot read ALS factors (" + e.getMessage() + ")", e);
        }
    }

    public void write(Path file) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(rank);
            out.writeInt(userIds.length);
            for (int u = 0; u < userIds.length; u++) {
                out.writeUTF(userIds[u]);
                for (int k = 0; k < rank; k++) {
                    out.writeFloat(userFactors[u * rank + k]);
                }
            }
            out.writeInt(itemIds.length);
            for (int i = 0; i < itemIds.length; i++) {
                out.writeUTF(itemIds[i]);
                for (int k = 0; k < rank; k++) {
                    out.writeFloat(itemFactors[i * rank + k]);
                }
            }
        }
    }

    /**
     * Scores for serving: {@code live} streamers for a user given by id and recent streamers. Streamers without
     * factors score {@link Double#NEGATIVE_INFINITY}.
     */
    public double[] score(String userId, List<String> recent, List<String> live) {
        float[] u = userVector(userRow.getOrDefault(userId, -1),
                recent.stream().mapToInt(s -> itemRow.getOrDefault(s, -1)).toArray());
        double[] out = new double[live.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dot(u, itemRow.getOrDefault(live.get(i), -1));
        }
        return out;
    }

    private float[] userVector(int row, int[] recentRows) {
        float[] u = new float[rank];
        if (row >= 0) {
            System.arraycopy(userFactors, row * rank, u, 0, rank);
            return u;
        }
        int n = 0;
        for (int r : recentRows) {
            if (r >= 0) {
                for (int k = 0; k < rank; k++) {
                    u[k] += itemFactors[r * rank + k];
                }
                n++;
            }
        }
        for (int k = 0; k < rank && n > 0; k++) {
            u[k] /= n;
        }
        return u;
    }

    private double dot(float[] u, int itemRowIndex) {
        if (itemRowIndex < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = 0;
        int off = itemRowIndex * rank;
        for (int k = 0; k < rank; k++) {
            s += u[k] * itemFactors[off + k];
        }
        return s;
    }

    /** A scorer over the indices of {@code log}: ids are resolved once, then each score is a dot product. */
    public LiveScorer scorer(String name, ViewingLog log) {
        int[] users = new int[log.users()];
        for (int u = 0; u < users.length; u++) {
            users[u] = userRow.getOrDefault(log.userId(u), -1);
        }
        int[] items = new int[log.streamers()];
        for (int s = 0; s < items.length; s++) {
            items[s] = itemRow.getOrDefault(log.streamerName(s), -1);
        }
        return new LiveScorer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void score(EvalInstance q, int[] candidates, double[] scores) {
                int[] recent = new int[q.input().length];
                for (int i = 0; i < recent.length; i++) {
                    recent[i] = items[q.input()[i]];
                }
                float[] u = userVector(users[q.user()], recent);
                for (int i = 0; i < candidates.length; i++) {
                    scores[i] = dot(u, items[candidates[i]]);
                }
            }
        };
    }
}
