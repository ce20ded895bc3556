#!/bin/sh
# `sgdsde weak-error` as a user meets it. Usage: weak_error_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$sgdsde" weak-error --problem double_well --mode exact 2>&1); status=$?
[ $status -eq 2 ] || fail "exact mode on double_well exited $status"
echo "$out" | grep -q "affine per-sample gradients" || fail "message: $out"
out=$("$sgdsde" weak-error --functional x9 2>&1); status=$?
[ $status -eq 2 ] || fail "x9 on d = 2 exited $status"
out=$("$sgdsde" weak-error --steps 8,16 2>&1); status=$?
[ $status -eq 2 ] || fail "two steps exited $status"
# The headline in exact mode: SME-1 order near 1, SME-2 near 2, in the JSON fields docs/commands.md documents.
"$sgdsde" weak-error --problem li_tai_e -T 2 --steps 64,128,256,512,1024 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'exact' and len(d['points']) == 5
assert abs(d['local_order_sme1']['estimate'] - 1) <= 2 * d['local_order_sme1']['drift'], d['local_order_sme1']
assert abs(d['local_order_sme2']['estimate'] - 2) <= 2 * d['local_order_sme2']['drift'], d['local_order_sme2']
assert all(k in d['points'][0] for k in ('eta', 'steps', 'sgd', 'sme1', 'sme2', 'error1', 'error1_se', 'error2'))
assert len(d['order_sme1']['ci']) == 2
assert all(p['max_error1'] >= abs(p['error1']) and 0 <= p['max_time1'] <= 2 for p in d['points'])
assert abs(d['max_order_sme1']['estimate'] - 1) < 0.1 and abs(d['max_order_sme2']['estimate'] - 2) < 0.1
" || fail "exact json"
# The maximum over t is in the exact mode's CSV (and absent from the Monte Carlo mode's).
"$sgdsde" weak-error --problem li_tai_e -T 2 --steps 8,16,32 --csv "$tmp/exact.csv" > /dev/null || fail "exact csv"
head -1 "$tmp/exact.csv" | grep -q ",error2_se,max_error1,max_time1,max_error2,max_time2$" || fail "exact csv header: $(head -1 "$tmp/exact.csv")"
# Monte Carlo mode runs on any problem and reports standard errors.
"$sgdsde" weak-error --problem random_feature --mode monte_carlo --runs 500 --steps 2,4,8 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'monte_carlo' and all(p['sgd_se'] > 0 for p in d['points'])
" || fail "monte carlo json"
# --schedule: rates eta u(k eta) with one profile over [0, T]; the SME runs to t = sum of eta_k (sde_time), in
# both modes; the exact SME-1 keeps order 1 and the SME-2 order 2.
"$sgdsde" weak-error --schedule exponential --decay-time 0.5 -T 2 --steps 64,128,256,512 --csv "$tmp/sched.csv" --json |
  python3 -c "
import json, math, sys
d = json.load(sys.stdin)
assert d['schedule']['name'] == 'exponential' and d['schedule']['decay_time'] == 0.5, d['schedule']
assert all(0.49 < p['sde_time'] < 0.52 for p in d['points']), [p['sde_time'] for p in d['points']]
assert abs(d['local_order_sme1']['estimate'] - 1) <= 2 * d['local_order_sme1']['drift'], d['local_order_sme1']
assert abs(d['local_order_sme2']['estimate'] - 2) <= 2 * d['local_order_sme2']['drift'], d['local_order_sme2']
" || fail "--schedule exact json"
head -1 "$tmp/sched.csv" | grep -q ",max_time2,sde_time$" || fail "--schedule csv header: $(head -1 "$tmp/sched.csv")"
"$sgdsde" weak-error --problem double_well --schedule step_decay --decay-time 0.25 --runs 200 --substeps 2 --steps 4,8,16 --json |
  python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'monte_carlo' and d['schedule']['decay_factor'] == 0.5
assert all(p['sde_time'] < 1 and p['sgd_se'] > 0 for p in d['points'])
" || fail "--schedule monte carlo json"
for bad in "--alpha 2" "--schedule exponential --alpha 2" "--schedule cosine" "--schedule linear --end-ratio 0" \
           "--schedule inverse_power --decay-time -1" "--svag-l 1,2,4 --schedule exponential"; do
  out=$("$sgdsde" weak-error $bad 2>&1); status=$?
  [ $status -eq 2 ] || fail "weak-error $bad exited $status: $out"
