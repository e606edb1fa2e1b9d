# Shared by run.sh and run-mysql.sh (sourced, not run).

# Splits "$@" into ARGS (the positional arguments) and WITH_ANCHORS (--with-anchors or empty);
# any other option is an error.
parse_bench_args() {
  WITH_ANCHORS=
  ARGS=()
  local a
  for a in "$@"; do
    case "$a" in
      --with-anchors) WITH_ANCHORS=--with-anchors ;;
      -*) echo "unknown option $a" >&2; exit 2 ;;
      *) ARGS+=("$a") ;;
    esac
  done
}

# find_anchor_dir VAR NAME: unless VAR is set, points it at shared/anchors/NAME beside the repository
# ($ROOT) and exports it; exits 2 when there is none.
find_anchor_dir() {
  local var=$1 name=$2 d
  [ -n "${!var:-}" ] && return 0
  for d in "$ROOT/../shared/anchors/$name" "$ROOT/../../shared/anchors/$name"; do
    if [ -f "$d/run.sh" ]; then printf -v "$var" '%s' "$(cd "$d" && pwd)"; export "$var"; return 0; fi
  done
  echo "--with-anchors: no shared/anchors/$name beside $ROOT; set $var" >&2
  exit 2
}
