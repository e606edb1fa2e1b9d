#!/usr/bin/env bash
# The MySQL/MariaDB mode of run.sh (`benchmarks/run.sh mysql ...`), which builds the module first and
# then hands over here, in benchmarks/. Not meant to be run by itself.
#   mysql [N] [runs] [--with-anchors]     throughput, W1/W2 as MySQL DDL (defaults 1000000 and 3)
#   mysql latency [commits/s] [seconds]    end-to-end latency (defaults 1000 and 20)
#   mysql daemon-heap [N]                  the tidemark daemon with -Xmx256m taking W1 into a jsonl file
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$HERE"

SUB=throughput
case "${1:-}" in
  latency|daemon-heap) SUB=$1; shift ;;
esac
. "$HERE/bench-lib.sh"
parse_bench_args "$@"

if [ -n "${MYHOST:-}" ]; then
  # an existing server (log_bin, binlog_format=ROW, binlog_row_image=FULL); the fixtures use it as an external one
  url="jdbc:mariadb://$MYHOST:${MYPORT:-3306}/?user=${MYUSER:-root}"
  [ -n "${MYPASSWORD:-}" ] && url="$url&password=$MYPASSWORD"
  export TIDEMARK_TEST_MYSQL_URL="$url"
else
  unset TIDEMARK_TEST_MYSQL_URL TIDEMARK_TEST_USE_TESTCONTAINERS
fi

if [ -n "$WITH_ANCHORS" ]; then
  find_anchor_dir BENCH_MYSQL_ANCHOR_DIR cdc-mysql
fi
if [ -n "$WITH_ANCHORS" ] && [ ! -w "$BENCH_MYSQL_ANCHOR_DIR" ]; then
  # the harness builds itself into its own target/: a read-only checkout runs from a copy under ours
  copy="$HERE/target/anchor-cdc-mysql"
  mkdir -p "$copy"
  cp -r "$BENCH_MYSQL_ANCHOR_DIR/pom.xml" "$BENCH_MYSQL_ANCHOR_DIR/run.sh" "$BENCH_MYSQL_ANCHOR_DIR/src" "$copy/"
  chmod -R u+w "$copy"
  BENCH_MYSQL_ANCHOR_DIR=$copy; export BENCH_MYSQL_ANCHOR_DIR
fi

CP="target/classes:target/lib/*"
if [ "$SUB" = daemon-heap ]; then
  # run.sh built the daemon's jar with the module
  export BENCH_DAEMON_JAR="${BENCH_DAEMON_JAR:-$ROOT/daemon/target/tidemark.jar}"
  exec java -cp "$CP" dev.tidemark.benchmarks.MysqlBench daemon-heap "${ARGS[@]}"
fi
if [ "$SUB" = latency ]; then
  exec java -cp "$CP" dev.tidemark.benchmarks.MysqlBench latency "${ARGS[@]}"
fi
exec java -cp "$CP" dev.tidemark.benchmarks.MysqlBench throughput "${ARGS[@]}" $WITH_ANCHORS
