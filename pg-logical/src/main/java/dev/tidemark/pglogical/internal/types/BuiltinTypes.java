package dev.tidemark.pglogical.internal.types;

import java.util.List;

/**
 * The {@code pg_catalog} types whose OIDs are fixed in every PostgreSQL release (they come from
 * the server's {@code pg_type.dat}), with their arrays. Seeding the registry with them lets the
 * common columns be decoded without a catalog query, and lets the parsing tests run without a
 * server. {@code PgTypeRegistryIT} checks this table against a live server's {@code pg_type}.
 */
final class BuiltinTypes {
    static final int BOOL = 16;
    static final int BYTEA = 17;
    static final int CHAR = 18;
    static final int NAME = 19;
    static final int INT8 = 20;
    static final int INT2 = 21;
    static final int INT2VECTOR = 22;
    static final int INT4 = 23;
    static final int TEXT = 25;
    static final int OID = 26;
    static final int XID = 28;
    static final int CID = 29;
    static final int OIDVECTOR = 30;
    static final int JSON = 114;
    static final int XML = 142;
    static final int FLOAT4 = 700;
    static final int FLOAT8 = 701;
    static final int MONEY = 790;
    static final int BPCHAR = 1042;
    static final int VARCHAR = 1043;
    static final int DATE = 1082;
    static final int TIME = 1083;
    static final int TIMESTAMP = 1114;
    static final int TIMESTAMPTZ = 1184;
    static final int INTERVAL = 1186;
    static final int TIMETZ = 1266;
    static final int NUMERIC = 1700;
    static final int UUID = 2950;
    static final int JSONB = 3802;
    static final int XID8 = 5069;

