#pragma once
// Distances between distributions, for comparing stationary laws:
//   binned (probability vectors on the same bins): total variation, Hellinger, KL (explicit about
//   empty bins), Wasserstein-1 from the binned CDFs;
//   samples: 1-D Wasserstein-1 between two samples, Kolmogorov–Smirnov against a CDF with its
//   asymptotic p-value (Stephens' small-sample correction), sliced Wasserstein-1 in several dimensions.
#include <sgdsde/sde/random_stream.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

namespace detail {
inline void check_same_bins(const std::vector<double>& p, const std::vector<double>& q, const char* what) {
  if (p.size() != q.size() || p.empty()) throw std::invalid_argument(std::string(what) + ": p and q need the same, non-zero number of bins");
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!(p[i] >= 0.0) || !(q[i] >= 0.0) || !std::isfinite(p[i]) || !std::isfinite(q[i]))
      throw std::invalid_argument(std::string(what) + ": probabilities must be finite and >= 0 (bin " + std::to_string(i) + ")");
}
}  // namespace detail

// ½ Σ |p_i − q_i|.
inline double total_variation(const std::vector<double>& p, const std::vector<double>& q) {
  detail::check_same_bins(p, q, "total_variation");
  double s = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) s += std::abs(p[i] - q[i]);
  return 0.5 * s;
}

// √(½ Σ (√p_i − √q_i)²), in [0, 1].
inline double hellinger(const std::vector<double>& p, const std::vector<double>& q) {
  detail::check_same_bins(p, q, "hellinger");
  double s = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) s += std::pow(std::sqrt(p[i]) - std::sqrt(q[i]), 2);
  return std::sqrt(0.5 * s);
}

struct kl_result {
  double value;                  // Σ_{p_i > 0} p_i log(p_i/q_i); +∞ if some q_i = 0 < p_i
  std::size_t infinite_bins = 0;  // bins with p_i > 0 = q_i (they make KL infinite)
  double mass_on_infinite_bins = 0.0;  // Σ p_i over those bins
  double finite_part = 0.0;            // the sum over the other bins (what KL would be without them)
};

// KL(p ‖ q). Bins with p_i = 0 contribute 0; bins with q_i = 0 < p_i are counted, not hidden.
inline kl_result kl_divergence(const std::vector<double>& p, const std::vector<double>& q) {
  detail::check_same_bins(p, q, "kl_divergence");
  kl_result r{0.0};
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == 0.0) continue;
    if (q[i] == 0.0) {
      ++r.infinite_bins;
      r.mass_on_infinite_bins += p[i];
      continue;
    }
    r.finite_part += p[i] * std::log(p[i] / q[i]);
  }
  r.value = r.infinite_bins ? std::numeric_limits<double>::infinity() : r.finite_part;
  return r;
}

// W1 = Σ |P_i − Q_i| · width for binned distributions (cumulative sums P, Q) on bins of equal width.
inline double wasserstein1_binned(const std::vector<double>& p, const std::vector<double>& q, double bin_width) {
  detail::check_same_bins(p, q, "wasserstein1_binned");
  double P = 0, Q = 0, s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    P += p[i];
    Q += q[i];
    s += std::abs(P - Q);
  }
  return s * bin_width;
}

// W1 = ∫ |F_x − F_y| between two empirical distributions.
inline double wasserstein1(std::vector<double> x, std::vector<double> y) {
  if (x.empty() || y.empty()) throw std::invalid_argument("wasserstein1: empty sample");
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  std::size_t i = 0, j = 0;
  double t = std::min(x[0], y[0]), w = 0.0;
  const double nx = double(x.size()), ny = double(y.size());
  while (i < x.size() || j < y.size()) {
    const double next = (j >= y.size() || (i < x.size() && x[i] <= y[j])) ? x[i] : y[j];
    w += std::abs(double(i) / nx - double(j) / ny) * (next - t);
    t = next;
    if (i < x.size() && x[i] == next) ++i;
    else ++j;
  }
  return w;
}

struct ks_result {
  double statistic;  // D = sup |F_n − F|
  double p_value;    // asymptotic Kolmogorov distribution with Stephens' correction
};

// Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the Kolmogorov survival function.
inline double kolmogorov_survival(double lambda) {
  if (lambda < 0.2) return 1.0;
  double s = 0.0;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * lambda * lambda);
    s += (k % 2 ? 2.0 : -2.0) * term;
    if (term < 1e-17) break;
  }
  return std::clamp(s, 0.0, 1.0);
}

// One-sample KS test of `samples` against the continuous CDF `cdf`.
inline ks_result kolmogorov_smirnov(std::vector<double> samples, const std::function<double(double)>& cdf) {
  if (samples.empty()) throw std::invalid_argument("kolmogorov_smirnov: empty sample");
  std::sort(samples.begin(), samples.end());
  const double n = double(samples.size());
  double d = 0.0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double F = cdf(samples[i]);
    d = std::max({d, double(i + 1) / n - F, F - double(i) / n});
  }
  const double sn = std::sqrt(n);
  return {d, kolmogorov_survival((sn + 0.12 + 0.11 / sn) * d)};
}

// Sliced W1: the mean over `directions` random unit vectors of the 1-D W1 of the projections.
// Rows of X and Y are points. Deterministic in `seed`.
inline double sliced_wasserstein1(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, int directions = 64,
                                  std::uint64_t seed = 1) {
  if (X.cols() != Y.cols() || X.rows() == 0 || Y.rows() == 0)
    throw std::invalid_argument("sliced_wasserstein1: need non-empty point sets of the same dimension");
  if (directions < 1) throw std::invalid_argument("sliced_wasserstein1: directions must be >= 1");
  sde::random_stream stream(seed, 0, sde::substream::user);
  double total = 0.0;
  Eigen::VectorXd u(X.cols());
  for (int k = 0; k < directions; ++k) {
    sde::fill_standard_normal(stream, u);
    u.normalize();
    const Eigen::VectorXd px = X * u, py = Y * u;
    total += wasserstein1(std::vector<double>(px.data(), px.data() + px.size()),
                          std::vector<double>(py.data(), py.data() + py.size()));
  }
  return total / directions;
}

}  // namespace sgdsde::analysis