done
out=$("$sgdsde" weak-error --schedule exponential --alpha 2 2>&1)
echo "$out" | grep -q "alpha is not read by --schedule exponential" || fail "message: $out"
# --functional kurtosis: a ratio of central moments, Monte Carlo with delta-method standard errors.
"$sgdsde" weak-error --problem double_well --functional kurtosis --runs 400 --substeps 2 --steps 4,8,16 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'monte_carlo' and d['functional'] == 'kurtosis_x1', d
assert all(p['sgd'] > 1 and p['sgd_se'] > 0 and p['sme1_se'] > 0 for p in d['points']), d['points']
" || fail "kurtosis json"
for bad in "--functional kurtosis_x3" "--functional kurtosis_x0" "--functional kurtosis --mode exact"; do
  out=$("$sgdsde" weak-error $bad 2>&1); status=$?
  [ $status -eq 2 ] || fail "weak-error $bad exited $status: $out"
done
# --max-over-t: the Monte Carlo mode's maximum over t, with its standard error, in the JSON and the CSV.
"$sgdsde" weak-error --problem random_feature --mode monte_carlo --runs 500 --steps 2,4,8 --max-over-t --csv "$tmp/mc_max.csv" \
  --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['max_over_t'] is True and d['max_order_sme1']['points'] == 3, d
for p in d['points']:
    for k in ('1', '2'):
        assert p['max_error' + k] >= abs(p['error' + k]) and p['max_error' + k + '_se'] > 0 and 0 <= p['max_time' + k] <= 1, p
" || fail "--max-over-t json"
head -1 "$tmp/mc_max.csv" | grep -q ",error2_se,max_error1,max_error1_se,max_time1,max_error2,max_error2_se,max_time2$" ||
  fail "--max-over-t csv header: $(head -1 "$tmp/mc_max.csv")"
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
# --svag-l: SVAG(l) against the SME-1, exact; the local order in 1/l at the largest l is within twice its
# drift of 1 (and not 2); l = 1 is SGD, whose value the SGD sweep at K = T/eta reports too; the CSV has
# one row per l.
"$sgdsde" weak-error --svag-l 4,8,16,32,64 --eta 0.1 -T 1 --csv "$tmp/svag.csv" --json > "$tmp/svag.json" || fail "--svag-l"
"$sgdsde" weak-error --svag-l 1,2,4 --eta 0.1 -T 1 --json > "$tmp/svag1.json" || fail "--svag-l 1"
"$sgdsde" weak-error --steps 10,20,40 -T 1 --json > "$tmp/sgd.json" || fail "sgd sweep"
python3 - "$tmp" <<'PY' || fail "svag json"
import json, sys
t = sys.argv[1]
d = json.load(open(f"{t}/svag.json"))
assert d["mode"] == "svag_exact" and [p["l"] for p in d["points"]] == [4, 8, 16, 32, 64]
assert [p["steps"] for p in d["points"]] == [40, 80, 160, 320, 640]
local = d["local_order_in_inverse_l"]
assert abs(local["order"] - 1) <= 2 * local["drift"] and abs(local["order"] - 2) > 2 * local["drift"], local
one = json.load(open(f"{t}/svag1.json"))["points"][0]
sgd = json.load(open(f"{t}/sgd.json"))["points"][0]
assert abs(one["svag"] - sgd["sgd"]) <= 1e-12 * abs(sgd["sgd"]), (one, sgd)
PY
[ "$(wc -l < "$tmp/svag.csv")" -eq 6 ] && head -1 "$tmp/svag.csv" | grep -q "^l,steps,svag,svag_se,sme1,sme1_se,error,error_se$" || fail "svag csv"
# --svag-l where the moments do not close (the double well): Monte Carlo, with standard errors; the same
# seed gives the same bits for 1 and 2 threads.
for threads in 1 2; do
  "$sgdsde" weak-error --problem double_well --svag-l 1,2,4 --eta 0.1 -T 0.5 --runs 400 --substeps 2 --threads $threads \
    --json > "$tmp/svag_mc$threads.json" || fail "--svag-l on double_well"
