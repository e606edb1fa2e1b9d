package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.Column;
import dev.tidemark.engine.RowSchema;
import dev.tidemark.engine.TableId;
import dev.tidemark.pglogical.internal.types.LastValueDecoder;
import dev.tidemark.pglogical.internal.types.PgValueDecoder;
import dev.tidemark.pglogical.internal.types.TextDecoder;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as the latest Relation message described it: schemas for full rows and key-only rows,
 * and one value decoder per column. The decoders of some types remember their last value
 * ({@link LastValueDecoder}), so an instance belongs to the streaming thread that decodes its rows.
 */
final class RelationInfo {
    final int oid;
    final TableId table;
    final RowSchema schema;
    final RowSchema keySchema;
    final int[] keyIndexes;
    final TextDecoder[] decoders;
    final char replicaIdentity;
    final boolean captured;

    RelationInfo(PgMessage.Relation r, String database, PgValueDecoder types, Connection catalog, boolean captured) {
        this.oid = r.oid();
        this.table = new TableId(database, r.namespace().isEmpty() ? "pg_catalog" : r.namespace(), r.name());
        List<Column> cols = new ArrayList<>(r.columns().size());
        List<Column> keys = new ArrayList<>();
        List<Integer> keyIdx = new ArrayList<>();
        decoders = new TextDecoder[r.columns().size()];
        for (int i = 0; i < r.columns().size(); i++) {
            PgMessage.RelationColumn c = r.columns().get(i);
            Column col = new Column(c.name(), types.typeName(c.typeOid(), catalog), c.key(), true);
            cols.add(col);
            if (c.key()) {
                keys.add(col);
                keyIdx.add(i);
            }
            decoders[i] = LastValueDecoder.wrap(types.forType(c.typeOid(), catalog));
        }
        this.schema = new RowSchema(table, cols);
        this.keySchema = new RowSchema(table, keys);
        this.keyIndexes = keyIdx.stream().mapToInt(Integer::intValue).toArray();
        this.replicaIdentity = r.replicaIdentity();
        this.captured = captured;
    }
}
