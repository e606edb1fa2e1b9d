package dev.tidemark.benchmarks;

import java.util.Arrays;

/** Medians and percentiles, the way the report states them. */
final class Stats {
    private Stats() {
    }

    /** The median; the mean of the middle two for an even count. */
    static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of nothing");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * The nearest-rank percentile of sorted values: the smallest value with at least {@code p}
     * percent of the values at or below it ({@code p} in (0, 100]).
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("percentile of nothing");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
