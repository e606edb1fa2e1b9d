package dev.tidemark.pglogical.internal.types;

import java.util.Objects;

/**
 * One row of {@code pg_type}, as far as decoding needs it.
 *
 * @param oid         the type's OID (an unsigned 32-bit number held in an {@code int})
 * @param schema      the namespace the type lives in
 * @param name        {@code typname}, e.g. {@code int4}, {@code _text}, {@code mood}
 * @param kind        {@code typtype}
 * @param elementOid  {@code typelem}: the element type of an array, else 0 (or the subscript
 *                    element of a fixed-length type such as {@code point}; see {@link #isArray()})
 * @param baseTypeOid {@code typbasetype}: the type a domain is over, else 0
 * @param category    {@code typcategory}, {@code 'A'} for arrays
 * @param delimiter   {@code typdelim}: what separates values of this type inside an array literal
 * @param arrayOid    {@code typarray}: the array type over this type, or 0
 */
public record PgType(int oid, String schema, String name, Kind kind, int elementOid, int baseTypeOid,
                     char category, char delimiter, int arrayOid) {

    /** {@code pg_type.typtype}. */
    public enum Kind {
        BASE('b'), COMPOSITE('c'), DOMAIN('d'), ENUM('e'), PSEUDO('p'), RANGE('r'), MULTIRANGE('m'),
        /** A letter this code does not know (a future server version); decoded as text. */
        OTHER('?');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }

        /** The kind for a {@code typtype} letter; {@link #OTHER} for letters not listed. */
        public static Kind of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return OTHER;
        }
    }

    public PgType {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Whether values are PostgreSQL array literals ({@code {1,2}}). Fixed-length types that have
     * a {@code typelem} without being arrays ({@code point}, {@code name}) are not, nor are the
     * space-separated {@code int2vector}/{@code oidvector}.
     */
    public boolean isArray() {
        return category == 'A' && elementOid != 0 && kind == Kind.BASE
                && oid != BuiltinTypes.INT2VECTOR && oid != BuiltinTypes.OIDVECTOR;
    }

    /** {@code schema.name}, for messages. */
    public String qualifiedName() {
        return schema + "." + name;
    }
}
