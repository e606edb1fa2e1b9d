package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import java.io.IOException;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The {@code source} block of an envelope. Invariant: {@link #fields}, token by token, is the
 * reference form; the shortcuts (the pre-encoded middle of a PostgreSQL row event's block, and
 * {@link BinlogSourceText} for binlog row events) write the same bytes, rebuilt whenever one of the
 * values they hold changes. Holds caches, so an instance belongs to one thread.
 */
final class SourceBlockEncoder {
    private static final SerializedString VERSION = new SerializedString("version");
    private static final SerializedString CONNECTOR = new SerializedString("connector");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString TS_MS = new SerializedString("ts_ms");
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

    private final JsonEnvelope config;
    // db, schema and table of the last tables seen, encoded once: they repeat on every event of a
    // table, and writing a pre-encoded string is a copy where a String is escaped char by char
    private final Map<TableId, SerializableString[]> tableTexts = new IdentityHashMap<>();
    private TableId lastTable;
    private SerializableString[] lastTableText;
    // a binlog event's GTID and file repeat on every event of a transaction
    private final LastText gtids = new LastText();
    private final LastText files = new LastText();
    private final BinlogSourceText binlogSource = new BinlogSourceText(this);
    // the pre-encoded middle of a PostgreSQL source block, and what it was built for
    private SerializableString middle;
    private SerializableString[] middleTable;
    private long middleXid;
    private long middleCommitMillis;
    private boolean middleSnapshot;

    SourceBlockEncoder(JsonEnvelope config) {
        this.config = config;
    }

    void write(JsonGenerator g, ChangeEvent e) throws IOException {
        SourceInfo info = e.source();
        TableId table = e.table();
        boolean rowEvent = e.op() != Operation.MESSAGE && table != null;
        if (rowEvent && info instanceof SourceInfo.Binlog b) {
            binlogSource.write(g, e, b, table);
            return;
        }
        fields(g, e, info, table, rowEvent);
    }

    /** The source block field by field. */
    void fields(JsonGenerator g, ChangeEvent e, SourceInfo info, TableId table, boolean rowEvent) throws IOException {
        g.writeStartObject();
        g.writeFieldName(VERSION);
        g.writeString(config.versionText());
        if (rowEvent && e.txId() != null && info instanceof SourceInfo.Pg pg) {
            // the common case: everything from connector to txId is the same for every event of the
            // transaction in this table, so it is written as one pre-encoded piece. Raw text after
            // the first field: the generator still counts one field in this object and puts the
            // comma before the next field it writes itself
            g.writeRaw(pgMiddle(e, pg, table));
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
    private SerializableString pgMiddle(ChangeEvent e, SourceInfo.Pg pg, TableId table) {
        SerializableString[] tableText = tableText(table);
        long commitMillis = e.commitTime().toEpochMilli();
        boolean snapshot = e.op() == Operation.READ;
        if (tableText == middleTable && pg.xid() == middleXid && commitMillis == middleCommitMillis
                && snapshot == middleSnapshot && middle != null) {
            return middle;
        }
        StringBuilder sb = new StringBuilder(160)
                .append(",\"connector\":\"postgresql\",\"name\":\"").append(config.pipelineText().asQuotedChars())
                .append("\",\"ts_ms\":").append(commitMillis)
                .append(",\"snapshot\":\"").append(snapshot ? "true" : "false")
                .append("\",\"db\":\"").append(tableText[0].asQuotedChars())
                .append("\",\"schema\":\"").append(tableText[1].asQuotedChars())
                .append("\",\"table\":\"").append(tableText[2].asQuotedChars())
                .append("\",\"txId\":").append(pg.xid());
        middle = new SerializedString(sb.toString());
        middleTable = tableText;
        middleXid = pg.xid();
        middleCommitMillis = commitMillis;
        middleSnapshot = snapshot;
        return middle;
    }

    /** {db, schema, table} of the table, encoded; sources keep one TableId instance per table, hence identity. */
    private SerializableString[] tableText(TableId table) {
        if (table == lastTable) {
            return lastTableText;
        }
        SerializableString[] text = tableTexts.get(table);
        if (text == null) {
            if (tableTexts.size() >= EnvelopeEncoder.MAX_CACHED_SCHEMAS) {
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
}
