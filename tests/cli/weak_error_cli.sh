#!/bin/sh
# `sgdsde weak-error` as a user meets it. Usage: weak_error_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
fail() { echo "FAIL: $*"; exit 1; }
out=$("$sgdsde" weak-error --problem double_well --mode exact 2>&1); status=$?
[ $status -eq 2 ] || fail "exact mode on double_well exited $status"
echo "$out" | grep -q "affine per-sample gradients" || fail "message: $out"
out=$("$sgdsde" weak-error --functional x9 2>&1); status=$?
[ $status -eq 2 ] || fail "x9 on d = 2 exited $status"
out=$("$sgdsde" weak-error --steps 8,16 2>&1); status=$?
[ $status -eq 2 ] || fail "two steps exited $status"
# The headline in exact mode: SME-1 order near 1, SME-2 near 2, in the JSON fields the README documents.
"$sgdsde" weak-error --problem li_tai_e -T 2 --steps 64,128,256,512,1024 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'exact' and len(d['points']) == 5
assert abs(d['local_order_sme1']['estimate'] - 1) <= 2 * d['local_order_sme1']['drift'], d['local_order_sme1']
assert abs(d['local_order_sme2']['estimate'] - 2) <= 2 * d['local_order_sme2']['drift'], d['local_order_sme2']
assert all(k in d['points'][0] for k in ('eta', 'steps', 'sgd', 'sme1', 'sme2', 'error1', 'error1_se', 'error2'))
assert len(d['order_sme1']['ci']) == 2
" || fail "exact json"
# Monte Carlo mode runs on any problem and reports standard errors.
"$sgdsde" weak-error --problem random_feature --mode monte_carlo --runs 500 --steps 2,4,8 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'monte_carlo' and all(p['sgd_se'] > 0 for p in d['points'])
" || fail "monte carlo json"
# The SME side by Platen's weak order 2 scheme: one ensemble per order, no extrapolation; the exact
# mode integrates no SDE and refuses the option.
"$sgdsde" weak-error --problem random_feature --mode monte_carlo --integrator platen_weak2 --runs 500 --steps 2,4,8 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['integrator'] == 'platen_weak2' and d['richardson'] is False, d
assert all(p['sme1'] is not None and p['sme1_se'] > 0 for p in d['points'])
" || fail "platen_weak2 json"
out=$("$sgdsde" weak-error --problem li_tai_e --integrator platen_weak2 2>&1); status=$?
[ $status -eq 2 ] || fail "--integrator in exact mode exited $status"
echo "$out" | grep -q "exact mode integrates no SDE" || fail "message: $out"
# eta beyond the stable range: SGD's divergence is reported for that point (run and step), the SME
# side is still estimated, and the fit uses the remaining points.
"$sgdsde" weak-error --problem double_well --x0 2 -T 2 --steps 8,16,32,64 --runs 300 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
p = d['points'][0]
assert 'run' in p['diverged']['sgd'] and 'step' in p['diverged']['sgd'], p
assert p['sgd'] is None and p['sme1'] is not None
assert all('diverged' not in q for q in d['points'][1:])
assert d['order_sme1']['points'] == 3
" || fail "divergence json"
out=$("$sgdsde" weak-error --problem double_well --x0 2 -T 2 --steps 8,16,32,64 --runs 300); status=$?
[ $status -eq 0 ] || fail "divergence table exited $status"
echo "$out" | grep -q "eta = 0.25: iterate beyond the bound 1e+30 in run [0-9]* at step" || fail "divergence table: $out"
out=$("$sgdsde" weak-error --bound 0 2>&1); status=$?
[ $status -eq 2 ] || fail "--bound 0 exited $status"
echo ok
