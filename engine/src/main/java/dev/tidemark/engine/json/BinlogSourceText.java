package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The source block of binlog row events, encoded once per rows event: the rows of one rows event
 * (dozens in a bulk insert) share every field but {@code row}, and eleven fields written token by
 * token were a quarter of the encoding time. Invariant: the text up to {@code "row":} is what
 * {@link SourceBlockEncoder#fields} writes for the same values, rebuilt with it whenever one of the
 * fields it holds changes; each event then writes it as raw bytes followed by its row number.
 */
final class BinlogSourceText {
    private static final byte[] ROW_FIELD = ",\"row\":".getBytes(StandardCharsets.US_ASCII);
    private final SourceBlockEncoder block;
    private final ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    private final char[] digits = new char[12];
    private JsonGenerator generator;
    private SerializableString prefix;
    private String connector;
    private long serverId;
    private String gtid;
    private String file;
    private long pos;
    private TableId table;
    private long commitMillis;
    private boolean snapshot;

    BinlogSourceText(SourceBlockEncoder block) {
        this.block = block;
    }

    void write(JsonGenerator g, ChangeEvent e, SourceInfo.Binlog b, TableId t) throws IOException {
        long millis = e.commitTime().toEpochMilli();
        boolean read = e.op() == Operation.READ;
        // identity checks on the strings: an equal text in another instance only costs a rebuild
        if (prefix == null || b.gtid() != gtid || b.file() != file || b.pos() != pos || t != table
                || millis != commitMillis || b.serverId() != serverId || read != snapshot
                || !b.connector().equals(connector)) {
            rebuild(e, b, t);
            connector = b.connector();
            serverId = b.serverId();
            gtid = b.gtid();
            file = b.file();
            pos = b.pos();
            table = t;
            commitMillis = millis;
            snapshot = read;
        }
        g.writeRawValue(prefix);
        // the row number's digits and the closing brace, without a String per event
        int row = b.row();
        if (row < 0) {
            String text = Integer.toString(row) + '}';
            g.writeRaw(text);
            return;
        }
        int n = 1;
        for (int x = row; x >= 10; x /= 10) {
            n++;
        }
        digits[n] = '}';
        for (int i = n - 1; i >= 0; i--) {
            digits[i] = (char) ('0' + row % 10);
            row /= 10;
        }
        g.writeRaw(digits, 0, n + 1);
    }

    private void rebuild(ChangeEvent e, SourceInfo.Binlog b, TableId t) throws IOException {
        if (generator == null) {
            generator = JsonEnvelope.newGenerator(bytes);
        }
        bytes.reset();
        // the block without its row, then its closing brace replaced by the row field's name
        block.fields(generator, e, new SourceInfo.Binlog(b.connector(), b.serverId(), b.gtid(), b.file(), b.pos(), -1),
                t, true);
        generator.flush();
        byte[] whole = bytes.toByteArray();
        byte[] head = Arrays.copyOf(whole, whole.length - 1 + ROW_FIELD.length);
        System.arraycopy(ROW_FIELD, 0, head, whole.length - 1, ROW_FIELD.length);
        prefix = new SerializedString(new String(head, StandardCharsets.UTF_8));
    }
}
