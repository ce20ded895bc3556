#!/bin/sh
# `sgdsde gibbs --mode exact` on a real data set: least squares on the breast-cancer table (569 x 30,
# the mean radius from the 30 other columns, standardized). Usage: gibbs_real_data_cli.sh sgdsde data.csv
# About 3 s here; left out of the sanitized suite, where cli/gibbs runs the same code at d = 10.
set -u
sgdsde="$1"; data="$2"
fail() { echo "FAIL: $*"; exit 1; }
"$sgdsde" gibbs --problem least_squares --data "$data" --header yes --target 1 --standardize --eta 0.01 -B 16 --json |
  python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['mode'] == 'exact' and d['dim'] == 30 and d['noise_depends_on_x'] is True
x = d['minimizer']
for side in ('sgd', 'sme'):
    s = d[side]
    assert max(abs(a - b) for a, b in zip(s['stationary_mean'], x)) < 1e-6 * max(map(abs, x)), side
    S = s['stationary_covariance']
    assert all(S[i][i] > 0 for i in range(30)) and all(abs(S[i][j] - S[j][i]) < 1e-12 * S[i][i] for i in range(30) for j in range(30))
    assert s['residual_kl'] > 1 and 0 < s['relative_area_rate'] < 1
assert 0 < d['sgd']['moment_spectral_radius'] < 1 and d['sme']['moment_spectral_abscissa'] < 0
" || fail "exact Gibbs on the breast-cancer table"
echo ok
