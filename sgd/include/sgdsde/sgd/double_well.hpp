#pragma once
// A 1-D double well with an additive per-sample tilt (population objective):
//   f(x; w) = h (x² − 1)² + w x,  w ~ N(0, σ²);   f(x) = h (x² − 1)²,   Σ = σ² (additive noise).
// Minima at ±1, barrier height h at 0.
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/objective.hpp>

#include <cmath>
#include <string>

namespace sgdsde::sgd {

class double_well {
 public:
  using sample_type = double;  // the tilt w
  static constexpr bool is_finite_sum = false;
  static constexpr bool constant_gradient_covariance = true;  // Σ = tilt_sd² for every x (sme.hpp caches its factor)
  static constexpr bool additive_gradient_noise = true;  // ∇f(x; w) = f'(x) + w: a finite sample's Σ is constant too

  explicit double_well(double height = 1.0, double tilt_sd = 1.0) : h_(height), sigma_(tilt_sd) {
    if (!(height > 0.0) || !std::isfinite(height))
      throw std::invalid_argument("double well: height must be finite and > 0, got " + std::to_string(height));
    if (!(tilt_sd >= 0.0) || !std::isfinite(tilt_sd))
      throw std::invalid_argument("double well: tilt sd must be finite and >= 0, got " + std::to_string(tilt_sd));
  }

  int dim() const { return 1; }
  std::size_t size() const { return 0; }
  double height() const { return h_; }
  double tilt_sd() const { return sigma_; }

  void draw(sde::random_stream& stream, sample_type& w) const { w = sigma_ * sde::standard_normal(stream); }
  double sample_value(const vector& x, const sample_type& w) const { return value(x) + w * x[0]; }
  void add_sample_gradient(const vector& x, const sample_type& w, double scale, vector& g) const {
    g[0] += scale * (slope(x[0]) + w);
  }
  void add_sample_hessian(const vector& x, const sample_type&, double scale, matrix& H) const {
    H(0, 0) += scale * curvature(x[0]);
  }

  double value(const vector& x) const {
    const double u = x[0] * x[0] - 1.0;
    return h_ * u * u;
  }
  void gradient(const vector& x, vector& g) const { g.setConstant(1, slope(x[0])); }
  void hessian(const vector& x, matrix& H) const { H.setConstant(1, 1, curvature(x[0])); }
  void gradient_covariance(const vector&, matrix& S) const { S.setConstant(1, 1, sigma_ * sigma_); }
  std::string description() const {
    return "double well h(x^2-1)^2 + w x, h = " + std::to_string(h_) + ", sd(w) = " + std::to_string(sigma_);
  }

  double slope(double x) const { return 4.0 * h_ * x * (x * x - 1.0); }
  double curvature(double x) const { return 4.0 * h_ * (3.0 * x * x - 1.0); }

 private:
  double h_, sigma_;
};

}  // namespace sgdsde::sgd
