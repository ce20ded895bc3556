#pragma once
// Heavy tails.
//   hill_estimator: α̂ = k / Σ_{i<k} log(|X|_(i)/|X|_(k)) from the k largest |X| (order statistics
//     |X|_(0) ≥ |X|_(1) ≥ …), standard error α̂/√k (i.i.d. samples; for a correlated chain thin it first).
//   Random-feature regression (sgd/random_feature_regression.hpp), SGD with replacement:
//     x' = (1 − (η/B) Σ_j a_j²) x + (η/B) Σ_j a_j ε_j, a Kesten recursion whose stationary law has
//     P(|x| > t) ~ t^{−α} with α the positive root of E|1 − (η/B) χ²_B|^α = 1.
//   Its SME: dX = −X dt + √(η(2X² + σ²)/B) dW has p(x) ∝ (2x² + σ²)^{−1−B/(2η)}, so α = 1 + B/η.
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct hill_result {
  double alpha, standard_error;
  std::size_t k;
};

inline hill_result hill_estimator(std::vector<double> samples, std::size_t k) {
  for (auto& v : samples) v = std::abs(v);
  samples.erase(std::remove_if(samples.begin(), samples.end(), [](double v) { return !std::isfinite(v); }), samples.end());
  if (k < 2 || k >= samples.size())
    throw std::invalid_argument("hill_estimator: k must be in [2, n − 1], got k = " + std::to_string(k) + ", n = " +
                                std::to_string(samples.size()));
  std::nth_element(samples.begin(), samples.begin() + std::ptrdiff_t(k), samples.end(), std::greater<double>());
  const double threshold = samples[k];
  if (!(threshold > 0.0)) throw std::invalid_argument("hill_estimator: the (k+1)-th largest |x| is 0");
  double s = 0.0;
  for (std::size_t i = 0; i < k; ++i) s += std::log(samples[i] / threshold);
  const double alpha = double(k) / s;
  return {alpha, alpha / std::sqrt(double(k)), k};
}

// E|1 − (η/B) S|^α, S ~ χ²_B, integrated over U = √S (density ∝ u^{B−1} e^{−u²/2}, smooth at 0
// where χ²_1's density is not), split at the kink u* = √(B/η) where the multiplier vanishes.
inline double kesten_moment(double eta, std::size_t batch, double alpha) {
  const double B = double(batch);
  const double log_norm = (B / 2 - 1) * std::log(2.0) + std::lgamma(B / 2);
  auto integrand = [&](double u) {
    if (u <= 0.0) return B == 1.0 ? std::exp(-log_norm) : 0.0;
    if (!std::isfinite(u)) return 0.0;
    const double multiplier = std::abs(1.0 - eta / B * u * u);
    const double log_density = (B - 1) * std::log(u) - 0.5 * u * u - log_norm;
    return multiplier == 0.0 ? (alpha > 0.0 ? 0.0 : std::exp(log_density)) : std::exp(alpha * std::log(multiplier) + log_density);
  };
  // Near the kink the integrand behaves like |u − u*|^α: for α < 1 an endpoint singularity of its
  // derivative, which Gauss–Kronrod resolves only to a few digits and tanh-sinh to full precision.
  const double kink = std::sqrt(B / eta);
  boost::math::quadrature::tanh_sinh<double> rule;
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon()) * 1e-3;  // Boost: on the error estimate
  return rule.integrate(integrand, 0.0, kink, tolerance) +
         rule.integrate(integrand, kink, std::numeric_limits<double>::infinity(), tolerance);
}

// The SGD stationary tail index for random-feature regression: the α > 0 with E|1 − (η/B)χ²_B|^α = 1.
// +∞ when there is no root below 1e3 (tails lighter than any power we can resolve); throws when SGD
// has no stationary law (E log|1 − (η/B)χ²_B| ≥ 0).
inline double sgd_tail_index_random_feature(double eta, std::size_t batch) {
  if (!(eta > 0.0) || !std::isfinite(eta)) throw std::invalid_argument("tail index: eta must be finite and > 0");
  if (batch < 1) throw std::invalid_argument("tail index: batch size B must be >= 1");
  auto h = [&](double alpha) { return std::log(kesten_moment(eta, batch, alpha)); };
  // log h is convex with log h(0) = 0; the slope at 0 is E log|…|, which must be negative.
  if (!(h(1e-4) < 0.0)) throw std::invalid_argument("tail index: E log|1 - (eta/B) a^2| >= 0, SGD has no stationary law at this eta");
  double hi = 1.0;
  while (h(hi) < 0.0) {
    hi *= 2.0;
    if (hi > 1e3) return std::numeric_limits<double>::infinity();
  }
  boost::uintmax_t iterations = 200;
  const double lo = hi > 1.0 ? hi / 2 : 1e-4;  // h(lo) < 0 <= h(hi)
  const auto bracket =
      boost::math::tools::toms748_solve(h, lo, hi, boost::math::tools::eps_tolerance<double>(50), iterations);
  return 0.5 * (bracket.first + bracket.second);
}

// The SME's tail index for the same problem: 1 + B/(cη) (c = 1 with replacement).
inline double sme_tail_index_random_feature(double eta, std::size_t batch, double c = 1.0) {
  if (!(eta > 0.0) || batch < 1 || !(c > 0.0)) throw std::invalid_argument("tail index: need eta > 0, B >= 1, c > 0");
  return 1.0 + double(batch) / (c * eta);
}

}  // namespace sgdsde::analysis
