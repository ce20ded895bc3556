#pragma once
// The lecture's (seed 000) convergence bounds for SGD with gradient noise E|ξ|² ≤ σ²:
//   Theorem 2.5 (f convex and L-smooth, η_t ≤ 1/L, the η-weighted average x̄_T = Σ_{t<T} η_t x_t / Σ_{t<T} η_t):
//     E f(x̄_T) − f* ≤ (|x0 − x*|² + 2σ² Σ_{t=0}^{T−1} η_t²) / (2 Σ_{t=1}^{T} η_t)      (as stated there)
//   Theorem 2.7 (f μ-PL and L-smooth, η_t = 1/(μ(t+1)), the last iterate):
//     E f(x_T) − f* ≤ L σ² / (2μ²) · log(1 + T) / T
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace sgdsde::analysis {

// Theorem 2.5's bound for T = 1..T_max (entry T − 1), for any schedule t ↦ η_t.
template <class Schedule>
std::vector<double> theorem_2_5_bounds(const Schedule& eta, std::uint64_t T_max, double initial_distance2, double sigma2) {
  if (!(initial_distance2 >= 0.0) || !(sigma2 >= 0.0))
    throw std::invalid_argument("theorem 2.5: |x0 - x*|^2 and sigma^2 must be >= 0");
  std::vector<double> bounds;
  bounds.reserve(T_max);
  double sum_squares = 0.0, sum = 0.0;  // Σ_{t<T} η_t², Σ_{t=1}^{T} η_t
  for (std::uint64_t T = 1; T <= T_max; ++T) {
    const double previous = eta(T - 1);
    sum_squares += previous * previous;
    sum += eta(T);
    bounds.push_back((initial_distance2 + 2.0 * sigma2 * sum_squares) / (2.0 * sum));
  }
  return bounds;
}

inline double theorem_2_7_bound(double L, double mu, double sigma2, std::uint64_t T) {
  if (!(L > 0.0) || !(mu > 0.0) || !(sigma2 >= 0.0) || T < 1)
    throw std::invalid_argument("theorem 2.7: needs L > 0, mu > 0, sigma^2 >= 0 and T >= 1");
  return L * sigma2 / (2.0 * mu * mu) * std::log(1.0 + double(T)) / double(T);
}

}  // namespace sgdsde::analysis
