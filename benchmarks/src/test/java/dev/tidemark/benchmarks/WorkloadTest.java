package dev.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void rowCountsThatDoNotSplitIntoWholeTransactionsAreRefused() {
        Workload.checkRowCount(1_000_000);
        Workload.checkRowCount(200_000);
        assertThatThrownBy(() -> Workload.checkRowCount(1_000)).hasMessageContaining("multiple of 4,000");
        assertThatThrownBy(() -> Workload.checkRowCount(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void w2HasOneEventPerUpdatedAndPerDeletedRow() {
        assertThat(Workload.w2Events(1_000_000)).isEqualTo(750_000);
    }

    @Test
    void everyReaderStartsFirstOnceInAsManyRunsAsThereAreReaders() {
        List<String> firsts = List.of(0, 1, 2).stream().map(r -> Bench.rotate(Readers.ALL, r).get(0)).toList();
        assertThat(firsts).containsExactlyInAnyOrderElementsOf(Readers.ALL);
        assertThat(Bench.rotate(Readers.ALL, 1)).containsExactlyInAnyOrderElementsOf(Readers.ALL);
    }

    @Test
    void eachReaderHasItsOwnSlot() {
        assertThat(Readers.ALL.stream().map(Readers::slot).distinct()).hasSize(Readers.ALL.size());
        assertThat(Readers.slot(Readers.TIDEMARK_JSONL)).isEqualTo("bench_tidemark_jsonl");
    }
}
