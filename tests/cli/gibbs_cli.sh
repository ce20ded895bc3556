#!/bin/sh
# `sgdsde gibbs` as a user meets it. Usage: gibbs_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
fail() { echo "FAIL: $*"; exit 1; }
out=$("$sgdsde" gibbs --eta 0.6 2>&1); status=$?
[ $status -eq 2 ] || fail "eta >= 2/L exited $status"
echo "$out" | grep -q "no stationary law" || fail "message: $out"
out=$("$sgdsde" gibbs --problem double_well 2>&1); status=$?
[ $status -eq 2 ] || fail "double_well exited $status"
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
echo ok
