package dev.tidemark.examples;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.pglogical.PgLogicalSource;
import java.io.PrintStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Streams the changes of {@code public.orders} as JSON lines to standard output, resuming after a
 * restart from the checkpoint it keeps in the same database (schema {@code tidemark}).
 *
 * <pre>
 * mvn -q -B -pl examples -am install -DskipTests
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.tidemark.examples.EmbeddedPostgresExample \
 *     -Dexec.args="jdbc:postgresql://127.0.0.1:5432/shop postgres"
 * </pre>
 *
 * The database needs {@code wal_level=logical}, and the user the REPLICATION attribute (see README).
 */
public final class EmbeddedPostgresExample {
    private EmbeddedPostgresExample() {
    }

    /** The pipeline, separate from {@link #main} so a test can run exactly this code. */
    public static Pipeline pipeline(String url, String user, String password, PrintStream out) {
        PGSimpleDataSource checkpoints = new PGSimpleDataSource();
        checkpoints.setURL(url);
        checkpoints.setUser(user);
        checkpoints.setPassword(password);
        JsonEnvelope json = JsonEnvelope.builder().pipeline("orders_to_stdout").build();
        return Pipeline.builder()
                .name("orders_to_stdout")
                .source(PgLogicalSource.builder()
                        .url(url).user(user).password(password)
                        .tables("public.orders")
                        .build())
                .checkpointStore(JdbcCheckpointStore.create(checkpoints))
                .handler(batch -> {
                    for (ChangeEvent event : batch.events()) {
                        out.println(json.toJson(event));
                    }
                    out.flush(); // returning means "handled": make sure it is out
                })
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/shop";
        String user = args.length > 1 ? args[1] : "postgres";
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        Pipeline pipeline = pipeline(url, user, password, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::stop)); // Ctrl-C: finish the batch, checkpoint
        pipeline.run();
    }
}
