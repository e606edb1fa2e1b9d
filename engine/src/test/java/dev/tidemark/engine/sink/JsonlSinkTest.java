package dev.tidemark.engine.sink;

import static dev.tidemark.engine.fixtures.Events.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.fixtures.CallLog;
import dev.tidemark.engine.fixtures.RecordingHandler;
import dev.tidemark.engine.fixtures.RecordingStore;
import dev.tidemark.engine.fixtures.ScriptedSource;
import dev.tidemark.engine.json.JsonEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON lines file sink: durable appends, and cutting back to the checkpoint after a crash. */
class JsonlSinkTest {
    private static final JsonEnvelope ENVELOPE = JsonEnvelope.builder().pipeline("shop")
            .clock(Clock.fixed(Instant.parse("2026-11-24T12:00:05Z"), ZoneOffset.UTC)).build();
    private static final Pattern ID = Pattern.compile("\"after\":\\{\"id\":(\\d+),");

    @TempDir
    Path dir;

    private static ChangeBatch batch(Transaction... txs) {
        return new ChangeBatch(List.of(txs));
    }

    /** The id of each line's after row, in file order. */
    private static List<Integer> idsIn(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> {
            Matcher m = ID.matcher(l);
            assertThat(m.find()).as("line has an after.id: %s", l).isTrue();
            return Integer.parseInt(m.group(1));
        }).collect(Collectors.toList());
    }

    private static String expectedLines(Transaction... txs) {
        StringBuilder sb = new StringBuilder();
        for (Transaction t : txs) {
            t.events().forEach(e -> sb.append(ENVELOPE.toJson(e)).append('\n'));
        }
        return sb.toString();
    }

    @Test
    void writesOneEnvelopePerLineAndReturnsTheFileLengthAsState() throws Exception {
        Path file = dir.resolve("nested/deeper/changes.jsonl");
        JsonlSink sink = JsonlSink.create(file, ENVELOPE);
        sink.open(Optional.empty());

        Optional<String> state = sink.write(batch(tx(100, 2), tx(200, 1)));
        sink.close();

        assertThat(Files.readString(file)).isEqualTo(expectedLines(tx(100, 2), tx(200, 1)));
        assertThat(state).contains(Long.toString(Files.size(file)));
        assertThat(sink.id()).isEqualTo("jsonl:" + file);
    }

    @Test
    void cutsTheFileBackToTheCommittedLengthAfterACrash() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        JsonlSink before = JsonlSink.create(file, ENVELOPE);
        before.open(Optional.empty());
        String committed = before.write(batch(tx(100, 2))).orElseThrow();
        before.write(batch(tx(200, 3)));
        // the crash: the second batch's checkpoint was never stored, and half a line was written;
        // the process is gone, and with it its lock on the file (close() writes nothing more)
        Files.writeString(file, "{\"before\":null,\"aft", StandardOpenOption.APPEND);
        before.close();

        JsonlSink after = JsonlSink.create(file, ENVELOPE);
        after.open(Optional.of(committed));
        assertThat(Files.size(file)).isEqualTo(Long.parseLong(committed));
        assertThat(Files.readString(file)).isEqualTo(expectedLines(tx(100, 2)));

        after.write(batch(tx(200, 3)));
        after.close();
        assertThat(idsIn(file)).containsExactly(100_001, 100_002, 200_001, 200_002, 200_003);
    }

    @Test
    void reopeningWithoutStateInTheSameRunRollsBackToEmpty() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        JsonlSink sink = JsonlSink.create(file, ENVELOPE);
        sink.open(Optional.empty());
        sink.write(batch(tx(100, 2)));

        sink.open(Optional.empty());   // the first batch failed before its checkpoint

        assertThat(Files.size(file)).isZero();
        sink.write(batch(tx(100, 2)));
        sink.close();
        assertThat(idsIn(file)).containsExactly(100_001, 100_002);
    }

    @Test
    void refusesAnExistingFileThatHasNoCheckpoint() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        Files.writeString(file, "{\"someone\":\"else\"}\n");
        JsonlSink sink = JsonlSink.create(file, ENVELOPE);

        assertThatThrownBy(() -> sink.open(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("Delete the file or choose another path");
        assertThat(Files.readString(file)).isEqualTo("{\"someone\":\"else\"}\n");
    }

    @Test
    void acceptsAnExistingEmptyFileWithoutCheckpoint() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        Files.createFile(file);
        JsonlSink sink = JsonlSink.create(file, ENVELOPE);
        sink.open(Optional.empty());
        sink.write(batch(tx(100, 1)));
        sink.close();
        assertThat(idsIn(file)).containsExactly(100_001);
    }

    @Test
    void refusesAFileAnotherSinkHoldsOpenAndLeavesItAlone() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        JsonlSink first = JsonlSink.create(file, ENVELOPE);
        first.open(Optional.empty());
        first.write(batch(tx(100, 1)));
        String state = first.write(batch(tx(200, 1))).orElseThrow();
        String committed = Long.toString(Files.size(file) / 2);  // an older checkpoint, as a second instance would load

        JsonlSink second = JsonlSink.create(file, ENVELOPE);
        assertThatThrownBy(() -> second.open(Optional.of(committed)))
                .isInstanceOf(TidemarkException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("is being written by another process or sink");
        assertThat(Files.size(file)).as("not cut back").isEqualTo(Long.parseLong(state));

        first.close();
        second.open(Optional.of(state));  // once the first writer is gone, the file is free
        second.close();
        assertThat(idsIn(file)).containsExactly(100_001, 200_001);
    }

    @Test
    void refusesAFileShorterThanItsCheckpoint() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        Files.writeString(file, "{}\n");

        assertThatThrownBy(() -> JsonlSink.create(file, ENVELOPE).open(Optional.of("4096")))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("is 3 bytes long")
                .hasMessageContaining("says 4096 bytes")
                .hasMessageContaining("replaced or truncated outside Tidemark");
    }

    @Test
    void refusesAMissingFileWhoseCheckpointSaysItHadContent() {
        Path file = dir.resolve("gone.jsonl");
        assertThatThrownBy(() -> JsonlSink.create(file, ENVELOPE).open(Optional.of("120")))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("is 0 bytes long");
        assertThat(file).doesNotExist();
    }

    @Test
    void refusesAStateThatIsNotAFileLength() {
        Path file = dir.resolve("changes.jsonl");
        assertThatThrownBy(() -> JsonlSink.create(file, ENVELOPE).open(Optional.of("0/16B374D8")))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("'0/16B374D8', not a file length");
    }

    @Test
    void aConfiguredIdReplacesThePathInTheStateKey() {
        JsonlSink sink = JsonlSink.builder().file(dir.resolve("x.jsonl")).envelope(ENVELOPE).id("archive").build();
        assertThat(sink.id()).isEqualTo("archive");
        assertThatThrownBy(() -> JsonlSink.builder().envelope(ENVELOPE).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("file(path)");
    }

    @Test
    void aPipelineThatCrashedAfterWritingResumesWithEveryLineExactlyOnce() throws Exception {
        Path file = dir.resolve("out/changes.jsonl");
        CallLog log = new CallLog();
        RecordingStore store = new RecordingStore(log);

        // run 1: the handler fails for good after the sink wrote the second batch: like a crash,
        // the file now holds lines past the checkpoint
        AtomicBoolean second = new AtomicBoolean();
        RecordingHandler failing = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch b) {
                if (!second.compareAndSet(false, true)) {
                    throw new IllegalStateException("crash");
                }
            }
        };
        Pipeline first = Pipeline.builder().name("shop").checkpointStore(store)
                .source(new ScriptedSource(log).emit(tx(100, 2)).emit(tx(200, 2)))
                .sink(JsonlSink.create(file, ENVELOPE)).handler(failing).maxBatchEvents(2)
                .handlerRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0)).build();
        assertThatThrownBy(first::run).isInstanceOf(PipelineFailedException.class);
        assertThat(idsIn(file)).containsExactly(100_001, 100_002, 200_001, 200_002);
        assertThat(store.position("shop")).isEqualTo(tx(100, 2).endPosition());

        // run 2: the source resends everything; the file is cut back and each line comes once
        Pipeline second2 = Pipeline.builder().name("shop").checkpointStore(store)
                .source(new ScriptedSource(log).emit(tx(100, 2)).emit(tx(200, 2)).emit(tx(300, 1)))
                .sink(JsonlSink.create(file, ENVELOPE)).maxBatchEvents(2).build();
        second2.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> tx(300, 1).endPosition().equals(store.position("shop")));
        second2.stop();

        assertThat(second2.status().state()).isEqualTo(PipelineStatus.State.STOPPED);
        assertThat(idsIn(file)).containsExactly(100_001, 100_002, 200_001, 200_002, 300_001);
        assertThat(Files.readString(file)).isEqualTo(expectedLines(tx(100, 2), tx(200, 2), tx(300, 1)));
    }

    @Test
    void aPipelineThatCrashedInItsFirstBatchResumesWithEveryLineExactlyOnce() throws Exception {
        Path file = dir.resolve("out/changes.jsonl");
        CallLog log = new CallLog();
        RecordingStore store = new RecordingStore(log);

        // run 1: the sink wrote the very first batch, then the process "died" before any checkpoint:
        // the file holds lines, and no checkpoint says which
        RecordingHandler crashing = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch b) {
                throw new IllegalStateException("crash");
            }
        };
        Pipeline first = Pipeline.builder().name("shop").checkpointStore(store)
                .source(new ScriptedSource(log).emit(tx(100, 2)))
                .sink(JsonlSink.create(file, ENVELOPE)).handler(crashing)
                .handlerRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0)).build();
        assertThatThrownBy(first::run).isInstanceOf(PipelineFailedException.class);
        assertThat(idsIn(file)).containsExactly(100_001, 100_002);
        assertThat(store.position("shop")).isNull();

        // run 2, a new process: the sink recognises its own uncheckpointed start and begins the file again
        Pipeline second = Pipeline.builder().name("shop").checkpointStore(store)
                .source(new ScriptedSource(log).emit(tx(100, 2)).emit(tx(200, 1)))
                .sink(JsonlSink.create(file, ENVELOPE)).build();
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> tx(200, 1).endPosition().equals(store.position("shop")));
        second.stop();

        assertThat(second.status().state()).isEqualTo(PipelineStatus.State.STOPPED);
        assertThat(Files.readString(file)).isEqualTo(expectedLines(tx(100, 2), tx(200, 1)));
    }

    @Test
    void aFreshFileIsMarkedFromItsFirstWriteUntilItsFirstCheckpointIsKnownToBeStored() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        Path marker = dir.resolve("changes.jsonl" + JsonlSink.NEW_FILE_MARKER_SUFFIX);
        JsonlSink sink = JsonlSink.create(file, ENVELOPE);
        sink.open(Optional.empty());
        assertThat(marker).as("nothing written, nothing to mark").doesNotExist();

        sink.write(batch(tx(100, 1)));
        assertThat(marker).as("the first batch's checkpoint may not be stored yet").exists();
        sink.write(batch(tx(200, 1)));  // called only once the first batch's checkpoint was stored
        assertThat(marker).doesNotExist();
        sink.close();

        // from now on the file is a checkpointed stream: without its state it is refused, never emptied
        assertThatThrownBy(() -> JsonlSink.create(file, ENVELOPE).open(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Delete the file or choose another path");
        assertThat(idsIn(file)).containsExactly(100_001, 200_001);
    }

    @Test
    void reopeningWithAStoredStateRemovesTheMarker() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        Path marker = dir.resolve("changes.jsonl" + JsonlSink.NEW_FILE_MARKER_SUFFIX);
        JsonlSink before = JsonlSink.create(file, ENVELOPE);
        before.open(Optional.empty());
        String state = before.write(batch(tx(100, 1))).orElseThrow();
        before.close();  // stopped right after the first checkpoint

        JsonlSink after = JsonlSink.create(file, ENVELOPE);
        after.open(Optional.of(state));

        assertThat(marker).doesNotExist();
        after.close();
        assertThat(idsIn(file)).containsExactly(100_001);
    }

    @Test
    void aRetriedBatchIsWrittenOnceWhenTheHandlerRecovers() throws Exception {
        Path file = dir.resolve("changes.jsonl");
        CallLog log = new CallLog();
        RecordingStore store = new RecordingStore(log);
        AtomicBoolean failed = new AtomicBoolean();
        RecordingHandler flaky = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch b) {
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("flaky");
                }
            }
        };
        try (Pipeline p = Pipeline.builder().name("shop").checkpointStore(store)
                .source(new ScriptedSource(log).emit(tx(100, 3)))
                .sink(JsonlSink.create(file, ENVELOPE)).handler(flaky)
                .handlerRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 1.0)).build()) {
            p.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> tx(100, 3).endPosition().equals(store.position("shop")));
        }
        assertThat(flaky.calls()).hasSize(2);
        assertThat(idsIn(file)).containsExactly(100_001, 100_002, 100_003);
    }

    @Test
    void theStdoutSinkWritesTheSameLinesAndKeepsNoState() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdoutSink sink = StdoutSink.to(out, ENVELOPE, "console");
        sink.open(Optional.empty());

        assertThat(sink.write(batch(tx(100, 2), tx(200, 1)))).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expectedLines(tx(100, 2), tx(200, 1)));
        sink.close();
        assertThat(sink.id()).isEqualTo("console");
        assertThat(StdoutSink.create(ENVELOPE).id()).isEqualTo("stdout");
    }
}
