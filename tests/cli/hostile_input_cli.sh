#!/bin/sh
# Hostile input and faults, as a user meets them: every bad value is a clear usage error naming the
# option, what was typed and the valid range (exit 2); every failed run says why (exit 1); outputs
# never replace devices and are checked before the run; an interrupted run leaves nothing behind.
# Usage: hostile_input_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
. "$(dirname "$0")/sample_scale.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp" || fail "cd"

# expect STATUS PATTERN ARGS...: the exit status and a message containing PATTERN; never a
# C++-internal message, and nan/inf only inside quotes (what the user typed).
expect() {
  want="$1"; pattern="$2"; shift 2
  out=$(timeout 60 "$sgdsde" "$@" 2>&1); status=$?
  [ $status -eq "$want" ] || fail "'$*' exited $status, expected $want: $out"
  echo "$out" | grep -q -- "$pattern" || fail "'$*' message lacks '$pattern': $out"
  echo "$out" | grep -q -E 'std::|bad_alloc|vector::|terminate called' && fail "'$*' leaks a C++ message: $out"
  echo "$out" | sed "s/'[^']*'//g" | grep -q -i -E '(^|[^a-z])-?(nan|inf)([^a-z]|$)' && fail "'$*' prints nan/inf: $out"
  return 0
}

# 3. Integers: no negatives, no wrap-around, no empty value standing for the default.
expect 2 "\-\-runs: '-1' is not a whole number in \[1, 1000000000\]" sgd --runs -1
expect 2 "\-\-runs: '18446744073709551616' is not a whole number" sgd --runs 18446744073709551616
expect 2 "\-\-batch: '-1' is not a whole number" sme --batch -1
expect 2 "\-\-substeps: '-1' is not a whole number" sme --substeps -1
expect 2 "\-\-steps: '-1' is not a whole number" gibbs --steps -1
expect 2 "\-\-chains: '-1' is not a whole number" stationary --chains -1
expect 2 "\-\-steps: '0' is not a whole number in \[1, " sgd --steps 0
expect 2 "\-\-steps: '' is not a whole number" sgd --steps ''
expect 2 "\-\-n: '-5' is not a whole number in \[0, " sgd --n -5
expect 2 "\-\-horizon: an empty value is not allowed" stationary -T ''
expect 2 "\-\-data: an empty value is not allowed" sgd --data ''
expect 2 "\-\-eta: 'nan' is not a number" sgd --eta nan
expect 2 "\-\-eta: '1e400' is beyond the range of a double" sgd --eta 1e400
expect 2 "\-\-eta: 'inf': must be finite" sgd --eta inf
# "010" is ten steps, not octal eight.
"$sgdsde" sgd --steps 010 --record-every 1 --runs 2 --json | python3 -c "import json,sys; assert json.load(sys.stdin)['steps'] == 10" ||
  fail "--steps 010 is not 10"

# Found by the fuzzer: echoed unquoted, a 309-digit range, inf printed, two hangs.
expect 2 "\-\-problem: 'nan' is not one of {least_squares," stationary --problem nan
expect 2 "\-\-max-path-steps: 'inf' is not a number in \[1, 1e+18\]" weak-error --max-path-steps inf
expect 2 "\-\-tilt-sd: '18446744073709551615' is not a number in \[0, 1e+03\]" stationary --tilt-sd 18446744073709551615
expect 2 "\-\-x0: '1e308' is not a number in \[-1e+06, 1e+06\]" escape --x0 1e308
expect 2 "\-\-height: '1e308' is not a number in \[1e-06, 1e+06\]" escape --height 1e308

# 11. Messages name what was typed.
expect 2 "\-\-keep-paths: '0'" sgd --keep-paths 0 --paths-csv p.csv
expect 2 "\-\-runs: '-1' is not a whole number in \[10, " stationary --runs -1
expect 2 "\-\-x0: 'nan' is not a number" escape --x0 nan
expect 2 "\-\-paths: '0' is not a whole number in \[1, 1000000000\]" convergence --paths 0
expect 2 "\-\-epochs 1e+308 x 200 steps per epoch asks for" sgd --epochs 1e308

# 4. Unbounded work is refused up front with the numbers.
expect 2 "\-T / \-\-eta asks for 2e+301 steps" stationary -T 1e300
expect 2 "this run needs 1.3e+16 path-steps" stationary --eta 1e-9
expect 2 "\-\-max-path-steps" stationary --eta 1e-9
expect 2 "the temperature 2e-300 is too small against the barrier 0.25" escape --eta 1e-300
expect 2 "eta 0.03: the temperature 1.5e-12 is too small" escape --tilt-sd 1e-5
expect 2 "asks for 2.43e+29 steps" escape --n 5
expect 2 "\-\-horizon-factor: 'inf' is not a number in \[2, 1e+06\]" escape --horizon-factor inf
expect 2 "more than the cap of 1e+06" sgd --runs 100 --steps 20000 --max-path-steps 1e6
"$sgdsde" sgd --runs 100 --steps 20000 --max-path-steps 2e6 > /dev/null || fail "a raised cap did not let the run through"

