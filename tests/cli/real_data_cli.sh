#!/bin/sh
# A real public data set through the CLI: the UCI breast-cancer table as Debian's scikit-learn ships it
# (data/README.md). Usage: real_data_cli.sh path/to/sgdsde path/to/breast_cancer.csv
set -u
sgdsde="$1"
data="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/usage_checks.sh"
# Its first line is "569,30,malignant,benign": not column names, and refused unless declared a header.
expect_usage_error "mixes numbers and text" sgd --problem logistic --data "$data"
# Logistic regression on the standardised features, labels {0, 1} read as {-1, +1}: at w = 0 the loss
# is log 2 (to the rounding of a sum of 569 terms, n·eps < 1e-13); SGD brings it far below (the classes are nearly separable); the default target is
# the last column, so --target 31 is the same run, byte for byte.
run() { "$sgdsde" sgd --problem logistic --data "$data" --header yes --standardize --eta 0.5 -B 16 --epochs 10 --runs 20 --json "$@"; }
run > "$tmp/a.json" || fail "logistic on breast_cancer.csv"
run --target 31 > "$tmp/b.json" || fail "--target 31"
python3 - "$tmp" <<'PY' || fail "logistic json"
import json, math, sys
t = sys.argv[1]
a, b = (json.load(open(f"{t}/{n}.json")) for n in "ab")
assert a["problem"]["n"] == 569 and a["problem"]["d"] == 30 and a["problem"]["standardize"] is True, a["problem"]
assert abs(a["records"][0]["loss_mean"] - math.log(2)) < 1e-13, a["records"][0]
assert a["final"]["loss_mean"] < 0.15, a["final"]["loss_mean"]
assert a["final"]["mean"] == b["final"]["mean"] and a["records"] == b["records"]
PY
# Without standardisation the raw features (area ~1e3) make eta = 0.5 blow the margins up: the run still
# loads and reports a finite loss or a divergence, never a NaN.
out=$("$sgdsde" sgd --problem logistic --data "$data" --header yes --eta 0.5 -B 16 --epochs 1 --runs 2 2>&1); status=$?
[ $status -eq 0 ] || [ $status -eq 1 ] || fail "raw features exited $status"
echo "$out" | grep -qi "nan" && fail "raw features printed a NaN: $out"
# The SME beside it on the same data (per-sample diffusion, m = n = 569).
"$sgdsde" sme --problem logistic --data "$data" --header yes --standardize --eta 0.5 -B 16 --epochs 2 --runs 20 --substeps 2 --json |
  python3 -c "import json, sys; d = json.load(sys.stdin); assert d['problem']['n'] == 569 and d['final']['loss_mean'] < 0.3, d['final']" ||
  fail "sme on breast_cancer.csv"
# least_squares: any column can be the target (here the mean radius, column 1, from the other 30).
"$sgdsde" sgd --problem least_squares --data "$data" --header yes --target 1 --standardize --eta 0.01 -B 8 --epochs 5 --runs 4 --json |
  python3 -c "import json, sys; d = json.load(sys.stdin); assert d['problem']['d'] == 30 and d['problem']['target'] == '1', d['problem']" ||
  fail "least_squares --target 1"
expect_usage_error "an index is 1 to 31" sgd --problem logistic --data "$data" --header yes --target 32
expect_usage_error "4 cells for 31 columns" sgd --problem logistic --data "$data" --header yes --target benign
expect_usage_error "labels must be {0, 1} or {-1, +1}; row 1 has 17.99" sgd --problem logistic --data "$data" --header yes --target 1
expect_usage_error "\-\-standardize is read only by --data files" sgd --standardize
expect_usage_error "\-\-target is read only by --data files" sgd --problem logistic --target 3
echo ok
