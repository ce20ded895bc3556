#pragma once
// 1-D regression on a random feature (population objective, multiplicative noise):
//   f(x; a, ε) = ½(a x − ε)²,  a ~ N(0, 1),  ε ~ N(0, σ²);
//   f(x) = ½(x² + σ²),  ∇f = x,  Σ(x) = Var(a² x − a ε) = 2x² + σ².
// SGD here is the random linear recursion x ← (1 − η a²/B…) x + …, whose stationary law has a power
// tail (Kesten); the SME's law is heavy-tailed too, with a different index.
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/objective.hpp>

#include <Eigen/Core>
#include <string>

namespace sgdsde::sgd {

class random_feature_regression {
 public:
  using sample_type = Eigen::Vector2d;  // (a, ε)
  static constexpr bool is_finite_sum = false;

  explicit random_feature_regression(double noise_sd = 1.0) : sigma_(noise_sd) {
    if (!(noise_sd >= 0.0) || !std::isfinite(noise_sd))
      throw std::invalid_argument("random feature regression: noise sd must be finite and >= 0, got " +
                                  std::to_string(noise_sd));
  }

  int dim() const { return 1; }
  std::size_t size() const { return 0; }
  double noise_sd() const { return sigma_; }

  void draw(sde::random_stream& stream, sample_type& w) const {
    w[0] = sde::standard_normal(stream);
    w[1] = sigma_ * sde::standard_normal(stream);
  }
  double sample_value(const vector& x, const sample_type& w) const {
    const double r = w[0] * x[0] - w[1];
    return 0.5 * r * r;
  }
  void add_sample_gradient(const vector& x, const sample_type& w, double scale, vector& g) const {
    g[0] += scale * w[0] * (w[0] * x[0] - w[1]);
  }
  void add_sample_hessian(const vector&, const sample_type& w, double scale, matrix& H) const {
    H(0, 0) += scale * w[0] * w[0];
  }

  double value(const vector& x) const { return 0.5 * (x[0] * x[0] + sigma_ * sigma_); }
  void gradient(const vector& x, vector& g) const { g.setConstant(1, x[0]); }
  void hessian(const vector&, matrix& H) const { H.setConstant(1, 1, 1.0); }
  void gradient_covariance(const vector& x, matrix& S) const { S.setConstant(1, 1, 2.0 * x[0] * x[0] + sigma_ * sigma_); }
  std::string description() const { return "random-feature regression, sd(eps) = " + std::to_string(sigma_); }

 private:
  double sigma_;
};

}  // namespace sgdsde::sgd
