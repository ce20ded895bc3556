#!/bin/sh
# `sgdsde sgd` and `sgdsde sme` as a user meets them. Usage: sgd_sme_cli.sh path/to/sgdsde
set -u
sgdsde="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/usage_checks.sh"

# Bad input: exit status 2 and a message naming the parameter.
expect_usage_error "\-\-batch: '0' is not a whole number in \[1, " sgd --batch 0
expect_usage_error "eta must be finite and > 0" sgd --eta 0
expect_usage_error "eta must be finite and > 0" sme --eta -1
expect_usage_error "exceeds n = 200" sgd --batch 500 --sampler without_replacement
expect_usage_error "x0 has 3 entries" sme --x0 1,2,3
expect_usage_error "cannot open data file" sgd --data "$tmp/missing.csv"
printf '1,2,3\n4,5\n' > "$tmp/ragged.csv"
expect_usage_error "ragged" sgd --data "$tmp/ragged.csv"
printf '' > "$tmp/empty.csv"
expect_usage_error "no data rows" sme --data "$tmp/empty.csv"
expect_usage_error "needs a finite data set" sgd --problem double_well --sampler reshuffling
expect_usage_error "problem" sgd --problem nope

# Divergence is a run failure (status 1) naming the run and step.
out=$("$sgdsde" sgd --problem non_commuting --eta 0.6 --steps 5000 --runs 2 2>&1); status=$?
[ $status -eq 1 ] || fail "divergence exited $status, expected 1"
echo "$out" | grep -q "in run 0 at step" || fail "divergence message: $out"

# JSON: the final mean and covariance; sgd and sme records on the same time grid; CSVs written.
"$sgdsde" sgd --eta 0.02 -B 5 --runs 50 --epochs 2 --json --csv "$tmp/sgd.csv" --paths-csv "$tmp/paths.csv" > "$tmp/sgd.json" || fail "sgd run"
"$sgdsde" sme --eta 0.02 -B 5 --runs 50 --epochs 2 --substeps 2 --json --csv "$tmp/sme.csv" > "$tmp/sme.json" || fail "sme run"
python3 - "$tmp" <<'PY' || fail "json/csv checks"
import csv, json, sys
tmp = sys.argv[1]
a = json.load(open(f"{tmp}/sgd.json")); b = json.load(open(f"{tmp}/sme.json"))
for d in (a, b):
    f = d["final"]
    assert len(f["mean"]) == 10 and len(f["covariance"]) == 10 and all(len(r) == 10 for r in f["covariance"])
    assert d["steps"] == 80 and d["steps_per_epoch"] == 40 and d["runs"] == 50
assert [r["step"] for r in a["records"]] == [r["step"] for r in b["records"]] == [0, 40, 80]
assert all(abs(r["t"] - s["t"]) < 1e-12 for r, s in zip(a["records"], b["records"]))
rows = list(csv.DictReader(open(f"{tmp}/sgd.csv")))
assert list(rows[0])[:5] == ["step", "epoch", "t", "loss_mean", "loss_se"] and len(rows) == 3
assert "x10_sd" in rows[0]
# least squares, d = 10, n = 200: the per-sample factor costs 200 (2d + 20) = 8000 flops per step against
# n d^2 + d^3/3 + 20 d = 20533 for the covariance's, and 16 n = 3200 bytes: automatic takes it and says so
c = b["diffusion"]
assert "diffusion" not in a and c["form"] == "per_sample" and c["noise_dims"] == 200, c
assert c["flops_per_step"]["per_sample"] == 8000 and c["bytes_per_worker"]["per_sample"] == 3200, c
assert c["reason"] == "per_sample: 8e+03 flops per step against 2.05e+04 for covariance; workspace 3.2e+03 bytes per worker", c
paths = list(csv.DictReader(open(f"{tmp}/paths.csv")))
assert {p["run"] for p in paths} == {"0", "1", "2", "3", "4"}
# Every number cell is C's "%.17g" of its value, byte for byte (the format the CSVs promise).
cells = [v for r in rows + paths for k, v in r.items() if k not in ("run", "step", "epoch")]
assert len(cells) > 200 and all(v == "%.17g" % float(v) for v in cells), [v for v in cells if v != "%.17g" % float(v)][:5]
PY
# Every integrator of the registry integrates the SME (on this population problem the diffusion is the
# covariance factor, m = d = 2), and the loss stays within a few standard errors of
# Euler-Maruyama's at dt = eta/4 on the same seed. (A d = 2 problem: on d = 10 least squares the
# 10x10 Wiktorsson areas cost five minutes under the sanitizers.)
for integrator in milstein platen_weak2; do
  "$sgdsde" sme --problem non_commuting --eta 0.05 --runs 400 --steps 40 --substeps 4 --integrator $integrator --json > "$tmp/$integrator.json" ||
    fail "sme --integrator $integrator"
