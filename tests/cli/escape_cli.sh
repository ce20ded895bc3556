#!/bin/sh
# `sgdsde escape` as a user meets it. Usage: escape_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
fail() { echo "FAIL: $*"; exit 1; }
. "$(dirname "$0")/sample_scale.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for bad in "--eta 0" "--eta -0.1,0.05" "--problem li_tai_e" "--target -1" "--horizon-factor 1" "--reflect-at 2"; do
  out=$("$sgdsde" escape $bad 2>&1); status=$?
  [ $status -eq 2 ] || fail "escape $bad exited $status: $out"
done
# Additive double well (barrier 1/4, eps = 2 eta): Euler-Maruyama at dt = eta/16 matches the exact
# quadrature within 4 standard errors; no run is censored; Kramers is below the exact time by its
# O(eps) correction (ratio ~0.8 at dF/eps = 2.5, ~0.85 at 3.1).
runs=$(scaled 1500 200)
"$sgdsde" escape --eta 0.04,0.05 --runs "$runs" --substeps 16 --json --csv "$dir/escape.csv" | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['command'] == 'escape' and d['kramers_applies'] and d['additive_noise']
assert abs(d['minimum']['x'] + 1) < 1e-6 and abs(d['minimum']['curvature'] - 2) < 1e-6 and abs(d['barrier'] - 0.25) < 1e-9
for p in d['points']:
    em, sgd = p['euler_maruyama'], p['sgd']
    assert em['censored'] == 0 and sgd['censored'] == 0 and em['hit'] == $runs, p
    assert abs(em['mean'] - p['exact']) < 4 * em['standard_error'], p
    assert 0.7 < p['kramers'] / p['exact'] < 0.95, p
    assert abs(p['temperature'] - 2 * p['eta']) < 1e-12
" || fail "escape json"
head -1 "$dir/escape.csv" | grep -q "^eta,temperature,exact,kramers,sgd,sgd_se" || fail "csv header"
[ "$(wc -l < "$dir/escape.csv")" -eq 3 ] || fail "csv rows"
# Multiplicative noise and no saddle: Kramers does not apply and says so.
"$sgdsde" escape --problem random_feature --x0 0.5 --target 2 --eta 0.4 --runs 200 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert not d['kramers_applies'] and d['points'][0]['kramers'] is None
" || fail "random_feature json"
echo ok
