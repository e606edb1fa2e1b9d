package dev.tidemark.mysqlbinlog.internal;

/** Binlog column type codes ({@code enum_field_types}) and the facts Tidemark needs about them. */
final class ColumnType {
    static final int DECIMAL = 0;
    static final int TINY = 1;
    static final int SHORT = 2;
    static final int LONG = 3;
    static final int FLOAT = 4;
    static final int DOUBLE = 5;
    static final int NULL = 6;
    static final int TIMESTAMP = 7;
    static final int LONGLONG = 8;
    static final int INT24 = 9;
    static final int DATE = 10;
    static final int TIME = 11;
    static final int DATETIME = 12;
    static final int YEAR = 13;
    static final int NEWDATE = 14;
    static final int VARCHAR = 15;
    static final int BIT = 16;
    static final int TIMESTAMP2 = 17;
    static final int DATETIME2 = 18;
    static final int TIME2 = 19;
    static final int VECTOR = 242;
    static final int JSON = 245;
    static final int NEWDECIMAL = 246;
    static final int ENUM = 247;
    static final int SET = 248;
    static final int TINY_BLOB = 249;
    static final int MEDIUM_BLOB = 250;
    static final int LONG_BLOB = 251;
    static final int BLOB = 252;
    static final int VAR_STRING = 253;
    static final int STRING = 254;
    static final int GEOMETRY = 255;

    private ColumnType() {
    }

    /** Bytes of type-specific metadata each type has in a TABLE_MAP event. */
    static int metadataLength(int type) {
        return switch (type) {
            case FLOAT, DOUBLE, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, GEOMETRY, JSON, VECTOR, TIME2, DATETIME2,
                 TIMESTAMP2 -> 1;
            case VARCHAR, VAR_STRING, NEWDECIMAL, BIT, STRING, ENUM, SET -> 2;
            default -> 0;
        };
    }

    /** Integer types whose values the binlog writes as signed two's complement, whatever the column's sign. */
    static boolean isInteger(int type) {
        return type == TINY || type == SHORT || type == INT24 || type == LONG || type == LONGLONG;
    }
}
