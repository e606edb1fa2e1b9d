package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.daemon.e2e.ShopWriter.Change;
import dev.tidemark.daemon.e2e.ShopWriter.Committed;
import dev.tidemark.testing.DatabaseExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks a JSONL stream of the {@link ShopWriter} tables against what the writer committed. */
final class StreamOracle {
    private StreamOracle() {
    }

    /**
     * The stream holds every committed change exactly once, in commit order, each transaction whole
     * and numbered 1..n, and replaying it gives the tables' current content.
     */
    static void assertExactlyOnceInCommitOrder(List<JsonNode> events, List<Committed> committed, DatabaseExtension<?> db) {
        // no (transaction, index) twice: the duplicate a crash could cause
        Set<String> keys = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (JsonNode e : events) {
            String key = e.path("transaction").path("id").asText() + "#" + e.path("transaction").path("total_order").asLong();
            if (!keys.add(key)) {
                duplicates.add(key);
            }
        }
        assertThat(duplicates).as("(transaction.id, total_order) seen more than once").isEmpty();

        // the stream in transactions: consecutive events of one transaction.id, numbered from 1 without gaps
        List<List<JsonNode>> transactions = new ArrayList<>();
        Set<String> seenTx = new HashSet<>();
        String current = null;
        for (JsonNode e : events) {
            String tx = e.path("transaction").path("id").asText();
            assertThat(tx).as("transaction.id of %s", e).isNotEmpty();
            if (!tx.equals(current)) {
                assertThat(seenTx.add(tx)).as("transaction %s comes back after another one", tx).isTrue();
                transactions.add(new ArrayList<>());
                current = tx;
            }
            List<JsonNode> group = transactions.get(transactions.size() - 1);
            group.add(e);
            assertThat(e.path("transaction").path("total_order").asLong())
                    .as("total_order of event %d of transaction %s", group.size(), tx).isEqualTo(group.size());
        }

        // exactly the committed changes, in commit order
        List<Change> expected = committed.stream().flatMap(c -> c.changes().stream()).toList();
        List<Change> actual = events.stream().map(StreamOracle::change).toList();
        int firstDifference = firstDifference(expected, actual);
        assertThat(firstDifference)
                .as("first difference between the committed changes (%d) and the stream (%d): expected %s, got %s",
                        expected.size(), actual.size(), around(expected, firstDifference), around(actual, firstDifference))
                .isEqualTo(-1);
        assertThat(transactions).as("transactions in the stream").hasSameSizeAs(committed);
        for (int i = 0; i < committed.size(); i++) {
            long seq = committed.get(i).seq();
            for (JsonNode e : transactions.get(i)) {
                if (e.path("op").asText().equals("c")) {
                    assertThat(e.path("after").path("tx").asLong()).as("writer transaction of %s", e).isEqualTo(seq);
                }
            }
        }

        // replaying the stream gives what the tables hold
        Map<String, Set<Long>> replayed = new HashMap<>();
        for (Change c : actual) {
            Set<Long> ids = replayed.computeIfAbsent(c.table(), t -> new TreeSet<>());
            switch (c.op()) {
                case "c" -> assertThat(ids.add(c.id())).as("insert of existing %s", c).isTrue();
                case "d" -> assertThat(ids.remove(c.id())).as("delete of missing %s", c).isTrue();
                default -> assertThat(ids).as("update of missing %s", c).contains(c.id());
            }
        }
        for (String table : ShopWriter.TABLES) {
            Set<Long> inTable = new TreeSet<>();
            String select = "SELECT " + E2e.quote(db, "id") + " FROM " + E2e.quote(db, table);
            for (Map<String, Object> row : db.queryForList(select)) {
                inTable.add(((Number) row.get("id")).longValue());
            }
            assertThat(replayed.getOrDefault(table, Set.of())).as("ids of %s replayed from the stream", table)
                    .isEqualTo(inTable);
        }
    }

    private static Change change(JsonNode e) {
        String op = e.path("op").asText();
        JsonNode row = op.equals("d") ? e.path("before") : e.path("after");
        return new Change(op, e.path("source").path("table").asText(), row.path("id").asLong(-1));
    }

    private static int firstDifference(List<Change> a, List<Change> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : n;
    }

    private static String around(List<Change> list, int index) {
        if (index < 0) {
            return "-";
        }
        int from = Math.max(0, index - 2);
        int to = Math.min(list.size(), index + 3);
        return "[" + from + ".." + to + ") " + list.subList(from, to);
    }
}
