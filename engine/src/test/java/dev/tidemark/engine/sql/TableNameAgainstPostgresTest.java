package dev.tidemark.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.testing.PostgresExtension;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL's own {@code parse_ident()} is the oracle: for thousands of generated inputs, quoted
 * and unquoted, well and badly formed, the parser accepts exactly those the server reads as two
 * names, and folds and unquotes them as the server does.
 */
@Tag("postgres")
class TableNameAgainstPostgresTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private static final int SAMPLES = 5000;

    @Test
    void acceptsExactlyWhatPostgresReadsAsTwoNamesAndFoldsAlike() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            inputs.add(input(random));
        }
        pg.execute("CREATE OR REPLACE FUNCTION try_parse_ident(s text) RETURNS text[] LANGUAGE plpgsql AS"
                + " $$ BEGIN RETURN parse_ident(s); EXCEPTION WHEN others THEN RETURN NULL; END $$");
        List<String[]> server = new ArrayList<>();
        try (Connection c = pg.connection();
             PreparedStatement ps = c.prepareStatement("SELECT try_parse_ident(s) FROM unnest(?::text[]) WITH ORDINALITY"
                     + " AS u(s, n) ORDER BY n")) {
            ps.setArray(1, c.createArrayOf("text", inputs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array a = rs.getArray(1);
                    server.add(a == null ? null : (String[]) a.getArray());
                }
            }
        }
        assertThat(server).hasSize(SAMPLES);

        int accepted = 0;
        for (int i = 0; i < SAMPLES; i++) {
            String in = inputs.get(i);
            String[] expected = server.get(i);
            String[] ours;
            try {
                TableName t = TableName.parse(in, SqlDialect.POSTGRESQL);
                ours = new String[] {t.schema(), t.table()};
                accepted++;
            } catch (ConfigException e) {
                ours = null;
            }
            String[] twoParts = expected != null && expected.length == 2 ? expected : null;
            assertThat(ours).as("input <%s> (seed %d): parse_ident gave %s", in, seed, Arrays.toString(expected))
                    .isEqualTo(twoParts);
        }
        // the generator must produce plenty of both kinds for the comparison to mean something
        assertThat(accepted).as("accepted inputs (seed %d)", seed).isBetween(SAMPLES / 10, SAMPLES * 9 / 10);
    }

    private static final String UNQUOTED = "aZq_$9Eé";
    private static final String QUOTED = "aA. \"é`$9";
    private static final String SPACE = " \t\n";
    private static final String NOISE = "-'`;()\".";

    /** One to three parts, unquoted or quoted, with whitespace around them and now and then a slip. */
    private static String input(Random r) {
        int parts = r.nextInt(10) < 7 ? 2 : 1 + 2 * r.nextInt(2);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                sb.append(spaces(r)).append('.');
            }
            sb.append(spaces(r));
            int kind = r.nextInt(10);
            if (kind < 5) {
                sb.append(chars(r, UNQUOTED, 1 + r.nextInt(5)));
            } else if (kind < 9) {
                String body = chars(r, QUOTED, r.nextInt(6));
                // mostly escape embedded quotes properly; sometimes not
                sb.append('"').append(r.nextInt(5) == 0 ? body : body.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(chars(r, NOISE + UNQUOTED, 1 + r.nextInt(3)));
            }
        }
        sb.append(spaces(r));
        if (r.nextInt(20) == 0 && sb.length() > 0) {
            sb.deleteCharAt(r.nextInt(sb.length()));
        }
        return sb.toString();
    }

    private static String spaces(Random r) {
        return r.nextInt(4) == 0 ? chars(r, SPACE, 1 + r.nextInt(2)) : "";
    }

    private static String chars(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
