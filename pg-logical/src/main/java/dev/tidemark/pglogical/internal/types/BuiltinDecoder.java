package dev.tidemark.pglogical.internal.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.util.UUID;

/**
 * The decoders for built-in scalar types, one constant each so a column's decoder is a shared
 * singleton. Each parses the exact form the type's output function writes.
 */
enum BuiltinDecoder implements TextDecoder {
    /** Every type whose value stays the text as sent: text, varchar, json, interval, inet, enums... */
    TEXT("text") {
        @Override
        public Object decode(String text) {
            return text;
        }
    },
    /** {@code boolout} writes exactly {@code t} or {@code f}. */
    BOOL("bool") {
        @Override
        Object parse(String text) {
            if (text.length() == 1) {
                char c = text.charAt(0);
                if (c == 't') {
                    return Boolean.TRUE;
                }
                if (c == 'f') {
                    return Boolean.FALSE;
                }
            }
            throw new IllegalArgumentException("expected 't' or 'f'");
        }
    },
    INT2("int2") {
        @Override
        Object parse(String text) {
            return Short.valueOf(text);
        }
    },
    INT4("int4") {
        @Override
        Object parse(String text) {
            return Integer.valueOf(text);
        }
    },
    INT8("int8") {
        @Override
        Object parse(String text) {
            return Long.valueOf(text);
        }
    },
    /** {@code oid}, {@code xid}, {@code cid}: unsigned 32-bit, so they need a {@code Long}. */
    UINT4("oid") {
        @Override
        Object parse(String text) {
            return Long.valueOf(text);
        }
    },
    /** {@code xid8} is unsigned 64-bit: a {@code Long} while it fits, else a {@code BigInteger}. */
    XID8("xid8") {
        @Override
        Object parse(String text) {
            if (text.length() < 19) {
                return Long.valueOf(text);
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
    },
    /** Java's float parser reads the {@code NaN}, {@code Infinity} and {@code -Infinity} the server writes. */
    FLOAT4("float4") {
        @Override
        Object parse(String text) {
            return Float.valueOf(text);
        }
    },
    FLOAT8("float8") {
        @Override
        Object parse(String text) {
            return Double.valueOf(text);
        }
    },
    /**
     * Exact, with the scale as sent ({@code 12.50} has scale 2). The special values have no
     * {@code BigDecimal} and stay text.
     */
    NUMERIC("numeric") {
        @Override
        Object parse(String text) {
            char first = text.charAt(0);
            if (first == 'N' || first == 'I' || (first == '-' && text.length() > 1 && text.charAt(1) == 'I')) {
                switch (text) {
                    case "NaN":
                        return "NaN";
                    case "Infinity":
                        return "Infinity";
                    case "-Infinity":
                        return "-Infinity";
                    default:
                        throw new IllegalArgumentException("not a number");
                }
            }
            return new BigDecimal(text);
        }
    },
    UUID_("uuid") {
        @Override
        Object parse(String text) {
            if (text.length() != 36) {
                // UUID.fromString accepts shortened groups; uuid_out never writes them.
                throw new IllegalArgumentException("expected 36 characters");
            }
            return UUID.fromString(text);
        }
    },
    BYTEA("bytea") {
        @Override
        Object parse(String text) {
            return PgBytea.parse(text);
        }
    },
    DATE("date") {
        @Override
        Object parse(String text) {
            return PgTemporal.date(text);
        }
    },
    TIME("time") {
        @Override
        Object parse(String text) {
            return PgTemporal.time(text);
        }
    },
    TIMESTAMP("timestamp") {
        @Override
        Object parse(String text) {
            return PgTemporal.timestamp(text);
        }
    },
    TIMESTAMPTZ("timestamptz") {
        @Override
        Object parse(String text) {
            return PgTemporal.timestamptz(text);
        }
    };

    private final String typeName;

    BuiltinDecoder(String typeName) {
        this.typeName = typeName;
    }

    /**
     * The decoder for a built-in scalar type with a closer mapping than text, or for one known to
     * stay text; null when the OID is not built-in scalar (arrays, domains, enums, extension types
     * go through the registry).
     */
    static BuiltinDecoder forOid(int oid) {
        switch (oid) {
            case BuiltinTypes.BOOL:
                return BOOL;
            case BuiltinTypes.BYTEA:
                return BYTEA;
            case BuiltinTypes.INT2:
                return INT2;
            case BuiltinTypes.INT4:
                return INT4;
            case BuiltinTypes.INT8:
                return INT8;
            case BuiltinTypes.OID:
            case BuiltinTypes.XID:
            case BuiltinTypes.CID:
                return UINT4;
            case BuiltinTypes.XID8:
                return XID8;
            case BuiltinTypes.FLOAT4:
                return FLOAT4;
            case BuiltinTypes.FLOAT8:
                return FLOAT8;
            case BuiltinTypes.NUMERIC:
                return NUMERIC;
            case BuiltinTypes.UUID:
                return UUID_;
            case BuiltinTypes.DATE:
                return DATE;
            case BuiltinTypes.TIME:
                return TIME;
            case BuiltinTypes.TIMESTAMP:
                return TIMESTAMP;
            case BuiltinTypes.TIMESTAMPTZ:
                return TIMESTAMPTZ;
            case BuiltinTypes.TEXT:
            case BuiltinTypes.VARCHAR:
            case BuiltinTypes.BPCHAR:
            case BuiltinTypes.NAME:
            case BuiltinTypes.CHAR:
            case BuiltinTypes.JSON:
            case BuiltinTypes.JSONB:
            case BuiltinTypes.XML:
            case BuiltinTypes.MONEY:
            case BuiltinTypes.INTERVAL:
            case BuiltinTypes.TIMETZ:
            case BuiltinTypes.INT2VECTOR:
            case BuiltinTypes.OIDVECTOR:
                return TEXT;
            default:
                return null;
        }
    }

    /**
     * Parses the text; overridden by every constant but {@link #TEXT}. Any runtime failure is
     * wrapped by {@link #decode(String)} into a {@link ValueDecodeException} naming the type.
     */
    Object parse(String text) {
        return text;
    }

    @Override
    public Object decode(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException | DateTimeException | IndexOutOfBoundsException | ArithmeticException e) {
            throw new ValueDecodeException(typeName, text, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public String toString() {
        return typeName;
    }
}