done
"$sgdsde" sme --problem non_commuting --eta 0.05 --runs 400 --steps 40 --substeps 4 --json > "$tmp/em.json" || fail "sme euler_maruyama"
python3 - "$tmp" <<'PY' || fail "integrators agree"
import json, sys
tmp = sys.argv[1]
em = json.load(open(f"{tmp}/em.json"))["records"][-1]
for name in ("milstein", "platen_weak2"):
    r = json.load(open(f"{tmp}/{name}.json"))["records"][-1]
    assert abs(r["loss_mean"] - em["loss_mean"]) < 5 * (r["loss_se"] ** 2 + em["loss_se"] ** 2) ** 0.5, (name, r, em)
    c = json.load(open(f"{tmp}/{name}.json"))["diffusion"]
    assert c["form"] == "covariance" and c["noise_dims"] == 2 and "population objective" in c["reason"], (name, c)
PY
expect_usage_error "integrator" sme --integrator rk4
# SVAG(l): l steps of eta/l per SGD step, so under a schedule it records at SGD's times and ends at
# SGD's horizon after l times the steps; its options are refused where they cannot hold.
"$sgdsde" sgd --eta 0.05 -B 5 --runs 20 --epochs 2 --schedule inverse_power --alpha 0.5 --json > "$tmp/plain.json" || fail "plain"
"$sgdsde" sgd --eta 0.05 -B 5 --runs 20 --epochs 2 --schedule inverse_power --alpha 0.5 --method svag --svag-l 4 --json > "$tmp/svag.json" || fail "svag"
python3 - "$tmp" <<'PY' || fail "svag clock"
import json, sys
plain, svag = (json.load(open(f"{sys.argv[1]}/{n}.json")) for n in ("plain", "svag"))
assert svag["options"]["method"] == "svag" and svag["options"]["svag_l"] == 4
assert svag["steps"] == 4 * plain["steps"], (svag["steps"], plain["steps"])
assert len(svag["records"]) == len(plain["records"])
for a, b in zip(svag["records"], plain["records"]):
    assert abs(a["t"] - b["t"]) <= 1e-12 * max(1, b["t"]) and a["epoch"] == b["epoch"], (a, b)
PY
expect_usage_error "\-\-svag-l is read only with --method svag" sgd --svag-l 4
# inverse_power with a warm phase and a time unit: eta0 until --decay-start, then eta0/(1 + (k - S)/U)^alpha.
# A warm phase longer than the run is the constant rate, byte for byte; the record times are sum of eta_k.
"$sgdsde" sgd --eta 0.02 -B 5 --runs 20 --epochs 2 --csv "$tmp/constant.csv" > /dev/null || fail "constant"
"$sgdsde" sgd --eta 0.02 -B 5 --runs 20 --epochs 2 --schedule inverse_power --alpha 1 --decay-start 80 \
  --csv "$tmp/warm.csv" > /dev/null || fail "warm phase"
cmp -s "$tmp/constant.csv" "$tmp/warm.csv" || fail "a warm phase over the whole run changed the records"
"$sgdsde" sgd --eta 0.02 -B 5 --runs 20 --epochs 2 --schedule inverse_power --alpha 1 --decay-start 10 --decay-unit 40 \
  --json > "$tmp/decay.json" || fail "decay run"
python3 - "$tmp/decay.json" <<'PY' || fail "decay schedule"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["options"]["schedule"] == "0.02 until step 10, then 0.02/(1+(k-10)/40)^1", d["options"]["schedule"]
t = 0.0
for k in range(d["steps"]):
    t += 0.02 if k < 10 else 0.02 / (1.0 + (k - 10) / 40) ** 1.0
