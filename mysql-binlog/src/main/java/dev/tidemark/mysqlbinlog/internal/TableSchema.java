package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.RowSchema;
import dev.tidemark.engine.TableId;

/**
 * One version of a captured table: the engine's row schema and how to read each column. Shared by
 * every row of that version; immutable.
 *
 * @param map    the TABLE_MAP it was resolved for (its layout decides whether it can be reused)
 * @param source where the column facts came from, for messages
 */
record TableSchema(TableId id, RowSchema rowSchema, ColumnCodec[] codecs, TableMap map, String source) {
}