    /** Captured from PostgreSQL 15's {@code pg_type}; built-in OIDs are never reassigned between releases. */
    static final List<PgType> ALL = List.of(
            t(16, "bool", 'b', 0, 'B', ',', 1000),
            t(17, "bytea", 'b', 0, 'U', ',', 1001),
            t(18, "char", 'b', 0, 'Z', ',', 1002),
            t(19, "name", 'b', 18, 'S', ',', 1003),
            t(20, "int8", 'b', 0, 'N', ',', 1016),
            t(21, "int2", 'b', 0, 'N', ',', 1005),
            t(22, "int2vector", 'b', 21, 'A', ',', 1006),
            t(23, "int4", 'b', 0, 'N', ',', 1007),
            t(25, "text", 'b', 0, 'S', ',', 1009),
            t(26, "oid", 'b', 0, 'N', ',', 1028),
            t(27, "tid", 'b', 0, 'U', ',', 1010),
            t(28, "xid", 'b', 0, 'U', ',', 1011),
            t(29, "cid", 'b', 0, 'U', ',', 1012),
            t(30, "oidvector", 'b', 26, 'A', ',', 1013),
            t(114, "json", 'b', 0, 'U', ',', 199),
            t(142, "xml", 'b', 0, 'U', ',', 143),
            t(143, "_xml", 'b', 142, 'A', ',', 0),
            t(199, "_json", 'b', 114, 'A', ',', 0),
            t(271, "_xid8", 'b', 5069, 'A', ',', 0),
            t(600, "point", 'b', 701, 'G', ',', 1017),
            t(601, "lseg", 'b', 600, 'G', ',', 1018),
            t(602, "path", 'b', 0, 'G', ',', 1019),
            t(603, "box", 'b', 600, 'G', ';', 1020),
            t(604, "polygon", 'b', 0, 'G', ',', 1027),
            t(628, "line", 'b', 701, 'G', ',', 629),
            t(629, "_line", 'b', 628, 'A', ',', 0),
            t(650, "cidr", 'b', 0, 'I', ',', 651),
            t(651, "_cidr", 'b', 650, 'A', ',', 0),
            t(700, "float4", 'b', 0, 'N', ',', 1021),
            t(701, "float8", 'b', 0, 'N', ',', 1022),
            t(718, "circle", 'b', 0, 'G', ',', 719),
            t(719, "_circle", 'b', 718, 'A', ',', 0),
            t(774, "macaddr8", 'b', 0, 'U', ',', 775),
            t(775, "_macaddr8", 'b', 774, 'A', ',', 0),
            t(790, "money", 'b', 0, 'N', ',', 791),
            t(791, "_money", 'b', 790, 'A', ',', 0),
            t(829, "macaddr", 'b', 0, 'U', ',', 1040),
            t(869, "inet", 'b', 0, 'I', ',', 1041),
            t(1000, "_bool", 'b', 16, 'A', ',', 0),
            t(1001, "_bytea", 'b', 17, 'A', ',', 0),
            t(1002, "_char", 'b', 18, 'A', ',', 0),
            t(1003, "_name", 'b', 19, 'A', ',', 0),
            t(1005, "_int2", 'b', 21, 'A', ',', 0),
            t(1006, "_int2vector", 'b', 22, 'A', ',', 0),
            t(1007, "_int4", 'b', 23, 'A', ',', 0),
            t(1009, "_text", 'b', 25, 'A', ',', 0),
            t(1010, "_tid", 'b', 27, 'A', ',', 0),
            t(1011, "_xid", 'b', 28, 'A', ',', 0),
            t(1012, "_cid", 'b', 29, 'A', ',', 0),
            t(1013, "_oidvector", 'b', 30, 'A', ',', 0),
            t(1014, "_bpchar", 'b', 1042, 'A', ',', 0),
            t(1015, "_varchar", 'b', 1043, 'A', ',', 0),
            t(1016, "_int8", 'b', 20, 'A', ',', 0),
            t(1017, "_point", 'b', 600, 'A', ',', 0),
            t(1018, "_lseg", 'b', 601, 'A', ',', 0),
            t(1019, "_path", 'b', 602, 'A', ',', 0),
            t(1020, "_box", 'b', 603, 'A', ';', 0),
            t(1021, "_float4", 'b', 700, 'A', ',', 0),
            t(1022, "_float8", 'b', 701, 'A', ',', 0),
            t(1027, "_polygon", 'b', 604, 'A', ',', 0),
            t(1028, "_oid", 'b', 26, 'A', ',', 0),
            t(1040, "_macaddr", 'b', 829, 'A', ',', 0),
            t(1041, "_inet", 'b', 869, 'A', ',', 0),
            t(1042, "bpchar", 'b', 0, 'S', ',', 1014),
            t(1043, "varchar", 'b', 0, 'S', ',', 1015),
            t(1082, "date", 'b', 0, 'D', ',', 1182),
            t(1083, "time", 'b', 0, 'D', ',', 1183),
            t(1114, "timestamp", 'b', 0, 'D', ',', 1115),
            t(1115, "_timestamp", 'b', 1114, 'A', ',', 0),
            t(1182, "_date", 'b', 1082, 'A', ',', 0),
            t(1183, "_time", 'b', 1083, 'A', ',', 0),
            t(1184, "timestamptz", 'b', 0, 'D', ',', 1185),
            t(1185, "_timestamptz", 'b', 1184, 'A', ',', 0),
            t(1186, "interval", 'b', 0, 'T', ',', 1187),
            t(1187, "_interval", 'b', 1186, 'A', ',', 0),
            t(1231, "_numeric", 'b', 1700, 'A', ',', 0),
            t(1266, "timetz", 'b', 0, 'D', ',', 1270),
            t(1270, "_timetz", 'b', 1266, 'A', ',', 0),
            t(1560, "bit", 'b', 0, 'V', ',', 1561),
            t(1561, "_bit", 'b', 1560, 'A', ',', 0),
            t(1562, "varbit", 'b', 0, 'V', ',', 1563),
            t(1563, "_varbit", 'b', 1562, 'A', ',', 0),
            t(1700, "numeric", 'b', 0, 'N', ',', 1231),
            t(1790, "refcursor", 'b', 0, 'U', ',', 2201),
            t(2201, "_refcursor", 'b', 1790, 'A', ',', 0),
            t(2950, "uuid", 'b', 0, 'U', ',', 2951),
            t(2951, "_uuid", 'b', 2950, 'A', ',', 0),
            t(3220, "pg_lsn", 'b', 0, 'U', ',', 3221),
            t(3221, "_pg_lsn", 'b', 3220, 'A', ',', 0),
            t(3614, "tsvector", 'b', 0, 'U', ',', 3643),
            t(3615, "tsquery", 'b', 0, 'U', ',', 3645),
            t(3643, "_tsvector", 'b', 3614, 'A', ',', 0),
            t(3645, "_tsquery", 'b', 3615, 'A', ',', 0),
            t(3802, "jsonb", 'b', 0, 'U', ',', 3807),
            t(3807, "_jsonb", 'b', 3802, 'A', ',', 0),
            t(3904, "int4range", 'r', 0, 'R', ',', 3905),
            t(3905, "_int4range", 'b', 3904, 'A', ',', 0),
            t(3906, "numrange", 'r', 0, 'R', ',', 3907),
            t(3907, "_numrange", 'b', 3906, 'A', ',', 0),
            t(3908, "tsrange", 'r', 0, 'R', ',', 3909),
            t(3909, "_tsrange", 'b', 3908, 'A', ',', 0),
            t(3910, "tstzrange", 'r', 0, 'R', ',', 3911),
            t(3911, "_tstzrange", 'b', 3910, 'A', ',', 0),
            t(3912, "daterange", 'r', 0, 'R', ',', 3913),
            t(3913, "_daterange", 'b', 3912, 'A', ',', 0),
            t(3926, "int8range", 'r', 0, 'R', ',', 3927),
            t(3927, "_int8range", 'b', 3926, 'A', ',', 0),
            t(4072, "jsonpath", 'b', 0, 'U', ',', 4073),
            t(4073, "_jsonpath", 'b', 4072, 'A', ',', 0),
            t(5069, "xid8", 'b', 0, 'U', ',', 271));

    private BuiltinTypes() {
    }

    private static PgType t(int oid, String name, char typtype, int elem, char category, char delim, int array) {
        return new PgType(oid, "pg_catalog", name, PgType.Kind.of(typtype), elem, 0, category, delim, array);
    }
}