last = d["records"][-1]
assert last["step"] == d["steps"] and abs(last["t"] - t) <= 1e-12 * t, (last["t"], t)
PY
# --hessian-spectrum: li_tai_e's Hessian is diag(curvatures) everywhere.
"$sgdsde" sme --problem li_tai_e --curvatures 2,0.5 --steps 20 --runs 4 --hessian-spectrum --json > "$tmp/spectrum.json" || fail "spectrum"
python3 - "$tmp/spectrum.json" <<'PY' || fail "hessian spectrum"
import json, sys
h = json.load(open(sys.argv[1]))["hessian"]
assert h["eigenvalues"] == [0.5, 2.0] and h["condition_number"] == 4.0 and h["gd_stability_limit"] == 1.0, h
PY
expect_usage_error "\-\-decay-start is read only with \-\-schedule inverse_power" sgd --decay-start 5
expect_usage_error "\-\-decay-unit: '0' is not a whole number in \[1, " sgd --schedule inverse_power --decay-unit 0
expect_usage_error "\-\-svag-l: '0.5' is not a number in \[1, 1e+08\]" sgd --method svag --svag-l 0.5
expect_usage_error "not reshuffling" sgd --method svag --sampler reshuffling
# Same seed, same bytes, with 1 and 2 threads.
"$sgdsde" sgd --eta 0.02 -B 5 --runs 50 --epochs 2 --threads 1 --csv "$tmp/one.csv" > /dev/null || fail "threads 1"
"$sgdsde" sgd --eta 0.02 -B 5 --runs 50 --epochs 2 --threads 2 --csv "$tmp/two.csv" > /dev/null || fail "threads 2"
cmp -s "$tmp/one.csv" "$tmp/two.csv" || fail "thread count changed the CSV"
# Averaging after a burn-in, on gradient descent (deterministic): up to step s the iterate is
# reported, at step K the mean of the iterates s..K-1, both read off the plain run's records.
"$sgdsde" sgd --gd --steps 20 --record-every 1 --runs 1 --json > "$tmp/gd.json" || fail "gd"
"$sgdsde" sgd --gd --steps 20 --record-every 1 --runs 1 --averaging uniform --average-from 5 --report-average --json > "$tmp/gd_avg.json" ||
  fail "gd --average-from"
python3 - "$tmp" <<'PY' || fail "averaging after a burn-in"
import json, sys
tmp = sys.argv[1]
plain = [r["mean"] for r in json.load(open(f"{tmp}/gd.json"))["records"]]
doc = json.load(open(f"{tmp}/gd_avg.json"))
avg = [r["mean"] for r in doc["records"]]
assert doc["options"]["average_from"] == 5 and len(plain) == len(avg) == 21
close = lambda a, b: all(abs(x - y) <= 1e-12 * max(1.0, abs(y)) for x, y in zip(a, b))
assert all(close(avg[k], plain[k]) for k in range(6)), "iterate until the burn-in ends"
expected = [sum(plain[t][i] for t in range(5, 20)) / 15 for i in range(len(plain[0]))]
assert close(avg[20], expected), (avg[20], expected)
PY
expect_usage_error "\-\-average-from is read only with --averaging uniform or eta_weighted" sgd --steps 20 --average-from 5
expect_usage_error "\-\-average-from 20 must be below the run's 20 SGD steps" sgd --steps 20 --averaging uniform --average-from 20
# random_feature in d dimensions: the stochastic gradient a(a.x − e) is unbiased for ∇f = x, so the mean
# iterate contracts by exactly (1 − eta) per step: E x_10 = 0.9^10 from x0 = 1, which the ensemble's mean
# meets within 5 standard errors in each coordinate; the SME runs on it too.
"$sgdsde" sgd --problem random_feature --dim 3 --eta 0.1 --steps 10 --record-every 10 --runs 4000 --json > "$tmp/rf_sgd.json" ||
  fail "random_feature --dim 3 sgd"
"$sgdsde" sme --problem random_feature --dim 3 --eta 0.05 -B 4 --steps 40 --runs 50 --json > "$tmp/rf_sme.json" || fail "random_feature --dim 3 sme"
python3 - "$tmp" <<'PY' || fail "random_feature --dim 3"
import json, sys
tmp = sys.argv[1]
run = json.load(open(f"{tmp}/rf_sgd.json"))
assert run["problem"]["dim"] == 3 and run["problem"]["name"] == "random_feature", run["problem"]
mean, cov = run["final"]["mean"], run["final"]["covariance"]
assert len(mean) == 3
for i in range(3):
    assert abs(mean[i] - 0.9 ** 10) < 5 * (cov[i][i] / 4000) ** 0.5, (i, mean[i], cov[i][i])
sme = json.load(open(f"{tmp}/rf_sme.json"))
assert len(sme["final"]["mean"]) == 3 and len(sme["final"]["covariance"]) == 3
PY
expect_usage_error "\-\-dim is read only by least_squares and logistic on generated data (a --data file fixes d) and random_feature" sgd --problem double_well --dim 3
echo "ok"
