package dev.tidemark.engine;

import static dev.tidemark.engine.fixtures.Events.idsOf;
import static dev.tidemark.engine.fixtures.Events.parts;
import static dev.tidemark.engine.fixtures.Events.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.fixtures.CallLog;
import dev.tidemark.engine.fixtures.RecordingHandler;
import dev.tidemark.engine.fixtures.RecordingStore;
import dev.tidemark.engine.fixtures.ScriptedSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** How the pipeline cuts the change stream into batches, for any mix of transaction sizes. */
class PipelineBatchingTest {

    @Property(tries = 30)
    void batchesKeepEveryEventInOrderWithinTheBoundAndSplitOnlyTransactionsLargerThanIt(
            @ForAll @IntRange(min = 1, max = 8) int maxBatchEvents,
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 20) Integer> sizes,
            @ForAll boolean sourceSplitsLargeTransactions) throws Exception {
        CallLog log = new CallLog();
        ScriptedSource source = new ScriptedSource(log);
        RecordingStore store = new RecordingStore(log);
        RecordingHandler handler = new RecordingHandler(log);
        List<Transaction> whole = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            Transaction t = tx(100L * (i + 1), sizes.get(i));
            whole.add(t);
            source.emitAll(sourceSplitsLargeTransactions ? parts(t, maxBatchEvents) : List.of(t));
        }
        Position end = whole.get(whole.size() - 1).endPosition();

        try (Pipeline pipeline = Pipeline.builder().name("shop").source(source).checkpointStore(store)
                .handler(handler).maxBatchEvents(maxBatchEvents).build()) {
            pipeline.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> end.equals(store.position("shop")));
        }

        assertThat(idsOf(handler.transactions())).containsExactlyElementsOf(idsOf(whole));
        assertThat(handler.batches()).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(maxBatchEvents));

        Map<String, List<Transaction>> partsById = new LinkedHashMap<>();
        String previous = null;
        for (Transaction t : handler.transactions()) {
            if (!t.id().equals(previous)) {
                assertThat(partsById).as("parts of one transaction are never interleaved").doesNotContainKey(t.id());
            }
            partsById.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t);
            previous = t.id();
        }
        for (Transaction original : whole) {
            List<Transaction> delivered = partsById.get(original.id());
            int expectedParts = original.size() <= maxBatchEvents ? 1 : (original.size() + maxBatchEvents - 1) / maxBatchEvents;
            assertThat(delivered).hasSize(expectedParts);
            for (int p = 0; p < delivered.size(); p++) {
                Transaction part = delivered.get(p);
                assertThat(part.part()).isEqualTo(p);
                assertThat(part.lastPart()).isEqualTo(p == delivered.size() - 1);
                if (!part.lastPart()) {
                    assertThat(part.endPosition()).isEqualTo(part.events().get(part.size() - 1).position());
                }
            }
            assertThat(delivered.get(delivered.size() - 1).endPosition()).isEqualTo(original.endPosition());
        }
    }
}
