#pragma once
// Lévy areas A_jk over one step, drawn conditionally on the increment dW, by Wiktorsson's method:
//   M. Wiktorsson, "Joint characteristic function and simultaneous simulation of iterated Itô
//   integrals for multiple independent Brownian motions", Ann. Appl. Probab. 11(2) 470–487 (2001).
// The Fourier (Kloeden–Platen–Wright) series
//   A_jk = (h/2π) Σ_r (1/r) [X_jr (Y_kr + c_k) − X_kr (Y_jr + c_j)],  c = √(2/h) dW,
// is truncated after p terms and its tail replaced by a Gaussian with the tail's exact conditional
// covariance (h/2π)² a_p Σ(c), a_p = Σ_{r>p} r⁻², Σ = 2I + Q(c), whose square root is closed form:
// Q² = |c|² Q gives √Σ = √2 I + Q/(√2(1+s)), s = √(1+|c|²/2), and Q acts on an antisymmetric G as
// Q G = v cᵀ − c vᵀ with v = G c.
// Mean-square error (Wiktorsson, Thm 4.1): E|A − Â|² ≤ 5 h² m²(m−1) / (24 π² p²). We choose p so
// that this is ≤ tolerance·h³: summed over T/h steps the area error then contributes O(h) to the
// strong error, the order of Milstein itself.
#include <sgdsde/sde/brownian_increment.hpp>
#include <sgdsde/sde/random_stream.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace sgdsde::sde {

// Number of series terms for step h with m noise dimensions and per-step tolerance·h³.
inline int levy_area_terms(double h, int m, double tolerance = 1.0) {
  if (!(h > 0.0)) throw std::invalid_argument("levy_area_terms: dt must be > 0");
  if (!(tolerance > 0.0)) throw std::invalid_argument("levy_area_terms: tolerance must be > 0");
  if (m < 2) return 0;
  const double pi = 3.14159265358979323846;
  const double needed = std::sqrt(5.0 * m * m * (m - 1) / (24.0 * pi * pi * h * tolerance));
  return std::max(1, static_cast<int>(std::ceil(needed)));
}

template <int M>
class levy_area_sampler {
 public:
  using increment_type = brownian_increment<M>;
  using vector_type = typename increment_type::vector_type;
  using matrix_type = typename increment_type::area_type;

  explicit levy_area_sampler(double tolerance = 1.0) : tolerance_(tolerance) {
    if (!(tolerance > 0.0))
      throw std::invalid_argument("levy_area_sampler: tolerance must be > 0, got " + std::to_string(tolerance));
    // Fixed-size work arrays start as zeros: copying a sampler (every path copies its stream) would
    // otherwise copy indeterminate values, which GCC reports as possibly uninitialised reads.
    if constexpr (M != Eigen::Dynamic) {
      for (vector_type* v : {&c_, &x_, &y_, &v_}) v->setZero();
      sum_.setZero();
      g_.setZero();
    }
  }

  // Fills inc.area given inc.dt and inc.dW, drawing from `stream` only.
  void sample(random_stream& stream, increment_type& inc) {
    const int m = inc.noise_dim();
    const double h = inc.dt;
    inc.area.setZero(m, m);
    inc.has_levy_area = true;
    if (m < 2) return;
    const double pi = 3.14159265358979323846;
    const int p = levy_area_terms(h, m, tolerance_);
    c_ = std::sqrt(2.0 / h) * inc.dW;
    x_.resize(m);
    y_.resize(m);
    sum_.setZero(m, m);
    double partial_zeta2 = 0.0;
    for (int r = 1; r <= p; ++r) {
      fill_standard_normal(stream, x_);
      fill_standard_normal(stream, y_);
      y_ += c_;
      sum_.noalias() += (1.0 / r) * x_ * y_.transpose();
      partial_zeta2 += 1.0 / (double(r) * r);
    }
    const double a_p = std::max(0.0, pi * pi / 6.0 - partial_zeta2);
    // Tail: antisymmetric Gaussian G, then √Σ G.
    g_.setZero(m, m);
    for (int j = 0; j < m; ++j)
      for (int k = j + 1; k < m; ++k) {
        g_(j, k) = standard_normal(stream);
        g_(k, j) = -g_(j, k);
      }
    v_ = g_ * c_;
    const double s = std::sqrt(1.0 + 0.5 * c_.squaredNorm());
    const double scale = h / (2.0 * pi);
    inc.area = scale * (sum_ - sum_.transpose());
    inc.area += scale * std::sqrt(a_p) *
                (std::sqrt(2.0) * g_ + (v_ * c_.transpose() - c_ * v_.transpose()) / (std::sqrt(2.0) * (1.0 + s)));
  }

 private:
  double tolerance_;
  vector_type c_, x_, y_, v_;
  matrix_type sum_, g_;
};

}  // namespace sgdsde::sde
