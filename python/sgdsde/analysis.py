"""The analysis functions on your own chains and samples: the library's, as the studies use them.

    >>> from sgdsde import analysis
    >>> analysis.batch_means(chain)["standard_error"]
    >>> h = analysis.histogram(chains, lo=-3, hi=3, bins=60, burn_in=1000)
    >>> analysis.total_variation(p, q), analysis.hill(samples, k=100)

Bad input (empty or non-finite samples, mismatched bins, a grid with lo >= hi) raises ValueError.
"""

import numpy as _np

from ._core import analysis as _a

__all__ = ["batch_means", "histogram", "total_variation", "hellinger", "kl_divergence", "wasserstein1",
           "wasserstein1_binned", "kolmogorov_smirnov", "sliced_wasserstein1", "hill", "continuous_lyapunov",
           "discrete_lyapunov", "fokker_planck_density", "gibbs_density"]


def _vector(x, name):
    x = _np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError("{} must be a 1-D array, got shape {}".format(name, x.shape))
    return x


def batch_means(chain, max_batches=64):
    """The mean of a correlated chain with its batch-means standard error (Flegal and Jones; batches
    double in length as the chain grows, at most 2·max_batches of them).

    Returns a dict: mean, standard_error, autocorrelation_time (tau = L·Var(batch means)/Var(x); 1
    for independent draws), effective_sample_size (N/tau), batch_length, batches, count. The error
    bar is valid once the batch length is much longer than tau.
    """
    return dict(_a.batch_means(_vector(chain, "chain"), int(max_batches)))


def histogram(chains, lo, hi, bins=60, burn_in=0, batches=16):
    """The time-averaged density of one or more chains on [lo, hi) after a burn-in, with per-bin
    error bars from batch means (each chain's counted steps cut into ``batches`` batches).

    chains: a 1-D chain or a 2-D array, one chain per row. Returns a dict: x (bin centres), density,
    density_se, autocorrelation_time and effective_sample_size of the chains' values, batch_length,
    below and above (values outside the range; the density counts them in its normalisation).
    """
    chains = _np.asarray(chains, dtype=float)
    if chains.ndim == 1:
        chains = chains[None, :]
    if chains.ndim != 2:
        raise ValueError("chains must be a 1-D chain or a 2-D array (chains × steps), got shape {}".format(chains.shape))
    return dict(_a.time_averaged_histogram(_np.ascontiguousarray(chains), float(lo), float(hi), int(bins), int(burn_in),
                                           int(batches)))


def total_variation(p, q):
    """½ Σ|p_i − q_i| between two binned laws (probabilities per bin)."""
    return _a.total_variation(_vector(p, "p"), _vector(q, "q"))


def hellinger(p, q):
    """The Hellinger distance sqrt(½ Σ (sqrt p_i − sqrt q_i)²) between two binned laws."""
    return _a.hellinger(_vector(p, "p"), _vector(q, "q"))


def kl_divergence(p, q):
    """KL(p ‖ q) between binned laws, as a dict: value (inf when some q_i = 0 < p_i), infinite_bins,
    mass_on_infinite_bins and finite_part (the sum over the other bins)."""
    return dict(_a.kl_divergence(_vector(p, "p"), _vector(q, "q")))


def wasserstein1(x, y):
    """W1 = ∫|F_x − F_y| between the empirical laws of two samples."""
    return _a.wasserstein1(_vector(x, "x"), _vector(y, "y"))


def wasserstein1_binned(p, q, bin_width):
    """W1 between two binned laws on bins of equal width: Σ|P_i − Q_i| · width (cumulative sums)."""
    return _a.wasserstein1_binned(_vector(p, "p"), _vector(q, "q"), float(bin_width))


def kolmogorov_smirnov(samples, cdf):
    """One-sample KS test of ``samples`` against the continuous CDF ``cdf`` (a function of one
    float): returns (D, p-value), the asymptotic Kolmogorov law with Stephens' correction."""
    return tuple(_a.kolmogorov_smirnov(_vector(samples, "samples"), cdf))


def sliced_wasserstein1(X, Y, directions=64, seed=1):
    """Sliced W1 between two point sets (rows are points): the mean 1-D W1 of the projections on
    ``directions`` random unit vectors drawn from ``seed``."""
    return _a.sliced_wasserstein1(_np.asarray(X, dtype=float), _np.asarray(Y, dtype=float), int(directions), int(seed))


def hill(samples, k):
    """The Hill estimator of the tail index of |samples| from its k largest values: (alpha, standard
    error alpha/sqrt(k)). Non-finite values are left out."""
    return tuple(_a.hill(_vector(samples, "samples"), int(k)))


def continuous_lyapunov(A, Q):
    """S with A S + S Aᵀ = Q: the stationary covariance of dX = −AX dt + B dW (Q = BBᵀ), e.g. the
    SME on a quadratic, H S + S H = ηΣ/B."""
    return _a.continuous_lyapunov(_np.asarray(A, dtype=float), _np.asarray(Q, dtype=float))


def discrete_lyapunov(A, Q):
    """S with S = A S Aᵀ + Q: the stationary covariance of x ← Ax + noise of covariance Q, e.g. SGD on
    a quadratic, A = I − ηH, Q = η²Σ/B."""
    return _a.discrete_lyapunov(_np.asarray(A, dtype=float), _np.asarray(Q, dtype=float))


def fokker_planck_density(drift, diffusion_variance, lo, hi, points=20001):
    """The stationary density of dX = b(X) dt + sqrt(D(X)) dW on [lo, hi] (zero flux):
    p ∝ exp(∫ 2b/D)/D, from functions ``drift`` b and ``diffusion_variance`` D of one float, on a grid
    of ``points``. Returns (x, p), p normalised on [lo, hi]."""
    return tuple(_a.fokker_planck_density(drift, diffusion_variance, float(lo), float(hi), int(points)))


def gibbs_density(f, temperature, lo, hi, points=20001):
    """The Gibbs density p ∝ exp(−f/T) on [lo, hi] on a grid of ``points``: returns (x, p)."""
    return tuple(_a.gibbs_density(f, float(temperature), float(lo), float(hi), int(points)))
