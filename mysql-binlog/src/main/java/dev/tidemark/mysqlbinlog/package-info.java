/**
 * The MySQL/MariaDB binlog source: {@link dev.tidemark.mysqlbinlog.MySqlBinlogSource}, configured
 * through its builder into a {@link dev.tidemark.mysqlbinlog.MySqlSourceConfig}. Everything under
 * {@code internal} is unsupported implementation.
 */
package dev.tidemark.mysqlbinlog;
