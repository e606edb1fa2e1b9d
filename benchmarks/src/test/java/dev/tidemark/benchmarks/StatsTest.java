package dev.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        assertThat(Stats.median(5, 1, 3)).isEqualTo(3);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(4, 1, 3, 10)).isEqualTo(3.5);
    }

    @Test
    void theMedianLeavesItsArgumentUnsorted() {
        double[] v = {3, 1, 2};
        Stats.median(v);
        assertThat(v).containsExactly(3, 1, 2);
    }

    @Property
    void aPercentileIsTheSmallestValueWithAtLeastThatShareAtOrBelowIt(
            @ForAll @Size(min = 1, max = 500) long[] values, @ForAll @DoubleRange(min = 0.01, max = 100) @Scale(3) double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long v = Stats.percentile(sorted, p);
        long atOrBelow = Arrays.stream(sorted).filter(x -> x <= v).count();
        long below = Arrays.stream(sorted).filter(x -> x < v).count();
        double needed = p / 100.0 * sorted.length;
        assertThat((double) atOrBelow).isGreaterThanOrEqualTo(needed - 1e-9);
        assertThat((double) below).isLessThan(needed);
    }

    @Test
    void theHundredthPercentileIsTheMaximum() {
        assertThat(Stats.percentile(new long[] {1, 2, 9}, 100)).isEqualTo(9);
    }

    @Test
    void aPercentileOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 100.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
