#!/bin/sh
# `sgdsde gibbs` as a user meets it. Usage: gibbs_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
fail() { echo "FAIL: $*"; exit 1; }
out=$("$sgdsde" gibbs --eta 0.6 2>&1); status=$?
[ $status -eq 2 ] || fail "eta >= 2/L exited $status"
echo "$out" | grep -q "no stationary law" || fail "message: $out"
out=$("$sgdsde" gibbs --problem double_well --mode exact 2>&1); status=$?
[ $status -eq 2 ] || fail "double_well exact exited $status"
echo "$out" | grep -q "affine per-sample gradients" || fail "double_well message: $out"
# Gaussian mode, the automatic choice where the gradients are not affine (logistic): x* by Newton, the
# two Gaussian approximations at x*, and the chains' covariance with its standard errors. The chains'
# own checks against an exact law are in tests/analysis/test_gibbs_gaussian.cpp; here the interface.
"$sgdsde" gibbs --problem logistic --dim 2 --eta 0.2 -B 4 --runs 8 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'gaussian' and d['dim'] == 2 and d['c_over_b'] == 0.25, d.keys()
assert d['gradient_norm_at_minimizer'] < 1e-9 and 0 < d['newton_iterations'] < 20
ev = d['hessian_eigenvalues']
assert 0 < ev[0] <= ev[1] and abs(d['condition_number'] - ev[1] / ev[0]) < 1e-12 * d['condition_number']
assert abs(d['relaxation_steps'] - 1 / (0.2 * ev[0])) < 1e-9 * d['relaxation_steps']
e = d['sgd_ensemble']
assert e['runs'] == 8 and e['steps'] == max(10000, -(-200 * d['relaxation_steps'] // 1)) and e['burn_in'] > 0, e
C, se = e['stationary_covariance'], e['stationary_covariance_se']
assert all(C[i][i] > 0 and se[i][i] > 0 for i in range(2)) and C[0][1] == C[1][0]
for side in ('sgd_gaussian', 'sme_gaussian'):
    g = d[side]
    assert g['relative_difference_from_ensemble'] > 0 and g['max_z_from_ensemble'] >= 0 and len(g['stationary_covariance']) == 2
" || fail "gaussian mode, logistic"
"$sgdsde" gibbs --problem logistic --eta 0.2 --runs 4 --steps 2000 --burn-in 100 | grep -q "Gaussian, SME at x\*" || fail "gaussian report"
"$sgdsde" gibbs --problem logistic --dim 2 --separable --ridge 0.5 --runs 4 --steps 2000 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'gaussian' and d['sgd_ensemble']['steps'] == 2000 and d['problem']['ridge'] == 0.5
" || fail "separable data with a ridge"
for bad in "--problem logistic --separable" "--mode exact --problem logistic" "--problem logistic --substeps 2" \
           "--problem least_squares --runs 8" "--problem logistic --runs 3" "--problem logistic --eta 100" \
           "--problem double_well --x0 0"; do
  out=$("$sgdsde" gibbs $bad 2>&1); status=$?
  [ $status -eq 2 ] || fail "gibbs $bad exited $status: $out"
done
out=$("$sgdsde" gibbs --problem logistic --separable 2>&1)
echo "$out" | grep -q -- "--ridge" || fail "separable message: $out"
out=$("$sgdsde" gibbs --problem double_well --x0 0 2>&1)
echo "$out" | grep -q "not a strict minimum" || fail "double well top message: $out"
# Exact mode, d = 10, state-dependent noise: both sides' laws exist, centred at the minimizer, with
# a current (HS - SH antisymmetric) and a residual KL; the Gaussian approximation at the minimizer
# differs from the exact covariance.
"$sgdsde" gibbs --problem least_squares --dim 10 --eta 0.01 -B 4 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'exact' and d['dim'] == 10 and d['noise_depends_on_x'] is True, d.keys()
x = d['minimizer']
for side in ('sgd', 'sme'):
    s = d[side]
    S, R = s['stationary_covariance'], s['area_rates']
    assert len(S) == 10 and all(len(row) == 10 for row in S)
    assert max(abs(a - b) for a, b in zip(s['stationary_mean'], x)) < 1e-8 * max(map(abs, x))
    assert all(abs(R[i][j] + R[j][i]) < 1e-12 * (1 + abs(R[i][j])) for i in range(10) for j in range(10))
    assert s['residual_kl'] > 0 and s['relative_area_rate'] > 0 and s['gaussian_approximation']['relative_difference'] > 0
    assert len(s['direction_temperatures']) == 10
assert d['sgd']['moment_spectral_radius'] < 1 and d['sme']['moment_spectral_abscissa'] < 0
" || fail "exact mode, least squares d = 10"
"$sgdsde" gibbs --problem least_squares --dim 10 --eta 0.01 | grep -q "Gibbs T\*" || fail "exact report"
for bad in "--problem least_squares --steps 1000" "--mode trajectory --problem least_squares" \
           "--mode exact --problem least_squares --eta 5" "--mode sideways"; do
  out=$("$sgdsde" gibbs $bad 2>&1); status=$?
  [ $status -eq 2 ] || fail "gibbs $bad exited $status: $out"
done
out=$("$sgdsde" gibbs --problem least_squares --eta 5 2>&1)
echo "$out" | grep -q "no stationary second moments at eta = 5" || fail "unstable eta message: $out"
# Non-commuting: the current is non-zero and each estimate sits within 5 standard errors of the exact
# value of the chain that produced it (SGD's own; Euler-Maruyama's for the SME). Commuting (rho = 0):
# zero current, and no Gibbs residual for the SME with isotropic noise.
for rho in 0.6 0; do
  "$sgdsde" gibbs --rho "$rho" --steps 400000 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
g, s = d['sgd'], d['sme']
assert abs(g['area_rate_estimate'] - g['area_rate_exact']) < 5 * g['area_rate_se'], g
assert abs(s['area_rate_estimate'] - s['area_rate_exact_euler_maruyama']) < 5 * s['area_rate_se'], s
if $rho == 0:
    assert g['area_rate_exact'] == 0 and s['area_rate_exact'] == 0 and s['residual_kl'] < 1e-12
else:
    assert abs(s['area_rate_exact']) > 10 * s['area_rate_se'] and s['residual_kl'] > 0.01
assert len(g['stationary_covariance']) == 2 and len(g['direction_temperatures']) == 2
" || fail "rho $rho"
done
# --noise-cov: a quadratic with the user's noise covariance S. Isotropic S = 2I makes the SME's law
# Gibbs: HS + SH = eta S/B gives S = (eta/B) H^-1, temperature 0.025, no current and no residual; S = 2H
# commutes with H (no current) but gives S = (eta/B) I, not Gibbs. Exact mode, d = 3; the tolerances are
# rounding in a 12-unknown solve.
for noise in 2,2,2 2,4,1; do
"$sgdsde" gibbs --problem li_tai_e --curvatures 1,2,0.5 --noise-cov $noise --mode exact --eta 0.05 -B 2 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['problem']['noise_cov'] == [$noise] and 'rho' not in d['problem'], d['problem']
s, h = d['sme'], [1, 2, 0.5]
S = s['stationary_covariance']
isotropic = '$noise' == '2,2,2'
exact = [0.025 / h[i] if isotropic else 0.025 for i in range(3)]
assert all(abs(S[i][j] - (exact[i] if i == j else 0)) < 1e-14 for i in range(3) for j in range(3)), S
assert s['relative_area_rate'] < 1e-13, s
assert (s['residual_kl'] < 1e-12 and abs(s['gibbs_temperature'] - 0.025) < 1e-15) if isotropic else s['residual_kl'] > 0.1, s
" || fail "--noise-cov $noise"
done
"$sgdsde" gibbs --problem li_tai_e --curvatures 1,2 --noise-cov 1,0.8,0.8,1 --mode exact --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['commutator_norm'] > 0.1 and d['sme']['relative_area_rate'] > 0.01 and d['sme']['residual_kl'] > 1e-3, d['sme']
" || fail "--noise-cov, non-commuting"
for bad in "--problem li_tai_e --noise-cov 1,2,3" "--problem li_tai_e --noise-cov 1,2,2,1" "--problem non_commuting --noise-cov 1,1 --rho 0.5" \
           "--problem double_well --noise-cov 1" "--problem li_tai_e --noise-cov 1,nan"; do
  out=$("$sgdsde" gibbs $bad 2>&1); status=$?
  [ $status -eq 2 ] || fail "gibbs $bad exited $status: $out"
  echo "$out" | grep -q -- "--noise-cov" || fail "gibbs $bad: the message does not name --noise-cov: $out"
done
echo ok
