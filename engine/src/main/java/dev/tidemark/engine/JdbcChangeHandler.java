package dev.tidemark.engine;

import java.sql.Connection;

/**
 * The exactly-once path: a handler that writes to a JDBC database through the connection it is
 * given. Tidemark stores the pipeline's checkpoint through the same connection and commits both
 * together, so after a crash either the batch and its checkpoint are there, or neither is. The
 * handler must not commit, roll back or close the connection.
 */
@FunctionalInterface
public interface JdbcChangeHandler {
    void handle(ChangeBatch batch, Connection connection) throws Exception;
}
