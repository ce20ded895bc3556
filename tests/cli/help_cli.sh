#!/bin/sh
# `sgdsde help` and the refusals of words the command line does not know, as a user meets them.
# Usage: help_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
fail() { echo "FAIL: $*"; exit 1; }
out=$("$sgdsde" frobnicate 2>&1); [ $? -eq 2 ] || fail "frobnicate: exit"
echo "$out" | grep -qF "unknown subcommand 'frobnicate'; the subcommands: convergence, sgd" || fail "frobnicate: $out"
out=$("$sgdsde" figurs 2>&1); [ $? -eq 2 ] || fail "figurs: exit"
echo "$out" | grep -qF "unknown subcommand 'figurs' (did you mean 'figures'?)" || fail "figurs: $out"
out=$("$sgdsde" sgd --stpes 3 2>&1); [ $? -eq 2 ] || fail "--stpes: exit"
echo "$out" | grep -qF "sgdsde sgd: unknown option '--stpes' (did you mean '--steps'?)" || fail "--stpes: $out"
out=$("$sgdsde" weak-error --problme li_tai_e 2>&1); [ $? -eq 2 ] || fail "--problme: exit"
echo "$out" | grep -qF "unknown option '--problme' (did you mean '--problem'?)" || fail "--problme: $out"
out=$("$sgdsde" sgd --problem double_wel 2>&1); [ $? -eq 2 ] || fail "double_wel: exit"
echo "$out" | grep -qF "double_wel" || fail "double_wel: $out"
out=$("$sgdsde" help nope 2>&1); [ $? -eq 2 ] || fail "help nope: exit"
echo "$out" | grep -qF "unknown help topic 'nope'; topics: problems, integrators, schedules, convergence" || fail "help nope: $out"
out=$("$sgdsde" help integrator 2>&1); [ $? -eq 2 ] || fail "help integrator: exit"
echo "$out" | grep -qF "(did you mean 'integrators'?)" || fail "help integrator: $out"

# help TOPIC prints what the registries hold: the problem catalogue is the one in each subcommand's
# help; every integrator that convergence runs is listed with its orders.
problems=$("$sgdsde" help problems) || fail "help problems"
[ "$(echo "$problems" | grep -c '^  [a-z_]*  ')" -ge 6 ] || fail "help problems: $problems"
"$sgdsde" sgd --help | grep -qF "$(echo "$problems" | sed -n 2p)" || fail "help problems differs from sgd --help"
integrators=$("$sgdsde" help integrators) || fail "help integrators"
for name in $("$sgdsde" convergence --paths 20 --coarsest-level 2 --finest-level 5 --reference-extra-levels 1 --problem gbm --json |
              python3 -c "import json,sys; print(' '.join(r['method'] for r in json.load(sys.stdin)['results']))"); do
  echo "$integrators" | grep -qE "^  $name +.*strong order [0-9.]+, weak order [0-9.]+" || fail "help integrators: no $name"
done
[ "$("$sgdsde" help sgd)" = "$("$sgdsde" sgd --help)" ] || fail "help sgd is not sgd --help"
# Every schedule both commands accept is listed in both clocks, and a name the list lacks is refused.
schedules=$("$sgdsde" help schedules) || fail "help schedules"
for name in $(echo "$schedules" | sed -n 's/^  \([a-z_]*\) .*sgd, sme:.*/\1/p'); do
  "$sgdsde" sgd --schedule "$name" --steps 5 --runs 2 >/dev/null || fail "sgd --schedule $name"
  "$sgdsde" weak-error --schedule "$name" --steps 4,8,16 --runs 20 --mode monte_carlo --problem double_well >/dev/null ||
    fail "weak-error --schedule $name"
  n=$((${n:-0} + 1))
done
[ "${n:-0}" -eq "$(echo "$schedules" | grep -c '^  *weak-error:')" ] && [ "$n" -ge 5 ] || fail "help schedules: $schedules"
out=$("$sgdsde" sgd --schedule cosine 2>&1); [ $? -eq 2 ] || fail "--schedule cosine: exit"
"$sgdsde" help | grep -qE "^  figures " || fail "help: no subcommand list"
echo "help: ok"
