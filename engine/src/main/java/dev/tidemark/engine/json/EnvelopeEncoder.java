package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.LogicalMessage;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.RowSchema;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes one envelope onto a generator. Holds a scratch buffer and a cache of encoded column
 * names, so an instance belongs to one thread; {@link JsonEnvelope} hands out one per writer or
 * per call.
 */
final class EnvelopeEncoder {
    private static final SerializedString BEFORE = new SerializedString("before");
    private static final SerializedString AFTER = new SerializedString("after");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString OP = new SerializedString("op");
    private static final SerializedString TS_MS = new SerializedString("ts_ms");
    private static final SerializedString TRANSACTION = new SerializedString("transaction");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString TOTAL_ORDER = new SerializedString("total_order");
    private static final SerializedString DATA_COLLECTION_ORDER = new SerializedString("data_collection_order");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString PREFIX = new SerializedString("prefix");
    private static final SerializedString CONTENT = new SerializedString("content");
    private static final SerializedString VERSION = new SerializedString("version");
    private static final SerializedString CONNECTOR = new SerializedString("connector");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString SNAPSHOT = new SerializedString("snapshot");
    private static final SerializedString DB = new SerializedString("db");
    private static final SerializedString SCHEMA = new SerializedString("schema");
    private static final SerializedString TABLE = new SerializedString("table");
    private static final SerializedString TX_ID = new SerializedString("txId");
    private static final SerializedString LSN = new SerializedString("lsn");
    private static final SerializedString SERVER_ID = new SerializedString("server_id");
    private static final SerializedString GTID = new SerializedString("gtid");
    private static final SerializedString FILE = new SerializedString("file");
    private static final SerializedString POS = new SerializedString("pos");
    private static final SerializedString ROW = new SerializedString("row");
    private static final SerializedString TRUE = new SerializedString("true");
    private static final SerializedString FALSE = new SerializedString("false");
    private static final SerializedString POSTGRESQL = new SerializedString("postgresql");
    private static final SerializedString MYSQL = new SerializedString("mysql");
    private static final SerializedString MARIADB = new SerializedString("mariadb");
    private static final SerializedString UNAVAILABLE = new SerializedString(JsonEnvelope.UNAVAILABLE_VALUE);
    private static final SerializedString[] OP_CODES = new SerializedString[Operation.values().length];

    private static final char[][] OP_TAILS = new char[Operation.values().length][];
    private static final char[] TAIL_TX = ",\"transaction\":".toCharArray();
    private static final char[] TAIL_ID = "{\"id\":\"".toCharArray();
    private static final char[] NULL_TEXT = "null".toCharArray();
    private static final char[] TAIL_TOTAL = "\",\"total_order\":".toCharArray();
    private static final char[] TAIL_DCO = ",\"data_collection_order\":".toCharArray();

    static {
        for (Operation op : Operation.values()) {
            OP_CODES[op.ordinal()] = new SerializedString(op.code());
            // ,"op":"c","ts_ms":  (codes are single ASCII letters)
            OP_TAILS[op.ordinal()] = (",\"op\":\"" + op.code() + "\",\"ts_ms\":").toCharArray();
        }
    }

    /** Column-name caches are dropped past this many table versions (schemas change rarely). */
    private static final int MAX_CACHED_SCHEMAS = 512;

    private final JsonEnvelope config;
    private final char[] scratch = new char[TimeText.MAX_CHARS];
    private char[] tailChars = new char[256];
    // the last instant written and its text (ASCII only, so one byte per char)
    private Instant lastInstant;
    private final byte[] lastInstantUtf8 = new byte[TimeText.MAX_CHARS];
    private int lastInstantLength;
    private final Map<RowSchema, SerializableString[]> names = new IdentityHashMap<>();
    private RowSchema lastSchema;
    private SerializableString[] lastNames;
    // db, schema and table of the last tables seen, encoded once: they repeat on every event of a
    // table, and writing a pre-encoded string is a copy where a String is escaped char by char
    private final Map<TableId, SerializableString[]> tableTexts = new IdentityHashMap<>();
    private TableId lastTable;
    private SerializableString[] lastTableText;
    // the transaction id repeats on every event of a transaction, and so do a binlog event's GTID and file
    private final LastText txIds = new LastText();
    private final LastText gtids = new LastText();
    private final LastText files = new LastText();
    private final BinlogSourceText binlogSource = new BinlogSourceText();
    // the pre-encoded middle of a PostgreSQL source block, and what it was built for
    private SerializableString middle;
    private SerializableString[] middleTable;
    private long middleXid;
    private long middleCommitMillis;
    private boolean middleSnapshot;

