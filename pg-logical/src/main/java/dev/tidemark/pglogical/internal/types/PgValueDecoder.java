package dev.tidemark.pglogical.internal.types;

import java.sql.Connection;
import java.util.Optional;

/**
 * Chooses the {@link TextDecoder} for a column's type OID. Call {@link #forType(int, Connection)}
 * once per column when a Relation message arrives and keep the decoders with the relation: a
 * decoder does no lookups, so decoding a row is just one call per column.
 *
 * <p>Resolution: built-in scalar types map as documented on {@link dev.tidemark.engine.Row};
 * domains decode as their base type (through any chain of domains); arrays become lists whose
 * elements use the element type's decoder and {@code typdelim}; enums, composites, ranges,
 * multiranges, extension types ({@code citext}, {@code hstore}...) and OIDs the server does not
 * know stay text. Resolution never fails on an unknown type: the worst case is text.
 *
 * <p>Thread-safe. The walsender writes values with its session settings, so the replication
 * connection should pass {@code options=-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres
 * -c extra_float_digits=3}: dates and times are only parsed in the ISO style (any other is a
 * {@link ValueDecodeException}); any {@code TimeZone} decodes correctly, UTC just keeps the text
 * short; {@code extra_float_digits} keeps floats exact before PostgreSQL 12; {@code IntervalStyle}
 * and {@code lc_monetary} only change the text of values that stay text. {@code bytea} decodes in
 * either {@code bytea_output}.
 */
public final class PgValueDecoder {
    /** Domains over domains are legal; a chain this long means a corrupt or cyclic catalog. */
    private static final int MAX_DEPTH = 64;

    private final PgTypeRegistry registry;

    public PgValueDecoder(PgTypeRegistry registry) {
        this.registry = registry;
    }

    /** A decoder over a fresh registry holding only the built-in types (for tests and tools). */
    public static PgValueDecoder builtinsOnly() {
        return new PgValueDecoder(PgTypeRegistry.create());
    }

    public PgTypeRegistry registry() {
        return registry;
    }

    /**
     * The decoder for values of the type with this OID, querying the catalog through
     * {@code connection} for types not cached yet.
     *
     * @param connection a normal JDBC connection to the captured database, or null to resolve from
     *                   the cache only (an uncached user type then decodes as text)
     * @throws dev.tidemark.engine.SourceUnavailableException when the catalog query fails
     */
    public TextDecoder forType(int oid, Connection connection) {
        return resolve(oid, connection, 0);
    }

    /** {@link #forType(int, Connection)} from the cache only. */
    public TextDecoder forType(int oid) {
        return resolve(oid, null, 0);
    }

    /**
     * The type's name as {@link dev.tidemark.engine.Column#type()} wants it ({@code int4},
     * {@code _text}, {@code mood}); {@code oid:N} when the type is unknown.
     */
    public String typeName(int oid, Connection connection) {
        return registry.lookup(oid, connection).map(PgType::name)
                .orElse("oid:" + Integer.toUnsignedString(oid));
    }

    /** Decodes one value; convenient off the hot path, where the per-column decoder is not kept. */
    public Object decode(int oid, String text, Connection connection) {
        return forType(oid, connection).decode(text);
    }

    private TextDecoder resolve(int oid, Connection connection, int depth) {
        BuiltinDecoder builtin = BuiltinDecoder.forOid(oid);
        if (builtin != null) {
            return builtin;
        }
        if (depth > MAX_DEPTH) {
            return TextDecoder.TEXT;
        }
        Optional<PgType> found = registry.lookup(oid, connection);
        if (found.isEmpty()) {
            return TextDecoder.TEXT;
        }
        PgType type = found.get();
        switch (type.kind()) {
            case DOMAIN:
                return type.baseTypeOid() == 0 ? TextDecoder.TEXT : resolve(type.baseTypeOid(), connection, depth + 1);
            case BASE:
                if (type.isArray()) {
                    // array_out separates elements with the element type's delimiter (';' for box).
                    char delimiter = registry.lookup(type.elementOid(), connection)
                            .map(PgType::delimiter).filter(d -> d != '\0').orElse(',');
                    return new ArrayDecoder(resolve(type.elementOid(), connection, depth + 1), delimiter, type.name());
                }
                return TextDecoder.TEXT;
            default:
                return TextDecoder.TEXT;
        }
    }
}
