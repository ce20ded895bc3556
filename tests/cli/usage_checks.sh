# Sourced by the CLI test scripts (after setting $sgdsde): a failure message, and the check that bad
# input exits with status 2 and a message matching a pattern.
fail() { echo "FAIL: $*"; exit 1; }
expect_usage_error() {
  pattern="$1"; shift
  out=$("$sgdsde" "$@" 2>&1); status=$?
  [ $status -eq 2 ] || fail "'$*' exited $status, expected 2 ($out)"
  echo "$out" | grep -q -- "$pattern" || fail "'$*' message lacks '$pattern': $out"
}
