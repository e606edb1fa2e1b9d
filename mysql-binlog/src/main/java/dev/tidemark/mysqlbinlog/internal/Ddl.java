package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.TableId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The little Tidemark needs to understand of DDL statements in the binlog. */
final class Ddl {
    private static final String IDENT = "(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$\\u0080-\\uFFFF]+))";
    private static final Pattern TRUNCATE = Pattern.compile(
            "(?is)\\s*(?:/\\*.*?\\*/\\s*)*TRUNCATE\\s+(?:TABLE\\s+)?(?:" + IDENT + "\\s*\\.\\s*)?" + IDENT + "\\s*;?\\s*");

    private Ddl() {
    }

    /** The table a {@code TRUNCATE [TABLE] [db.]t} statement empties, or null for any other statement. */
    static TableId truncatedTable(String sql, String defaultDatabase) {
        Matcher m = TRUNCATE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        String db = ident(m.group(1), m.group(2));
        String table = ident(m.group(3), m.group(4));
        if (db == null) {
            db = defaultDatabase == null ? "" : defaultDatabase;
        }
        return db.isEmpty() ? null : new TableId(db, "", table);
    }

    private static String ident(String quoted, String bare) {
        return quoted != null ? quoted.replace("``", "`") : bare;
    }
}
