package dev.tidemark.mysqlbinlog.internal;

/** The two server families: same protocol, different GTIDs, metadata rules and SQL. */
public enum Flavor {
    MYSQL("mysql"),
    MARIADB("mariadb");

    private final String connector;

    Flavor(String connector) {
        this.connector = connector;
    }

    /** The envelope's {@code source.connector}. */
    public String connector() {
        return connector;
    }

    /** From {@code SELECT VERSION()} and {@code @@version_comment}: MariaDB says so in one of them. */
    public static Flavor detect(String version, String versionComment) {
        String v = (version == null ? "" : version) + " " + (versionComment == null ? "" : versionComment);
        return v.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
