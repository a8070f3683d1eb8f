package io.livepulse.ingestion.collector;

/**
 * Remembers event ids for a time window. An id is first reserved (while its event is being written), then
 * confirmed once Kafka acknowledged it, or released if the write failed so that a retry is not mistaken for a
 * duplicate. Holds at most {@code maxIds} ids; the oldest are forgotten first. Thread-safe.
 *
 * <p>Ids are kept as 64-bit hashes in preallocated arrays (about 40 bytes per id, no object per id), so a
 * window of a million ids costs the garbage collector nothing. Two different ids are taken for one with
 * probability about {@code n / 2^64} when {@code n} ids are remembered (5e-14 per event at a million). The
 * hashes are spread over independently locked stripes so that request threads rarely wait for each other;
 * each stripe holds an equal share of {@code maxIds} and forgets its own oldest ids first. A stripe is made
 * only for every {@link #MIN_IDS_PER_STRIPE} ids, so small filters are one exact oldest-first list. A released
 * id keeps its place in that list until its turn comes, so after failed writes a full filter may forget as
 * many other ids early.
 */
public final class DuplicateFilter {
    static final int MIN_IDS_PER_STRIPE = 4_096;
    static final int MAX_STRIPES = 32;

    private final long windowMs;
    private final Stripe[] stripes;
    private final int stripeShift;

    public DuplicateFilter(long windowMs, int maxIds) {
        if (maxIds < 1) {
            throw new IllegalArgumentException("maxIds must be >= 1, got " + maxIds);
        }
        this.windowMs = windowMs;
        int count = Integer.highestOneBit(Math.max(1, Math.min(MAX_STRIPES, maxIds / MIN_IDS_PER_STRIPE)));
        this.stripes = new Stripe[count];
        this.stripeShift = Long.SIZE - Integer.numberOfTrailingZeros(count);
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe(maxIds / count);
        }
    }

    /** Reserves {@code eventId}; false if it was seen (or is being written) within the window. */
    public boolean reserve(String eventId, long nowMs) {
        long hash = hash(eventId);
        return stripe(hash).reserve(hash, nowMs - windowMs, nowMs);
    }

    /** Forgets a reserved id whose write failed. */
    public void release(String eventId) {
        long hash = hash(eventId);
        stripe(hash).release(hash);
    }

    /** Ids remembered now (ids older than the window are forgotten lazily, so this may include some). */
    public int size() {
        int size = 0;
        for (Stripe s : stripes) {
            size += s.size();
        }
        return size;
    }

    int stripes() {
        return stripes.length;
    }

    /** The stripe is chosen by the hash's high bits; each stripe's table is indexed by its low bits. */
    private Stripe stripe(long hash) {
        return stripes.length == 1 ? stripes[0] : stripes[(int) (hash >>> stripeShift)];
    }

    /** FNV-1a over the UTF-16 code units, then the MurmurHash3 finaliser; never 0 (0 marks a free slot). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /**
     * One stripe: a ring of (hash, time) in reservation order, for forgetting the oldest first, and an
     * open-addressing table (linear probing) from hash to its ring position, for look-ups. A released id leaves
     * a stale ring entry behind; it is skipped when the ring reaches it, because the table no longer points
     * there.
     */
    private static final class Stripe {
        private final long[] ringHash;
        private final long[] ringTimeMs;
        private final long[] tableHash;
        private final int[] tableRing;
        private final int mask;
        private int oldest;
        private int ringCount;
        private int size;

        Stripe(int maxIds) {
            int capacity = Math.max(1, maxIds);
            ringHash = new long[capacity];
            ringTimeMs = new long[capacity];
            int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
            tableHash = new long[tableSize];
            tableRing = new int[tableSize];
            mask = tableSize - 1;
        }

        synchronized boolean reserve(long hash, long forgetAtOrBeforeMs, long nowMs) {
            while (ringCount > 0 && ringTimeMs[oldest] <= forgetAtOrBeforeMs) {
                forgetOldest();
            }
            int slot = find(hash);
            if (tableHash[slot] != 0) {
                return false;
            }
            if (ringCount == ringHash.length) {
                forgetOldest();
                slot = find(hash);
            }
            int position = (oldest + ringCount) % ringHash.length;
            ringHash[position] = hash;
            ringTimeMs[position] = nowMs;
            ringCount++;
            tableHash[slot] = hash;
            tableRing[slot] = position;
            size++;
            return true;
        }

        synchronized void release(long hash) {
            int slot = find(hash);
            if (tableHash[slot] != 0) {
                delete(slot);
            }
        }

        synchronized int size() {
            return size;
        }

        private void forgetOldest() {
            int slot = find(ringHash[oldest]);
            if (tableHash[slot] != 0 && tableRing[slot] == oldest) {
                delete(slot);
            }
            oldest = (oldest + 1) % ringHash.length;
            ringCount--;
        }

        /** The slot holding {@code hash}, or the free slot where it would go. */
        private int find(long hash) {
            int slot = (int) hash & mask;
            while (tableHash[slot] != 0 && tableHash[slot] != hash) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        /** Deletes by shifting later entries of the probe run back, so look-ups need no tombstones. */
        private void delete(int slot) {
            int free = slot;
            int next = slot;
            while (true) {
                next = (next + 1) & mask;
                if (tableHash[next] == 0) {
                    break;
                }
                int home = (int) tableHash[next] & mask;
                boolean staysPut = free <= next ? free < home && home <= next : free < home || home <= next;
                if (!staysPut) {
                    tableHash[free] = tableHash[next];
                    tableRing[free] = tableRing[next];
                    free = next;
                }
            }
            tableHash[free] = 0;
            size--;
        }
    }
}