    EnvelopeEncoder(JsonEnvelope config) {
        this.config = config;
    }

    void write(JsonGenerator g, ChangeEvent e) throws IOException {
        g.writeStartObject();
        g.writeFieldName(BEFORE);
        row(g, e.before());
        g.writeFieldName(AFTER);
        row(g, e.after());
        g.writeFieldName(SOURCE);
        source(g, e);
        if (!tail(g, e)) {
            tokenTail(g, e);
        }
        LogicalMessage m = e.message();
        if (m != null) {
            g.writeFieldName(MESSAGE);
            g.writeStartObject();
            g.writeFieldName(PREFIX);
            g.writeString(m.prefix());
            g.writeFieldName(CONTENT);
            g.writeBinary(m.content());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /**
     * {@code ,"op":..,"ts_ms":..,"transaction":..} as one raw piece of text: thirteen tokens per event
     * that are numbers and pre-encoded strings only, so the generator's checks and escaping per token
     * buy nothing. Raw text after the source block, as with the source block itself: the generator
     * has counted a field in the envelope and puts the comma before the next field it writes. False
     * (nothing written) when the transaction id is not plain ASCII; the tokens then write it.
     */
    private boolean tail(JsonGenerator g, ChangeEvent e) throws IOException {
        char[] txText = null;
        if (e.txId() != null) {
            txText = txIds.of(e.txId()).asQuotedChars();
            for (char c : txText) {
                if (c >= 0x80) {
                    return false;
                }
            }
        }
        char[] op = OP_TAILS[e.op().ordinal()];
        int need = op.length + 20 + TAIL_TX.length + (txText == null ? 4 : TAIL_ID.length + txText.length + TAIL_TOTAL.length
                + TAIL_DCO.length + 2 * 20 + 2);
        if (tailChars.length < need) {
            tailChars = new char[need * 2];
        }
        char[] c = tailChars;
        int p = put(op, c, 0);
        p = digits(config.clock().millis(), c, p);
        p = put(TAIL_TX, c, p);
        if (txText == null) {
            p = put(NULL_TEXT, c, p);
        } else {
            p = put(TAIL_ID, c, p);
            p = put(txText, c, p);
            p = put(TAIL_TOTAL, c, p);
            p = digits(e.totalOrder(), c, p);
            // documented on JsonEnvelope: equal to total_order, not a per-table count
            p = put(TAIL_DCO, c, p);
            p = digits(e.totalOrder(), c, p);
            c[p++] = '}';
        }
        g.writeRaw(c, 0, p);
        return true;
    }

    private static int put(char[] text, char[] out, int p) {
        System.arraycopy(text, 0, out, p, text.length);
        return p + text.length;
    }

    /** A long in decimal, as {@link Long#toString(long)} writes it. */
    private static int digits(long v, char[] out, int p) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return put(Long.toString(v).toCharArray(), out, p);
            }
            out[p++] = '-';
            v = -v;
        }
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        for (int i = p + n - 1; i >= p; i--) {
            out[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return p + n;
    }

    /** The same fields as {@link #tail}, token by token. */
    private void tokenTail(JsonGenerator g, ChangeEvent e) throws IOException {
        g.writeFieldName(OP);
        g.writeString(OP_CODES[e.op().ordinal()]);
        g.writeFieldName(TS_MS);
        g.writeNumber(config.clock().millis());
        g.writeFieldName(TRANSACTION);
        if (e.txId() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeFieldName(ID);
            g.writeString(txIds.of(e.txId()));
            g.writeFieldName(TOTAL_ORDER);
            g.writeNumber(e.totalOrder());
            // documented on JsonEnvelope: equal to total_order, not a per-table count
            g.writeFieldName(DATA_COLLECTION_ORDER);
            g.writeNumber(e.totalOrder());
            g.writeEndObject();
        }
    }

    private void source(JsonGenerator g, ChangeEvent e) throws IOException {
        SourceInfo info = e.source();
        TableId table = e.table();
        boolean rowEvent = e.op() != Operation.MESSAGE && table != null;
        if (rowEvent && info instanceof SourceInfo.Binlog b) {
            binlogSource.write(g, e, b, table);
            return;
        }
        sourceFields(g, e, info, table, rowEvent);
    }

    /** The source block field by field. */
    private void sourceFields(JsonGenerator g, ChangeEvent e, SourceInfo info, TableId table, boolean rowEvent)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName(VERSION);
        g.writeString(config.versionText());
        if (rowEvent && e.txId() != null && info instanceof SourceInfo.Pg pg) {
            // the common case: everything from connector to txId is the same for every event of the
            // transaction in this table, so it is written as one pre-encoded piece. Raw text after
            // the first field: the generator still counts one field in this object and puts the
            // comma before the next field it writes itself
            g.writeRaw(pgSourceMiddle(e, pg, table));
            lsn(g, pg);
            g.writeEndObject();
            return;
        }
        g.writeFieldName(CONNECTOR);
        if (info instanceof SourceInfo.Pg) {
            g.writeString(POSTGRESQL);
        } else if (info.connector().equals("mariadb")) {
            g.writeString(MARIADB);
        } else if (info.connector().equals("mysql")) {
            g.writeString(MYSQL);
        } else {
            g.writeString(info.connector());
        }
        g.writeFieldName(NAME);
        g.writeString(config.pipelineText());
        g.writeFieldName(TS_MS);
        g.writeNumber(e.commitTime().toEpochMilli());
        g.writeFieldName(SNAPSHOT);
        g.writeString(e.op() == Operation.READ ? TRUE : FALSE);
        g.writeFieldName(DB);
        SerializableString[] tableText = table != null ? tableText(table) : null;
        if (tableText != null) {
            g.writeString(tableText[0]);
        } else if (config.database() == null) {
            g.writeNull();
        } else {
            g.writeString(config.database());
        }
        if (info instanceof SourceInfo.Pg pg) {
            if (rowEvent) {
                g.writeFieldName(SCHEMA);
                g.writeString(tableText[1]);
                g.writeFieldName(TABLE);
                g.writeString(tableText[2]);
            }
            g.writeFieldName(TX_ID);
            if (e.txId() == null) {
                g.writeNull();
            } else {
                g.writeNumber(pg.xid());
            }
            lsn(g, pg);
        } else if (info instanceof SourceInfo.Binlog b) {
            if (rowEvent) {
                g.writeFieldName(TABLE);
                g.writeString(tableText[2]);
            }
            g.writeFieldName(SERVER_ID);
            g.writeNumber(b.serverId());
            g.writeFieldName(GTID);
            if (b.gtid() == null || b.gtid().isEmpty()) {
                g.writeNull();
            } else {
                g.writeString(gtids.of(b.gtid()));
            }
            g.writeFieldName(FILE);
            g.writeString(files.of(b.file()));
            g.writeFieldName(POS);
            g.writeNumber(b.pos());
            // -1: the block's text ahead of time, which each event completes with its row
            if (b.row() >= 0) {
                g.writeFieldName(ROW);
                g.writeNumber(b.row());
            }
        }
        g.writeEndObject();
    }

