package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Operation;
import java.io.IOException;

/**
 * The fields after the source block: {@code ,"op":..,"ts_ms":..,"transaction":..}. Invariant: the
 * raw-text path and the token path write the same bytes; the raw one is taken whenever the
 * transaction id is plain ASCII (thirteen tokens that are numbers and pre-encoded strings only, so
 * the generator's checks and escaping per token buy nothing). One thread.
 */
final class EnvelopeTail {
    private static final SerializedString OP = new SerializedString("op");
    private static final SerializedString TS_MS = new SerializedString("ts_ms");
    private static final SerializedString TRANSACTION = new SerializedString("transaction");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString TOTAL_ORDER = new SerializedString("total_order");
    private static final SerializedString DATA_COLLECTION_ORDER = new SerializedString("data_collection_order");
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

    private final JsonEnvelope config;
    private char[] tailChars = new char[256];
    // the transaction id repeats on every event of a transaction
    private final LastText txIds = new LastText();

    EnvelopeTail(JsonEnvelope config) {
        this.config = config;
    }

    void write(JsonGenerator g, ChangeEvent e) throws IOException {
        if (!raw(g, e)) {
            tokens(g, e);
        }
    }

    /**
     * The tail as one raw piece of text. Raw text after the source block, as with the source block
     * itself: the generator has counted a field in the envelope and puts the comma before the next
     * field it writes. False (nothing written) when the transaction id is not plain ASCII.
     */
    private boolean raw(JsonGenerator g, ChangeEvent e) throws IOException {
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

    /** The same fields as {@link #raw}, token by token. */
    private void tokens(JsonGenerator g, ChangeEvent e) throws IOException {
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
}
