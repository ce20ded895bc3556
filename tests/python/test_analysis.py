"""sgdsde.analysis on a user's own arrays: each function against an exact value (a closed form or the
same computation written out in NumPy), and bad input as ValueError."""
import math

import numpy as np
import pytest

from sgdsde import analysis


def ar1(n, rho, seed=1):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = e[0]
    for i in range(1, n):
        x[i] = rho * x[i - 1] + e[i]
    return x


def test_batch_means_are_the_written_out_batches():
    # 2^14 values with at most 2·64 batches: the batches end 256 long, 64 of them.
    x = ar1(2**14, 0.5)
    r = analysis.batch_means(x)
    assert r["count"] == 2**14 and r["batch_length"] == 256 and r["batches"] == 64
    means = x.reshape(64, 256).mean(axis=1)
    assert r["mean"] == pytest.approx(x.mean(), rel=1e-12, abs=1e-15)
    assert r["standard_error"] == pytest.approx(means.std(ddof=1) / 8, rel=1e-10)
    assert r["autocorrelation_time"] == pytest.approx(256 * means.var(ddof=1) / x.var(ddof=1), rel=1e-10)
    assert r["effective_sample_size"] == pytest.approx(2**14 / r["autocorrelation_time"], rel=1e-12)


def test_histogram_is_numpys_with_batch_error_bars():
    chains = np.vstack([ar1(1600, 0.3, seed) for seed in (1, 2, 3)])
    h = analysis.histogram(chains, lo=-2, hi=2, bins=8, burn_in=0, batches=16)
    counts, edges = np.histogram(chains.ravel(), bins=8, range=(-2, 2))
    width = 0.5
    assert np.allclose(h["x"], 0.5 * (edges[1:] + edges[:-1]), rtol=0, atol=1e-15)
    assert np.allclose(h["density"], counts / (chains.size * width), rtol=1e-12, atol=0)
    assert h["below"] + h["above"] + counts.sum() == chains.size
    # A bin's standard error: the spread of its frequency over the 3 x 16 batches of 100 steps.
    inside = (chains >= -2) & (chains < 2)
    bin_index = np.where(inside, np.floor((chains + 2) / width).astype(int), -1)
    freq = np.array([[(bin_index[c, b * 100:(b + 1) * 100] == 3).mean() for b in range(16)] for c in range(3)]).ravel()
    assert h["density_se"][3] == pytest.approx(freq.std(ddof=1) / math.sqrt(48) / width, rel=1e-10)


def test_distances_on_exact_cases():
    p, q = [0.5, 0.5, 0.0], [0.25, 0.25, 0.5]
    assert analysis.total_variation(p, q) == pytest.approx(0.5, abs=1e-15)
    assert analysis.hellinger(p, p) == 0.0
    assert analysis.hellinger([1, 0], [0, 1]) == pytest.approx(1.0, abs=1e-15)
    kl = analysis.kl_divergence(q, p)
    assert kl["value"] == math.inf and kl["infinite_bins"] == 1 and kl["mass_on_infinite_bins"] == 0.5
    assert analysis.kl_divergence(p, q)["value"] == pytest.approx(math.log(2), rel=1e-14)
    x = np.random.default_rng(4).standard_normal(1000)
    assert analysis.wasserstein1(x, x + 0.3) == pytest.approx(0.3, rel=1e-12)
    assert analysis.wasserstein1_binned([1, 0, 0], [0, 0, 1], 0.5) == pytest.approx(1.0, abs=1e-15)
    assert analysis.sliced_wasserstein1(np.zeros((5, 3)), np.zeros((7, 3))) == 0.0


def test_kolmogorov_smirnov_on_the_exact_quantiles():
    n = 1000
    u = (np.arange(n) + 0.5) / n  # the uniform law's n-quantiles: D = 1/(2n), p-value 1
    d, p = analysis.kolmogorov_smirnov(u, lambda t: min(max(t, 0.0), 1.0))
    assert d == pytest.approx(0.5 / n, rel=1e-12) and p == 1.0


def test_hill_is_the_written_out_estimator():
    alpha, n, k = 1.5, 10000, 200
    x = (n / np.arange(1, n + 1)) ** (1 / alpha)  # Pareto(alpha) quantiles, largest first
    a, se = analysis.hill(-x, k)  # |x| is used
    expected = k / np.sum(np.log(x[:k] / x[k]))
    assert a == pytest.approx(expected, rel=1e-12) and se == pytest.approx(expected / math.sqrt(k), rel=1e-12)
    assert abs(a - alpha) < 3 * se


def test_lyapunov_solutions_solve_their_equations():
    A = np.array([[1.0, 0.7, 0.0], [-0.2, 2.0, 0.3], [0.1, 0.0, 0.5]])
    Q = np.array([[1.0, 0.2, 0.0], [0.2, 2.0, 0.1], [0.0, 0.1, 0.5]])
    S = analysis.continuous_lyapunov(A, Q)
    assert np.allclose(A @ S + S @ A.T, Q, rtol=0, atol=1e-13)
    M = np.eye(3) - 0.1 * A
    T = analysis.discrete_lyapunov(M, Q)
    assert np.allclose(M @ T @ M.T + Q, T, rtol=0, atol=1e-12)


def test_fokker_planck_and_gibbs_densities_of_the_ou_process():
    # dX = -X dt + sqrt(2T) dW: stationary N(0, T), the Gibbs law of x^2/2 at temperature T.
    T = 0.5
    x, p = analysis.fokker_planck_density(lambda v: -v, lambda v: 2 * T, -6, 6, 12001)
    xg, g = analysis.gibbs_density(lambda v: 0.5 * v * v, T, -6, 6, 12001)
    exact = np.exp(-x * x / (2 * T)) / math.sqrt(2 * math.pi * T)
    # Trapezoid normalisation on h = 1e-3: relative error about h^2/12 times the curvature, below 1e-6.
    assert np.array_equal(x, xg) and x[0] == -6 and x[-1] == 6 and len(x) == 12001
    assert np.max(np.abs(p - exact)) < 1e-6 and np.max(np.abs(g - exact)) < 1e-6


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: analysis.batch_means([1.0, float("nan"), 2.0]), "finite"),
        (lambda: analysis.batch_means([1.0]), "at least 2"),
        (lambda: analysis.batch_means(np.ones((2, 2))), "1-D"),
        (lambda: analysis.histogram([0.0] * 100, lo=1, hi=0), "lo < hi"),
        (lambda: analysis.histogram([0.0] * 10, lo=-1, hi=1, batches=16), "at least one step per batch"),
        (lambda: analysis.total_variation([0.5, 0.5], [1.0]), "same, non-zero number of bins"),
        (lambda: analysis.total_variation([0.5, -0.5], [0.5, 0.5]), "finite and >= 0"),
        (lambda: analysis.hill([1.0, 2.0, 3.0], 5), "k must be in [2, n"),
        (lambda: analysis.continuous_lyapunov(np.ones((2, 3)), np.eye(2)), "Lyapunov"),
        (lambda: analysis.fokker_planck_density(lambda v: -v, lambda v: 1.0, 0, 1, 2), "points must be in [3, 1e8]"),
        (lambda: analysis.fokker_planck_density(lambda v: -v, lambda v: -1.0, 0, 1, 11), "diffusion must be finite and > 0"),
        (lambda: analysis.gibbs_density(lambda v: v, 0.0, 0, 1, 11), "temperature"),
    ],
)
def test_bad_input_is_a_value_error(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert message in str(error.value)