    private static void lsn(JsonGenerator g, SourceInfo.Pg pg) throws IOException {
        g.writeFieldName(LSN);
        // an LSN is unsigned; past 2^63 (never reached in practice) it prints as the unsigned value
        if (pg.lsn().value() >= 0) {
            g.writeNumber(pg.lsn().value());
        } else {
            g.writeNumber(new BigInteger(Long.toUnsignedString(pg.lsn().value())));
        }
    }

    /**
     * {@code ,"connector":"postgresql","name":..,"ts_ms":..,"snapshot":..,"db":..,"schema":..,
     * "table":..,"txId":..} as JSON text, for a row event in a transaction; built again when the
     * transaction, the table or the snapshot flag changes.
     */
    private SerializableString pgSourceMiddle(ChangeEvent e, SourceInfo.Pg pg, TableId table) {
        SerializableString[] tableText = tableText(table);
        long commitMillis = e.commitTime().toEpochMilli();
        boolean snapshot = e.op() == Operation.READ;
        if (tableText == middleTable && pg.xid() == middleXid && commitMillis == middleCommitMillis
                && snapshot == middleSnapshot && middle != null) {
            return middle;
        }
        StringBuilder sb = new StringBuilder(160)
                .append(",\"connector\":\"postgresql\",\"name\":\"").append(quoted(config.pipelineText()))
                .append("\",\"ts_ms\":").append(commitMillis)
                .append(",\"snapshot\":\"").append(snapshot ? "true" : "false")
                .append("\",\"db\":\"").append(quoted(tableText[0]))
                .append("\",\"schema\":\"").append(quoted(tableText[1]))
                .append("\",\"table\":\"").append(quoted(tableText[2]))
                .append("\",\"txId\":").append(pg.xid());
        middle = new SerializedString(sb.toString());
        middleTable = tableText;
        middleXid = pg.xid();
        middleCommitMillis = commitMillis;
        middleSnapshot = snapshot;
        return middle;
    }

