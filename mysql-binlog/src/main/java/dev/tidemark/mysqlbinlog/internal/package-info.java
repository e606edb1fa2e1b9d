/** Implementation of the binlog source; not an API, may change without notice. */
package dev.tidemark.mysqlbinlog.internal;