# 12. Options that would be ignored are refused.
expect 2 "\-\-batch is read only without \-\-gd" sgd --gd --batch 5
expect 2 "\-\-momentum is read only with \-\-method momentum" sgd --momentum 0.5
expect 2 "\-\-curvatures is read only by li_tai_e" sgd --curvatures 1,2
expect 2 "\-\-data is read only by least_squares and logistic; here \-\-problem is li_tai_e" weak-error --data my.csv
expect 2 "\-\-alpha is read only with \-\-schedule inverse_power" sme --alpha 0.7
# Lévy areas on the per-sample form's m = n = 3000 noise dimensions ran for minutes per step: refused.
expect 2 "per_sample diffusion has m = n = 3000 noise dimensions" sme --problem least_squares --n 3000 --diffusion per_sample --integrator milstein --steps 3

# 7. Finite explosions are divergences with run and step, never inf with exit 0.
expect 1 "iterate beyond the bound 1e+30 in run 0 at step 13" sgd --gd --eta 10 --steps 50 --runs 5
expect 1 "state beyond the bound 1e+30 in path" sme --problem random_feature --eta 4 --integrator milstein
expect 1 "the statistics overflow at step" sgd --gd --eta 10 --steps 50 --runs 5 --bound inf

# 2 and 8. Exact weak error: diverged points reported and left out; fewer than 3 points say so.
"$sgdsde" weak-error --problem least_squares --json > we.json || fail "weak-error least_squares"
python3 - we.json <<'PY' || fail "exact weak-error divergence"
import json, sys
d = json.load(open(sys.argv[1]))
first = d["points"][0]
assert "unstable" in first["diverged"]["sgd"], first
assert first["sgd"] is None
usable = [p for p in d["points"] if "diverged" not in p]
assert all(abs(p["sgd"]) < 1e3 for p in usable), usable
assert d["order_sme1"]["points"] == len(usable)
if len(usable) < 3:
    assert d["order_sme1"]["estimate"] is None and "not enough points" in d["order_sme1"]["not_fitted"]
PY
expect 0 "not enough points: 0 usable, 3 needed" weak-error --problem least_squares --dim 5 -T 50 --steps 8,16,32
expect 0 "rounding level" weak-error -T 1e-6
expect 2 "at least the coarsest + 3" convergence --coarsest-level 2 --finest-level 4

# 1 and 10. Outputs: devices written, never replaced; symlinks followed; long names fit; checked
# before the run; stdout errors are failures; two options naming one file are refused.
if [ -c /dev/full ]; then
  expect 1 "\-\-csv: cannot write /dev/full: No space left on device" sgd --runs 2 --steps 5 --csv /dev/full
  out=$("$sgdsde" sgd --runs 2 --steps 5 --json 2>&1 > /dev/full); status=$?
  [ $status -eq 1 ] || fail "stdout to /dev/full exited $status"
  echo "$out" | grep -q "cannot write the standard output" || fail "stdout message: $out"
fi
# Run as root, the old code renamed its temporary file over /dev/null. Two options on one device are fine.
"$sgdsde" sgd --runs 2 --steps 5 --csv /dev/null --paths-csv /dev/null > /dev/null || fail "/dev/null as output"
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
mkfifo fifo && { cat fifo > fifo.out & reader=$!; }
"$sgdsde" sgd --runs 2 --steps 5 --paths-csv fifo > /dev/null || fail "a pipe as --paths-csv"
wait $reader
[ -p fifo ] || fail "the pipe was replaced by a regular file"
grep -q "^run,step,t" fifo.out || fail "nothing came through the pipe"
echo old > target.csv && ln -s target.csv link.csv
"$sgdsde" sgd --runs 2 --steps 5 --csv link.csv > /dev/null || fail "--csv through a symlink"
[ -L link.csv ] || fail "the symlink was replaced"
grep -q "^step," target.csv || fail "the symlink's target was not written"
ln -s made.csv dangling.csv
"$sgdsde" sgd --runs 2 --steps 5 --csv dangling.csv > /dev/null || fail "--csv through a dangling symlink"
[ -L dangling.csv ] && [ -f made.csv ] || fail "a dangling symlink's target was not created"
long=$(python3 -c "print('a' * 250)")
"$sgdsde" sgd --runs 2 --steps 5 --csv "$long.csv" > /dev/null || fail "a 254-character file name"
[ -f "$long.csv" ] || fail "the long-named file is missing"
expect 2 "\-\-csv: cannot create a file in /nonexistent" sgd --runs 2 --steps 5 --csv /nonexistent/x.csv
expect 2 "\-\-csv: $tmp is a directory" weak-error --csv "$tmp"
expect 2 "\-\-csv and \-\-paths-csv name the same file" sgd --csv same.csv --paths-csv ./same.csv
ls -a | grep -q '\.tmp' && fail "temporary files left behind: $(ls -a)"

