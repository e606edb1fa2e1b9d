package dev.tidemark.daemon.internal.config;

/**
 * Something only one user in a configuration may have: a replication slot on a database, a
 * server id on a MySQL server, a file a sink appends to. Two claims with the same {@link #id}
 * are a configuration problem, reported at the second one's key.
 *
 * @param key         the key, relative to the claiming section, the problem is reported at; empty for
 *                    the section itself
 * @param id          what is claimed, including where (two kinds claiming the same file must collide)
 * @param description the claimed thing in the message, e.g. {@code slot 'x' on jdbc:postgresql://h/db}
 * @param fix         what to do, e.g. {@code each pipeline needs its own slot}
 */
public record Claim(String key, String id, String description, String fix) {

    /** The problem when {@code owner} (a key path) claimed the same thing first. */
    String conflictWith(String owner) {
        return description + " is also used by " + owner + ": " + fix;
    }
}
