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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User and streamer factors of an implicit ALS model, the payload {@value #FILE} of registry kind
 * {@value #KIND}. A score is the dot product of a user's and a streamer's factors; a user without factors (no
 * training history) is folded in as the visit-weighted mean of the factors of the streamers they watched.
 */
public final class AlsFactors implements StreamerModel {
    public static final String KIND = "als-factors/1";
    public static final String FILE = "factors.bin";
    private static final int MAGIC = 0x4C50414C;

    private final int rank;
    private final String[] userIds;
    private final float[] userFactors;
    private final String[] itemIds;
    private final float[] itemFactors;
    // concurrent: serving removes an erased user's row while requests read it
    private final Map<String, Integer> userRow = new ConcurrentHashMap<>();
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

    /** Users that have factors (an erased user no longer counts). */
    public int users() {
        return userRow.size();
    }

    /** Whether {@code userId} has factors of their own. */
    public boolean knows(String userId) {
        return userRow.containsKey(userId);
    }

    /**
     * Drops the factors of {@code userId} from this loaded model at once: scores for them fall back to the fold-in
     * of their history, as for a user never trained on. Their row is zeroed in memory. Returns whether they had any.
     */
    @Override
    public boolean forget(String userId) {
        Integer row = userRow.remove(userId);
        if (row == null) {
            return false;
        }
        Arrays.fill(userFactors, row * rank, (row + 1) * rank, 0f);
        return true;
    }

    /** A copy without the factors of {@code userIds} (for rewriting a saved model); this one is unchanged. */
    public AlsFactors without(Set<String> erased) {
        var ids = new ArrayList<String>();
        var factors = new ArrayList<float[]>();
        for (int u = 0; u < this.userIds.length; u++) {
            String id = this.userIds[u];
            if (!erased.contains(id) && userRow.containsKey(id)) {
                ids.add(id);
                float[] f = new float[rank];
                System.arraycopy(userFactors, u * rank, f, 0, rank);
                factors.add(f);
            }
        }
        float[] uf = new float[ids.size() * rank];
        for (int u = 0; u < ids.size(); u++) {
            System.arraycopy(factors.get(u), 0, uf, u * rank, rank);
        }
        return new AlsFactors(rank, ids.toArray(String[]::new), uf, itemIds, itemFactors);
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
            out.writeInt(userRow.size());
            for (int u = 0; u < userIds.length; u++) {
                if (!userRow.containsKey(userIds[u])) {
                    continue; // forgotten (erased) since it was loaded
                }
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

    @Override
    public boolean score(String userId, List<WatchedStreamer> history, String[] streamers, double[] scores) {
        int row = userRow.getOrDefault(userId, -1);
        float[] u = new float[rank];
        if (row >= 0) {
            System.arraycopy(userFactors, row * rank, u, 0, rank);
        } else if (!foldIn(history, u)) {
            return false;
        }
        for (int i = 0; i < streamers.length; i++) {
            scores[i] = dot(u, itemRow.getOrDefault(streamers[i], -1));
        }
        return true;
    }

    /** A user trained without factors: the visit-weighted mean of their streamers' factors; false if none has any. */
    private boolean foldIn(List<WatchedStreamer> history, float[] u) {
        int n = 0;
        for (WatchedStreamer w : history) {
            int r = itemRow.getOrDefault(w.streamerId(), -1);
            if (r >= 0) {
                for (int k = 0; k < rank; k++) {
                    u[k] += w.visits() * itemFactors[r * rank + k];
                }
                n += w.visits();
            }
        }
        for (int k = 0; k < rank && n > 0; k++) {
            u[k] /= n;
        }
        return n > 0;
    }

    private double dot(float[] u, int itemRowIndex) {
        if (itemRowIndex < 0) {
            return Double.NaN;
        }
        double s = 0;
        int off = itemRowIndex * rank;
        for (int k = 0; k < rank; k++) {
            s += u[k] * itemFactors[off + k];
        }
        return s;
    }
}
