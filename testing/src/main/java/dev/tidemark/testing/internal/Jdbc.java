package dev.tidemark.testing.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers shared by the servers and extensions. */
public final class Jdbc {
    private Jdbc() {
    }

    public static void execute(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " [in: " + s + "]", e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }
    }

    public static List<Map<String, Object>> queryForList(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    public static Object queryScalar(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    /** A PostgreSQL identifier in double quotes. */
    public static String quotePg(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A MySQL/MariaDB identifier in backticks. */
    public static String quoteMy(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A MySQL/MariaDB string literal (backslashes and quotes escaped), for statements that take no parameters. */
    public static String literalMy(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
