package dev.tidemark.testing.contract;

import java.util.List;
import java.util.Objects;

/**
 * What a source under contract connects to and captures, as {@link SourceContract} asks for it. The
 * subclass turns it into its vendor's builder: a JDBC URL from host, port and database, the login, and
 * the tables qualified its way ({@code public.t} on PostgreSQL, {@code database.t} on MySQL/MariaDB).
 *
 * @param host     the server's host
 * @param port     the server's port
 * @param database the database the tables live in
 * @param user     the login
 * @param password the password, empty when the server trusts its clients
 * @param tables   the tables to capture, unqualified, as created by {@link SourceContract#createTable}; may be
 *                 empty only to test that the builder refuses it
 */
public record SourceSpec(String host, int port, String database, String user, String password, List<String> tables) {
    public SourceSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        tables = List.copyOf(tables);
    }

    /** The same server and login, capturing other tables. */
    public SourceSpec withTables(List<String> newTables) {
        return new SourceSpec(host, port, database, user, password, newTables);
    }

    /** The same server and tables, with another login. */
    public SourceSpec withLogin(String newUser, String newPassword) {
        return new SourceSpec(host, port, database, newUser, newPassword, tables);
    }

    /** The same everything, on another port (one nothing listens on, for the unreachable case). */
    public SourceSpec withPort(int newPort) {
        return new SourceSpec(host, newPort, database, user, password, tables);
    }

    @Override
    public String toString() {
        return "SourceSpec[" + user + "@" + host + ":" + port + "/" + database + ", tables=" + tables
                + (password.isEmpty() ? "" : ", password=****") + "]";
    }
}
