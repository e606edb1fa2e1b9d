package dev.tidemark.examples;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Row;
import dev.tidemark.pglogical.PgLogicalSource;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Keeps {@code customer_totals(customer_id, orders, amount)} in a second database up to date from
 * the changes of {@code public.orders}, exactly once: the totals and the checkpoint are committed in
 * one transaction, so a crash at any point neither loses nor double-counts an order. The source
 * table needs {@code REPLICA IDENTITY FULL} so that updates and deletes carry the old amount.
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.tidemark.examples.ExactlyOnceTotalsExample \
 *     -Dexec.args="jdbc:postgresql://127.0.0.1:5432/shop jdbc:postgresql://127.0.0.1:5432/reporting postgres"
 * </pre>
 */
public final class ExactlyOnceTotalsExample {
    private ExactlyOnceTotalsExample() {
    }

    private static final String UPSERT = "INSERT INTO customer_totals (customer_id, orders, amount) VALUES (?, ?, ?)"
            + " ON CONFLICT (customer_id) DO UPDATE SET orders = customer_totals.orders + EXCLUDED.orders,"
            + " amount = customer_totals.amount + EXCLUDED.amount";

    public static Pipeline pipeline(String sourceUrl, DataSource target, String user, String password) {
        return Pipeline.builder()
                .name("customer_totals")
                .source(PgLogicalSource.builder()
                        .url(sourceUrl).user(user).password(password)
                        .tables("public.orders")
                        .build())
                // the checkpoint lives in the target database, beside the totals
                .checkpointStore(JdbcCheckpointStore.create(target))
                .jdbcHandler(target, (batch, connection) -> {
                    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                        for (ChangeEvent e : batch.events()) {
                            if (e.before() != null && e.op() != Operation.CREATE) {
                                add(upsert, e.before(), -1);
                            }
                            if (e.after() != null) {
                                add(upsert, e.after(), +1);
                            }
                        }
                        upsert.executeBatch();
                    } // Tidemark stores the checkpoint on this connection and commits
                })
                .build();
    }

    private static void add(PreparedStatement upsert, Row row, int sign) throws java.sql.SQLException {
        upsert.setInt(1, (Integer) row.get("customer_id"));
        upsert.setInt(2, sign);
        upsert.setBigDecimal(3, ((BigDecimal) row.get("amount")).multiply(BigDecimal.valueOf(sign)));
        upsert.addBatch();
    }

    public static void main(String[] args) throws InterruptedException {
        String source = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/shop";
        String targetUrl = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/reporting";
        String user = args.length > 2 ? args[2] : "postgres";
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(targetUrl);
        target.setUser(user);
        target.setPassword(password);
        Pipeline pipeline = pipeline(source, target, user, password);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::stop));
        pipeline.run();
    }
}
