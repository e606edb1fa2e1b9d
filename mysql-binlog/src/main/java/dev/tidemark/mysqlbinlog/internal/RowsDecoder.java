package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Row;

/**
 * Decodes the body of a WRITE/UPDATE/DELETE_ROWS event (v1, or MySQL's v2 with its extra data
 * header) into row images, given the table's schema. Columns the image leaves out
 * ({@code binlog_row_image=MINIMAL} or {@code NOBLOB}) come back as {@link Row#UNAVAILABLE}.
 */
final class RowsDecoder {

    /** Receives each decoded row change; {@code row} is its 0-based index inside the event. */
    interface RowConsumer {
        void row(Operation op, Object[] before, Object[] after, int row) throws InterruptedException;
    }

    private RowsDecoder() {
    }

    /** The operation of a rows event type code, or null when the code is not a rows event. */
    static Operation operationOf(int typeCode) {
        return switch (typeCode) {
            case 23, 30 -> Operation.CREATE;
            case 24, 31 -> Operation.UPDATE;
            case 25, 32 -> Operation.DELETE;
            default -> null;
        };
    }

    static boolean isV2(int typeCode) {
        return typeCode >= 30 && typeCode <= 32;
    }

    /** The table id a rows event body refers to. */
    static long tableId(byte[] body) {
        return new BinlogBuffer(body).uint(6);
    }

    static void decode(int typeCode, byte[] body, TableSchema schema, RowConsumer out) throws InterruptedException {
        Operation op = operationOf(typeCode);
        if (op == null) {
            throw new BinlogFormatException("event type " + typeCode + " is not a rows event Tidemark reads");
        }
        BinlogBuffer r = new BinlogBuffer(body);
        r.skip(6); // table id
        r.skip(2); // flags
        if (isV2(typeCode)) {
            int extra = r.u16();
            r.skip(extra - 2);
        }
        int n = (int) r.packed();
        ColumnCodec[] codecs = schema.codecs();
        if (n != codecs.length) {
            throw new BinlogFormatException("rows event for " + schema.id() + " has " + n + " columns, but its schema ("
                    + schema.source() + ") has " + codecs.length);
        }
        boolean[] present = r.bitmap(n);
        boolean[] presentAfter = op == Operation.UPDATE ? r.bitmap(n) : present;
        int presentCount = count(present);
        int presentAfterCount = presentAfter == present ? presentCount : count(presentAfter);
        int row = 0;
        while (r.remaining() > 0) {
            Object[] first = image(r, codecs, present, presentCount);
            if (op == Operation.UPDATE) {
                Object[] second = image(r, codecs, presentAfter, presentAfterCount);
                out.row(op, first, second, row);
            } else if (op == Operation.CREATE) {
                out.row(op, null, first, row);
            } else {
                out.row(op, first, null, row);
            }
            row++;
        }
    }

    private static int count(boolean[] bits) {
        int count = 0;
        for (boolean p : bits) {
            if (p) {
                count++;
            }
        }
        return count;
    }

    /**
     * One row image: its null bitmap (one bit per present column), then the non-null values. The
     * bitmap is read in place rather than as a boolean[]: this runs once per row.
     */
    private static Object[] image(BinlogBuffer r, ColumnCodec[] codecs, boolean[] present, int count) {
        int n = codecs.length;
        int nullsAt = r.position();
        r.skip((count + 7) >>> 3);
        byte[] bytes = r.array();
        Object[] values = new Object[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                values[i] = Row.UNAVAILABLE;
                continue;
            }
            boolean isNull = (bytes[nullsAt + (k >>> 3)] & (1 << (k & 7))) != 0;
            k++;
            if (!isNull) {
                try {
                    values[i] = codecs[i].read(r);
                } catch (BinlogFormatException e) {
                    throw new BinlogFormatException("cannot decode column " + (i + 1) + " of a row of this table: "
                            + e.getMessage(), e);
                }
            }
        }
        return values;
    }
}
