#!/bin/sh
# `sgdsde stationary` as a user meets it. Usage: stationary_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
out=$("$sgdsde" stationary --problem non_commuting 2>&1); status=$?
[ $status -eq 2 ] || fail "2-D problem exited $status"
echo "$out" | grep -q "1-D problem" || fail "message: $out"
out=$("$sgdsde" stationary --range 1,0 2>&1); status=$?
[ $status -eq 2 ] || fail "bad range exited $status"
# random_feature: the exact tail indices; Euler-Maruyama's law is consistent with the Fokker-Planck
# density (KS p-value not tiny); fields as documented; the CSV has one row per bin.
"$sgdsde" stationary --problem random_feature --eta 0.2 --runs 4000 -T 15 --bins 40 --csv "$tmp/s.csv" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
m = {r['method']: r for r in d['methods']}
assert set(m) == {'sgd', 'euler_maruyama', 'milstein'}
assert m['euler_maruyama']['ks_p_value'] > 1e-3, m['euler_maruyama']
assert abs(d['tail_index']['sme_exact'] - 6.0) < 1e-12 and abs(d['tail_index']['sgd_exact'] - 8.3026) < 1e-3
assert all(k in m['sgd'] for k in ('total_variation', 'hellinger', 'kl', 'wasserstein1', 'ks_statistic', 'hill_tail_index'))
assert d['gibbs_residual_kl'] > 1e-3  # state-dependent noise: reversible but not Gibbs
" || fail "json"
[ "$(wc -l < "$tmp/s.csv")" -eq 41 ] || fail "csv rows"
echo ok