# 9. Data files.
printf '\357\273\2771,2,3\n4,5,6\n7,8,9\n' > bom.csv
"$sgdsde" sgd --data bom.csv --runs 2 --steps 2 --json | python3 -c "import json,sys; assert json.load(sys.stdin)['problem']['n'] == 3" ||
  fail "a BOM dropped a row"
printf '1,2x,3\n4,5,6\n' > typo.csv
expect 2 "line 1 mixes numbers and text (column 2: '2x')" sgd --data typo.csv
printf 'a,b,y\n1e-320,2,3\n4,5,6\n' > subnormal.csv
"$sgdsde" sgd --data subnormal.csv --runs 2 --steps 2 > /dev/null || fail "a subnormal value was refused"
printf '2,1,x,y\n1,2,3\n4,5,6\n' > declared.csv
"$sgdsde" sgd --data declared.csv --header yes --runs 2 --steps 2 > /dev/null || fail "--header yes"
expect 2 "is a directory" sgd --data "$tmp"
expect 2 "is not a regular file" sgd --data /dev/zero
printf '1,2,3\n4,\001\002,6\n' > binary.csv
expect 2 "byte 3 is a control character" sgd --data binary.csv
expect 2 "\-\-header is read only by \-\-data files" sgd --header yes

# 5. A worker thread that cannot start is an error (a 16 TiB default stack makes pthread_create fail).
out=$(sh -c "ulimit -s 17179869184 2>/dev/null && exec '$sgdsde' sgd --threads 2 --runs 100 --steps 5" 2>&1); status=$?
if [ $status -ne 0 ] || echo "$out" | grep -q "could not start"; then
  [ $status -eq 1 ] || fail "thread-start failure exited $status: $out"
  echo "$out" | grep -q "could not start worker thread 1 of 2" || fail "thread-start message: $out"
fi

# 6. An interrupted run leaves nothing behind: a signal while a large CSV is being written removes
# the temporary file (it used to stay as NAME.tmp.PID) ...
# (500 paths of 2000 steps, 68 MB; under the sanitizers, where formatting them took 28 s of the test's
# 136, 100 paths: the file is written by one call either way, so the window a signal can hit is the
# write's, much shorter than the formatting before it.)
paths=$(scaled 500 100)
mkdir interrupted && cd interrupted || fail "cd"
for sig in INT TERM; do
  "$sgdsde" sgd --runs "$paths" --steps 2000 --record-every 1 --keep-paths "$paths" --paths-csv big.csv --dim 2 > /dev/null 2>&1 &
  writer=$!
  # The temporary file lives only while the write runs (milliseconds): polled with shell builtins
  # alone, since a poll that starts processes (ls, sleep) takes about as long and once missed it.
  seen=no
  while kill -0 $writer 2>/dev/null; do
    set -- .sgdsde-*
    if [ -e "$1" ]; then seen=yes; break; fi
  done
  [ $seen = yes ] || fail "never saw the temporary file of --paths-csv"
  kill -$sig $writer
  wait $writer
  left=$(ls -A)
  [ -z "$left" ] || [ "$left" = big.csv ] || fail "SIG$sig while writing left: $left"
  rm -f big.csv
done
cd .. || fail "cd"

# ... and its children die with it.
# Read in the shell, one file at a time: awk (mawk) stops at the first /proc entry that vanished
# between the glob and the read, and on a busy machine that skipped the very child looked for.
children_of() {
  wanted=$1
  for stat in /proc/[0-9]*/stat; do
    { read -r line < "$stat"; } 2>/dev/null || continue
    pid=${line%% *}
    set -- ${line##*) }  # after the command name, which may hold blanks: state, ppid, ...
    [ "${2:-}" = "$wanted" ] && echo "$pid"
  done
}
mkdir figs kids
TMPDIR="$tmp/kids" "$sgdsde" figures --out figs --only stationary --threads 1 > /dev/null 2>&1 &
parent=$!
# Wait for a simulating child (not gnuplot --version, which comes first).
simulating_child() { for c in $(children_of $parent); do grep -q stationary "/proc/$c/cmdline" 2>/dev/null && echo "$c"; done; }
i=0
# 30 s: beside the suite's other long tests on two cores, 10 s was once not enough.
while [ $i -lt 300 ] && [ -z "$(simulating_child)" ]; do sleep 0.1; i=$((i + 1)); done
children=$(simulating_child)
[ -n "$children" ] || fail "figures started no simulating child within 30 s"
kill -TERM $parent
wait $parent
# Still running (a zombie waiting to be reaped by init does not count). The parent signals its child
# and exits without waiting, so on a loaded machine the child may take a moment to go: it has 5 s,
# while left alone it would simulate for longer than that (over 12 s).
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
for c in $children; do
  i=0
  while [ $i -lt 50 ] && alive "$c"; do sleep 0.1; i=$((i + 1)); done
  alive "$c" && fail "child $c outlived its parent by 5 s: $(tr '\0' ' ' < /proc/$c/cmdline 2>/dev/null)"
done
leftovers=$(find figs kids \( -name '.sgdsde-*' -o -name 'sgdsde-child-*' \))
[ -z "$leftovers" ] || fail "an interrupted figures run left: $leftovers"
echo ok
