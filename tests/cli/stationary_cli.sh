#!/bin/sh
# `sgdsde stationary` as a user meets it. Usage: stationary_cli.sh path/to/sgdsde
# The longest test under the sanitizers (50-80 s at SGDSDE_TEST_SCALE = 1/8): each run integrates the
# SME at 16 substeps per SGD step, and the long-chain check needs at least two chains of 360,000 steps
# for its batch means to be many autocorrelation times long (so it runs Euler-Maruyama only).
set -u
sgdsde="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$(dirname "$0")/sample_scale.sh"
# The registry's integrators, as the command lists them (a new one is checked without editing this).
integrators=$("$sgdsde" help integrators | sed -n 's/^  \([a-z0-9_]*\) .*strong order.*/\1/p' | tr '\n' ' ')
[ -n "$integrators" ] || fail "help integrators lists none"
methods="['sgd'] + '$integrators'.split()"
# d > 1: ensembles against the exact moments at T (SGD's recursion, the SME's moment equation); the
# sample covariance of 20000 runs has a relative standard error near sqrt(2/20000) = 1%, and the
# tolerance of 4% widens with it when SGDSDE_TEST_SCALE shrinks the ensemble. T = 2 is 20 SGD steps:
# the moments at T are exact for any T, and the slowest covariance mode has relaxed to e^-4 of its
# start (rate 2 lambda_min = 2); the horizon sets the cost of the longest run of this script under
# the sanitizers (83 s at T = 10, 41 s at T = 5, Platen's scheme the bulk).
runs=$(scaled 20000 500)
"$sgdsde" stationary --problem non_commuting --eta 0.1 -T 2 --runs "$runs" --substeps 16 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['dim'] == 2 and d['runs'] == $runs
m = {r['method']: r for r in d['methods']}
assert set(m) == set($methods), set(m)
for r in m.values():
    assert r['covariance_relative_error'] < 0.04 * $(growth 20000 "$runs"), r
    assert len(r['covariance']) == 2 and len(r['exact_covariance']) == 2
assert m['euler_maruyama']['sliced_w1_to_sgd'] > 0 and 'sliced_w1_to_sgd' not in m['sgd']
" || fail "2-D json"
out=$("$sgdsde" stationary --problem non_commuting --chains 4 2>&1); status=$?
[ $status -eq 2 ] || fail "2-D chains exited $status"
echo "$out" | grep -q "1-D problems" || fail "message: $out"
out=$("$sgdsde" stationary --range 1,0 2>&1); status=$?
[ $status -eq 2 ] || fail "bad range exited $status"
# random_feature: the exact tail indices; Euler-Maruyama's law is consistent with the Fokker-Planck
# density (KS p-value not tiny; fewer runs only make the test gentler); fields as documented; the CSV
# has one row per bin.
rf_runs=$(scaled 4000 1000)
"$sgdsde" stationary --problem random_feature --eta 0.2 --runs "$rf_runs" -T 15 --bins 40 --csv "$tmp/s.csv" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
m = {r['method']: r for r in d['methods']}
assert set(m) == set($methods)
assert m['euler_maruyama']['ks_p_value'] > 1e-3, m['euler_maruyama']
assert abs(d['tail_index']['sme_exact'] - 6.0) < 1e-12 and abs(d['tail_index']['sgd_exact'] - 8.3026) < 1e-3
assert all(k in m['sgd'] for k in ('total_variation', 'hellinger', 'kl', 'wasserstein1', 'ks_statistic', 'hill_tail_index'))
assert d['gibbs_residual_kl'] > 1e-3  # state-dependent noise: reversible but not Gibbs
" || fail "json"
[ "$(wc -l < "$tmp/s.csv")" -eq 41 ] || fail "csv rows"
header="x,sgd,sgd_se"
for name in $integrators; do header="$header,$name,${name}_se"; done
head -1 "$tmp/s.csv" | grep -qx "$header,fokker_planck,gibbs" || fail "csv header: $(head -1 "$tmp/s.csv")"
# Long chains: time-averaged laws with batch-means error bars and the autocorrelation time; the
# batches are many autocorrelation times long, and Euler-Maruyama at dt = eta/16 is consistent with
# the Fokker-Planck density at its own error bars (largest |z| over 30 bins below 4.5).
chains=$(scaled 8 2)
"$sgdsde" stationary --chains "$chains" --substeps 16 --bins 30 --integrator euler_maruyama --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'chains' and d['runs'] == $chains and d['burn_in'] == 2000
m = {r['method']: r for r in d['methods']}
assert set(m) == {'sgd', 'euler_maruyama'}, set(m)
for r in m.values():
    assert r['autocorrelation_time'] > 10 and r['batch_length_over_tau'] > 10, r
    assert r['effective_samples'] < $chains * 360000 / 10, r
assert m['euler_maruyama']['max_bin_z'] < 4.5, m['euler_maruyama']
" || fail "chains json"
# eta beyond SGD's stable range: SGD's divergence is reported (run and step), the SDE side still runs.
"$sgdsde" stationary --eta 1.1 --runs 500 --substeps 32 --integrator euler_maruyama --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
m = {r['method']: r for r in d['methods']}
assert 'run' in m['sgd']['diverged'] and 'step' in m['sgd']['diverged'], m['sgd']
assert 'diverged' not in m['euler_maruyama'] and m['euler_maruyama']['total_variation'] < 0.2
" || fail "divergence json"
# --sampler: without replacement on n = 20, B = 5 the SME's noise (and so the fitted Gibbs temperature of
# this OU law) is c = 15/19 times the one with replacement; both use the same 20 samples.
t() { "$sgdsde" stationary --problem li_tai_e --curvatures 1 --n 20 -B 5 --sampler "$1" --runs 200 -T 2 --integrator euler_maruyama --json |
      python3 -c "import json, sys; d = json.load(sys.stdin); assert d['sampler'] == '$1'; print(d['gibbs_temperature'])"; }
python3 -c "r = $(t without_replacement) / $(t with_replacement); assert abs(r - 15 / 19) < 1e-4, r" || fail "--sampler's c"
out=$("$sgdsde" stationary --problem li_tai_e --curvatures 1 --sampler reshuffling 2>&1); status=$?
[ $status -eq 2 ] || fail "reshuffling on a population exited $status"
out=$("$sgdsde" stationary --chains 4 -T 10 --burn-in 10 2>&1); status=$?
[ $status -eq 2 ] || fail "burn-in as long as the chain exited $status"
echo ok
