#pragma once
// Regression on a random feature (population objective, multiplicative noise), in d ≥ 1 dimensions:
//   f(x; a, ε) = ½(aᵀx − ε)²,  a ~ N(0, I_d),  ε ~ N(0, σ²);
//   f(x) = ½(|x|² + σ²),  ∇f = x,  ∇²f = I,
//   Σ(x) = E[aaᵀxxᵀaaᵀ] + σ² I − xxᵀ = (|x|² + σ²) I + xxᵀ   (Gaussian a: E[aaᵀMaaᵀ] = tr(M) I + 2M),
// which is 2x² + σ² for d = 1. SGD here is the random linear recursion x ← (I − η aaᵀ/B…) x + …, whose
// stationary law has a power tail (Kesten); the SME's law is heavy-tailed too, with a different index
// (tail_index.hpp gives both exactly for d = 1). The d-dimensional version is isotropic: the tails are
// those of |x|.
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/objective.hpp>

#include <Eigen/Core>
#include <string>

namespace sgdsde::sgd {

class random_feature_regression {
 public:
  using sample_type = vector;  // (a_1, ..., a_d, ε)
  static constexpr bool is_finite_sum = false;

  explicit random_feature_regression(double noise_sd = 1.0, int dim = 1) : sigma_(noise_sd), d_(dim) {
    if (!(noise_sd >= 0.0) || !std::isfinite(noise_sd))
      throw std::invalid_argument("random feature regression: noise sd must be finite and >= 0, got " +
                                  std::to_string(noise_sd));
    if (dim < 1) throw std::invalid_argument("random feature regression: d must be >= 1, got " + std::to_string(dim));
  }

  int dim() const { return d_; }
  std::size_t size() const { return 0; }
  double noise_sd() const { return sigma_; }

  // a first, then ε: for d = 1 the stream is read as by the 1-D objective it generalises.
  void draw(sde::random_stream& stream, sample_type& w) const {
    w.resize(d_ + 1);
    for (int i = 0; i < d_; ++i) w[i] = sde::standard_normal(stream);
    w[d_] = sigma_ * sde::standard_normal(stream);
  }
  double sample_value(const vector& x, const sample_type& w) const {
    const double r = residual(x, w);
    return 0.5 * r * r;
  }
  void add_sample_gradient(const vector& x, const sample_type& w, double scale, vector& g) const {
    const double r = residual(x, w);
    for (int i = 0; i < d_; ++i) g[i] += scale * w[i] * r;
  }
  void add_sample_hessian(const vector&, const sample_type& w, double scale, matrix& H) const {
    H.noalias() += scale * w.head(d_) * w.head(d_).transpose();
  }

  double value(const vector& x) const { return 0.5 * (x.squaredNorm() + sigma_ * sigma_); }
  void gradient(const vector& x, vector& g) const { g = x; }
  void hessian(const vector&, matrix& H) const { H.setIdentity(d_, d_); }
  void gradient_covariance(const vector& x, matrix& S) const {
    if (d_ == 1) {  // the 1-D objective's expression, to its last bit
      S.setConstant(1, 1, 2.0 * x[0] * x[0] + sigma_ * sigma_);
      return;
    }
    S = x * x.transpose();
    S.diagonal().array() += x.squaredNorm() + sigma_ * sigma_;
  }
  std::string description() const {
    return "random-feature regression, " + (d_ > 1 ? "d = " + std::to_string(d_) + ", " : std::string()) +
           "sd(eps) = " + std::to_string(sigma_);
  }

 private:
  // aᵀx − ε; for d = 1 exactly the 1-D objective's a x − ε.
  double residual(const vector& x, const sample_type& w) const {
    double ax = 0.0;
    for (int i = 0; i < d_; ++i) ax += w[i] * x[i];
    return ax - w[d_];
  }

  double sigma_;
  int d_;
};

}  // namespace sgdsde::sgd