done
python3 - "$tmp" <<'PY' || fail "svag monte carlo json"
import json, sys
t = sys.argv[1]
d = json.load(open(f"{t}/svag_mc1.json"))
assert d["mode"] == "svag_monte_carlo" and d["runs"] == 400 and d["substeps"] == 2 and d["integrator"] == "euler_maruyama", d
assert [p["steps"] for p in d["points"]] == [5, 10, 20] and d["sme1_se"] > 0
assert all(p["svag_se"] > 0 and abs(p["error_se"] ** 2 - p["svag_se"] ** 2 - d["sme1_se"] ** 2) < 1e-12 * p["error_se"] ** 2 for p in d["points"])
assert d["order_in_inverse_l"]["points"] == 3
two = json.load(open(f"{t}/svag_mc2.json"))
for k in ("points", "sme1", "order_in_inverse_l"):
    assert d[k] == two[k], k
PY
for bad in "--svag-l 1,2" "--svag-l 2,1,4" "--svag-l 0.5,1,2" "--svag-l 1,2,4 --eta 0.3" "--svag-l 1,2,4 --runs 10" \
           "--eta 0.1" "--svag-l 1,2,4 --problem double_well --mode exact" "--svag-l 1,2,4 --steps 4" \
           "--svag-l 1,2,4 --mode exact --functional fourth_moment" "--svag-l 1,2,4 --mode monte_carlo --runs 1" \
           "--svag-l 1,2,4 --max-over-t"; do
  out=$("$sgdsde" weak-error $bad 2>&1); status=$?
  [ $status -eq 2 ] || fail "weak-error $bad exited $status: $out"
done
# random_feature in d = 2: exact mode (isotropic Gaussian features close the moments); SGD's exact
# second moment lies within 5 standard errors of a simulated ensemble's, at every eta (independent
# routes: the moment recursion against the simulator).
. "$(dirname "$0")/sample_scale.sh"
rf_runs=$(scaled 20000 2500)
"$sgdsde" weak-error --problem random_feature --dim 2 --functional second_moment --steps 4,8,16 --json > "$tmp/rf_exact.json" || fail "rf exact"
"$sgdsde" weak-error --problem random_feature --dim 2 --functional second_moment --steps 4,8,16 --mode monte_carlo \
  --runs "$rf_runs" --json > "$tmp/rf_mc.json" || fail "rf monte carlo"
python3 - "$tmp" <<'PY' || fail "random_feature exact against Monte Carlo"
import json, sys
t = sys.argv[1]
exact, mc = json.load(open(f"{t}/rf_exact.json")), json.load(open(f"{t}/rf_mc.json"))
assert exact["mode"] == "exact" and mc["mode"] == "monte_carlo"
for e, m in zip(exact["points"], mc["points"]):
    assert e["steps"] == m["steps"] and abs(e["sgd"] - m["sgd"]) < 5 * m["sgd_se"], (e, m)
PY
# Functionals beyond the second moment: auto takes Monte Carlo for them, the exact mode refuses them
# naming the functional, and a malformed one is a usage error.
"$sgdsde" weak-error --functional fourth_moment --runs 200 --steps 4,8,16 --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'monte_carlo' and d['functional'] == 'fourth_moment', (d['mode'], d['functional'])
assert all(p['sgd'] > 0 and p['sgd_se'] > 0 for p in d['points'])
" || fail "fourth_moment"
"$sgdsde" weak-error --functional 'norm^3' --runs 200 --steps 4,8,16 --json | python3 -c "
import json, sys; assert json.load(sys.stdin)['functional'] == 'norm^3'" || fail "norm^3"
out=$("$sgdsde" weak-error --mode exact --functional fourth_moment 2>&1); status=$?
[ $status -eq 2 ] && echo "$out" | grep -q "fourth_moment depends on more than the first two moments" || fail "exact fourth_moment ($status): $out"
for bad in "norm^0" "norm^17" "norm^" "cube"; do
  out=$("$sgdsde" weak-error --functional "$bad" 2>&1); status=$?
  [ $status -eq 2 ] && echo "$out" | grep -q "'$bad'" || fail "--functional $bad exited $status: $out"
done
echo ok