    /** The JSON-escaped text of a string, without the quotes. */
    private static char[] quoted(SerializableString s) {
        return s.asQuotedChars();
    }

    private void row(JsonGenerator g, Row row) throws IOException {
        if (row == null) {
            g.writeNull();
            return;
        }
        SerializableString[] cols = columnNames(row.schema());
        g.writeStartObject();
        for (int i = 0; i < cols.length; i++) {
            g.writeFieldName(cols[i]);
            value(g, row.get(i));
        }
        g.writeEndObject();
    }

    /** {db, schema, table} of the table, encoded; sources keep one TableId instance per table, hence identity. */
    private SerializableString[] tableText(TableId table) {
        if (table == lastTable) {
            return lastTableText;
        }
        SerializableString[] text = tableTexts.get(table);
        if (text == null) {
            if (tableTexts.size() >= MAX_CACHED_SCHEMAS) {
                tableTexts.clear();
            }
            text = new SerializableString[] {new SerializedString(table.database()),
                new SerializedString(table.schema()), new SerializedString(table.table())};
            tableTexts.put(table, text);
        }
        lastTable = table;
        lastTableText = text;
        return text;
    }

    /**
     * The source block of binlog row events, encoded once per rows event: the rows of one rows event
     * (dozens in a bulk insert) share every field but {@code row}, and eleven fields written token by
     * token were a quarter of the encoding time. The text up to {@code "row":} is rebuilt, with
     * {@link #sourceFields}, whenever one of the fields it holds changes; each event then writes it
     * as raw bytes followed by its row number.
     */
    private final class BinlogSourceText {
        private static final byte[] ROW_FIELD = ",\"row\":".getBytes(StandardCharsets.US_ASCII);
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
            sourceFields(generator, e, new SourceInfo.Binlog(b.connector(), b.serverId(), b.gtid(), b.file(), b.pos(), -1),
                    t, true);
            generator.flush();
            byte[] whole = bytes.toByteArray();
            byte[] head = Arrays.copyOf(whole, whole.length - 1 + ROW_FIELD.length);
            System.arraycopy(ROW_FIELD, 0, head, whole.length - 1, ROW_FIELD.length);
            prefix = new SerializedString(new String(head, StandardCharsets.UTF_8));
        }
    }

    /**
     * {@link BigDecimal#toPlainString()} of a decimal of up to 18 digits and a scale of 0 to 18 (a
     * money or quantity column), written into {@code out}; -1 for any other, left to toPlainString.
     * toPlainString builds its text through a StringBuilder and was a third of the encoding time of
     * events with two decimal values.
     */
    static int plainDecimal(BigDecimal d, char[] out) {
        int scale = d.scale();
        if (scale < 0 || scale > 18 || d.precision() > 18) {
            return -1;
        }
        // the unscaled value through a scale-0 copy: for a decimal of up to 18 digits that copy is
        // compact and longValueExact reads its long, where unscaledValue() built a BigInteger
        long u = scale == 0 ? d.longValueExact() : d.movePointRight(scale).longValueExact();
        int p = 0;
        if (u < 0) {
            out[p++] = '-';
            u = -u;
        }
        int digits = 1;
        for (long x = u; x >= 10; x /= 10) {
            digits++;
        }
        if (digits <= scale) {
            // 0.00ddd: a zero, the point, then zeros up to the digits
            out[p++] = '0';
            out[p++] = '.';
            for (int i = digits; i < scale; i++) {
                out[p++] = '0';
            }
        }
        int point = digits > scale && scale > 0 ? p + digits - scale : -1;
        int end = p + digits + (point >= 0 ? 1 : 0);
        for (int i = end - 1; i >= p; i--) {
            if (i == point) {
                out[i] = '.';
                continue;
            }
            out[i] = (char) ('0' + u % 10);
            u /= 10;
        }
        return end;
    }

    /** The last string written in one place, encoded once while it repeats. */
    private static final class LastText {
        private String value;
        private SerializableString text;

        SerializableString of(String s) {
            // equals is an identity check for the events of one transaction, which share the instances
            if (!s.equals(value)) {
                value = s;
                text = new SerializedString(s);
            }
            return text;
        }
    }

    private SerializableString[] columnNames(RowSchema schema) {
        if (schema == lastSchema) {
            return lastNames;
        }
        SerializableString[] cols = names.get(schema);
        if (cols == null) {
            if (names.size() >= MAX_CACHED_SCHEMAS) {
                names.clear();
            }
            cols = new SerializableString[schema.size()];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = new SerializedString(schema.columns().get(i).name());
            }
            names.put(schema, cols);
        }
        lastSchema = schema;
        lastNames = cols;
        return cols;
    }

    /** The value table on {@link JsonEnvelope}, in the order of how common each type is. */
    void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer i) {
            g.writeNumber(i.intValue());
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof BigDecimal d) {
            int n = plainDecimal(d, scratch);
            if (n >= 0) {
                g.writeString(scratch, 0, n);
            } else {
                g.writeString(d.toPlainString());
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant t) {
            instant(g, t);
        } else if (v instanceof LocalDateTime t) {
            int p = TimeText.date(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), scratch, 0);
            scratch[p++] = 'T';
            p = TimeText.time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), scratch, p);
            g.writeString(scratch, 0, p);
        } else if (v instanceof LocalDate d) {
            g.writeString(scratch, 0, TimeText.date(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), scratch, 0));
        } else if (v instanceof LocalTime t) {
            g.writeString(scratch, 0, TimeText.time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), scratch, 0));
        } else if (v instanceof Double d) {
            double x = d;
            if (!nonFinite(g, x)) {
                g.writeNumber(x);
            }
        } else if (v instanceof Float f) {
            float x = f;
            if (!nonFinite(g, x)) {
                g.writeNumber(x);
            }
        } else if (v instanceof Short s) {
            g.writeNumber(s.shortValue());
        } else if (v instanceof Byte b) {
            g.writeNumber(b.intValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof byte[] bytes) {
            g.writeBinary(bytes);
        } else if (v instanceof UUID u) {
            g.writeString(u.toString());
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (int i = 0, n = list.size(); i < n; i++) {
                value(g, list.get(i));
            }
            g.writeEndArray();
        } else if (v == Row.UNAVAILABLE) {
            g.writeString(UNAVAILABLE);
        } else if (v instanceof OffsetDateTime t) {
            value(g, t.toInstant());
        } else if (v instanceof ZonedDateTime t) {
            value(g, t.toInstant());
        } else if (v instanceof OffsetTime t) {
            LocalTime utc = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
            int p = TimeText.time(utc.getHour(), utc.getMinute(), utc.getSecond(), utc.getNano(), scratch, 0);
            scratch[p++] = 'Z';
            g.writeString(scratch, 0, p);
        } else {
            g.writeString(v.toString());
        }
    }

    /**
     * An instant as its UTC text. Rows often repeat one (a {@code DEFAULT now()} column is the same
     * for a whole transaction), so the last one's UTF-8 is kept; the text needs no escaping, so
     * it is written as is.
     */
    private void instant(JsonGenerator g, Instant t) throws IOException {
        if (!t.equals(lastInstant)) {
            int n = TimeText.instant(t.getEpochSecond(), t.getNano(), scratch, 0);
            for (int i = 0; i < n; i++) {
                lastInstantUtf8[i] = (byte) scratch[i];
            }
            lastInstantLength = n;
            lastInstant = t;
        }
        g.writeRawUTF8String(lastInstantUtf8, 0, lastInstantLength);
    }

    /** JSON has no NaN or infinities: writes them as strings and says so. */
    private static boolean nonFinite(JsonGenerator g, double d) throws IOException {
        if (Double.isNaN(d)) {
            g.writeString("NaN");
        } else if (d == Double.POSITIVE_INFINITY) {
            g.writeString("Infinity");
        } else if (d == Double.NEGATIVE_INFINITY) {
            g.writeString("-Infinity");
        } else {
            return false;
        }
        return true;
    }
}
