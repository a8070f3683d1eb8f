package io.livepulse.models.simulation;

import java.util.SplittableRandom;
import java.util.UUID;

/** The random draws the simulator needs, on a {@link SplittableRandom}. */
final class Draws {
    private Draws() {}

    /** A stream of randomness for one purpose ({@code domain}) and one index, independent of all others. */
    static SplittableRandom stream(long seed, long domain, long index) {
        return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L, domain), index));
    }

    private static long mix(long a, long b) {
        long z = a * 0xBF58476D1CE4E5B9L + b + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    /** Log-normal with mean 1 and log-scale standard deviation {@code s}. */
    static double logNormalMeanOne(SplittableRandom random, double s) {
        return Math.exp(-0.5 * s * s + s * random.nextGaussian());
    }

    static String uuid(SplittableRandom random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** Index {@code i} with probability {@code (cumulative[i] - cumulative[i-1]) / cumulative[n-1]}. */
    static int pick(double[] cumulative, int size, SplittableRandom random) {
        double target = random.nextDouble() * cumulative[size - 1];
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
