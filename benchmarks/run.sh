#!/usr/bin/env bash
# Tidemark benchmarks on the standard PostgreSQL CDC workload (the one shared/anchors/cdc-pg runs).
#
# Usage:
#   benchmarks/run.sh [N] [runs] [--with-anchors]   throughput: W1 = N inserts, W2 = N/2 updates + N/4
#                                                    deletes, transactions of 1,000 (N a multiple of 4,000);
#                                                    readers tidemark, tidemark-jsonl, pgjdbc-raw, each in
#                                                    its own JVM; median of `runs` (defaults 1000000 and 3)
#   benchmarks/run.sh latency [commits/s] [seconds]  end-to-end latency (defaults 1000 and 20)
#   benchmarks/run.sh daemon-heap [N] [runs]         the daemon's jar (`tidemark run`, jsonl sink, JDBC checkpoints in
#                                                    the source database) draining W1 with -Xmx256m and with the JVM's
#                                                    default heap: events/s from the first line in the file to the N-th,
#                                                    peak RSS, CPU, GC (defaults 1000000 and 3)
#   benchmarks/run.sh micro [rounds] [events]        no server: CPU per event of decoding W1 rows and of encoding them
#                                                    to JSON, in one thread (defaults 30 and 100000)
#   benchmarks/run.sh mysql [N] [runs] [--with-anchors]   the same workload as MySQL DDL on a private MariaDB
#                                                    (readers tidemark and binlog-raw; anchors: shared/anchors/cdc-mysql)
#   benchmarks/run.sh mysql latency [commits/s] [seconds]
#   benchmarks/run.sh mysql daemon-heap [N]          the tidemark daemon with -Xmx256m taking W1 (MySQL) into a jsonl file
#   (MySQL mode: MYHOST/MYPORT/MYUSER[/MYPASSWORD] name an existing server instead, as PGHOST does below)
#
# Server: one private PostgreSQL started from /usr/lib/postgresql/<newest>/bin for the whole run (the
# testing module's fixture), or the server named by PGHOST/PGPORT/PGUSER[/PGPASSWORD] when PGHOST is set
# (it needs wal_level=logical and free replication slots; the runner creates and drops the database
# tidemark_bench on it).
# Env: BENCH_JAVA_OPTS (options for the reader JVMs; default none), BENCH_JFR=1 (profile each reader
# with JFR into target/bench-logs/), BENCH_LOCK (default /tmp/bench.lock, taken around each reader, as
# the anchors do), BENCH_ANCHOR_DIR (default: shared/anchors/cdc-pg found beside the repository),
# BENCH_TIMEOUT_S (per reader, default 1800), BENCH_DAEMON_XMX (daemon-heap's small heap, default 256m).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

MODE=throughput
case "${1:-}" in
  latency|daemon-heap|micro|mysql) MODE=$1; shift ;;
esac

. "$HERE/bench-lib.sh"
parse_bench_args "$@"

cd "$ROOT"
# quiet unless it fails (even -q -B prints colour resets on some Maven versions)
BUILD_LOG=$(mktemp)
MODULES=benchmarks
[ "$MODE" = daemon-heap ] && MODULES=benchmarks,daemon
[ "$MODE" = mysql ] && [ "${ARGS[0]:-}" = daemon-heap ] && MODULES=benchmarks,daemon
if ! mvn -q -B -DskipTests -Pbench-run -pl "$MODULES" -am package >"$BUILD_LOG" 2>&1; then
  cat "$BUILD_LOG" >&2; rm -f "$BUILD_LOG"; exit 1
fi
rm -f "$BUILD_LOG"
cd "$HERE"
CP="target/classes:target/lib/*"

if [ "$MODE" = micro ]; then
  # a fixed, pre-touched heap: the first touch of fresh heap pages is charged to the measuring
  # thread as system time and made the rounds bimodal
  # MicroBench times pg-logical's internal decoders, so it lives in pg-logical's test tree
  exec java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$ROOT/pg-logical/target/test-classes:$CP" \
    dev.tidemark.pglogical.internal.types.MicroBench "${ARGS[@]}"
fi

if [ "$MODE" = mysql ]; then
  exec bash "$HERE/run-mysql.sh" "$@"
fi

if [ -n "${PGHOST:-}" ]; then
  # an existing server: the fixtures use it as an external one
  url="jdbc:postgresql://$PGHOST:${PGPORT:-5432}/postgres?user=${PGUSER:-postgres}"
  [ -n "${PGPASSWORD:-}" ] && url="$url&password=$PGPASSWORD"
  export TIDEMARK_TEST_PG_URL="$url"
else
  # our own private server, from the installed binaries; prefer PostgreSQL 15, the anchors' version
  unset TIDEMARK_TEST_PG_URL TIDEMARK_TEST_USE_TESTCONTAINERS
  if [ -z "${TIDEMARK_TEST_PG_BIN:-}" ] && [ -x /usr/lib/postgresql/15/bin/postgres ]; then
    export TIDEMARK_TEST_PG_BIN=/usr/lib/postgresql/15/bin
  fi
fi

if [ -n "$WITH_ANCHORS" ]; then
  find_anchor_dir BENCH_ANCHOR_DIR cdc-pg
fi

if [ "$MODE" = latency ] || [ "$MODE" = daemon-heap ]; then
  export BENCH_DAEMON_JAR="${BENCH_DAEMON_JAR:-$ROOT/daemon/target/tidemark.jar}"
  exec java -cp "$CP" dev.tidemark.benchmarks.Bench "$MODE" "${ARGS[@]}"
fi
exec java -cp "$CP" dev.tidemark.benchmarks.Bench throughput "${ARGS[@]}" $WITH_ANCHORS
