#pragma once
// Logistic regression f(w) = (1/n) Σ_i log(1 + exp(−y_i x_iᵀw)) + (λ/2)|w|², labels y_i ∈ {−1, +1},
// and a generator: x_i ~ N(0, I_d), a teacher w* = (s, 0, …, 0); y_i = sign(x_iᵀw*) (separable:
// no finite minimiser without ridge, the iterates' norm grows like log t) or y_i = +1 with
// probability 1/(1 + exp(−x_iᵀw*)) (non-separable).
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/dataset.hpp>
#include <sgdsde/sgd/finite_sum.hpp>

#include <boost/random/uniform_01.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace sgdsde::sgd {

// Labels as data files carry them: {0, 1} become {−1, +1} (0 ↦ −1), {−1, +1} stay. Anything else,
// or a file mixing 0 and −1, is an error naming the first offending row.
inline void signed_labels(vector& y) {
  bool zero_one = true, plus_minus = true;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    zero_one = zero_one && (y[i] == 0.0 || y[i] == 1.0);
    plus_minus = plus_minus && (y[i] == -1.0 || y[i] == 1.0);
    if (!zero_one && !plus_minus) {
      const bool other = y[i] != 0.0 && y[i] != 1.0 && y[i] != -1.0;
      char value[64];
      std::snprintf(value, sizeof value, "%.15g", y[i]);  // as the file wrote it, not its binary expansion
      throw std::invalid_argument("logistic regression: labels must be {0, 1} or {-1, +1}; row " + std::to_string(i + 1) +
                                  (other ? std::string(" has ") + value : std::string(" mixes 0 and -1 with the rows before it")));
    }
  }
  if (!plus_minus) y = 2.0 * y.array() - 1.0;
}

class logistic_regression : public finite_sum<logistic_regression> {
 public:
  explicit logistic_regression(dataset data, double ridge = 0.0) : data_(std::move(data)), ridge_(ridge) {
    data_.check("logistic regression data");
    if (!(ridge >= 0.0) || !std::isfinite(ridge))
      throw std::invalid_argument("logistic regression: ridge must be finite and >= 0, got " + std::to_string(ridge));
    for (Eigen::Index i = 0; i < data_.y.size(); ++i)
      if (data_.y[i] != 1.0 && data_.y[i] != -1.0)
        throw std::invalid_argument("logistic regression: label at row " + std::to_string(i + 1) + " is " +
                                    std::to_string(data_.y[i]) + ", labels must be -1 or +1");
  }

  int dim() const { return data_.features(); }
  std::size_t size() const { return data_.size(); }
  const dataset& data() const { return data_; }

  double sample_value(const vector& w, std::size_t i) const {
    const double m = margin(w, i);
    // log(1 + e^{−m}) without overflow for large |m|
    return (m > 0 ? std::log1p(std::exp(-m)) : -m + std::log1p(std::exp(m))) + 0.5 * ridge_ * w.squaredNorm();
  }
  void add_sample_gradient(const vector& w, std::size_t i, double scale, vector& g) const {
    const double m = margin(w, i), y = data_.y[Eigen::Index(i)];
    g.noalias() += (scale * -y * sigmoid(-m)) * data_.X.row(Eigen::Index(i)).transpose();
    if (ridge_ != 0.0) g.noalias() += (scale * ridge_) * w;
  }
  void add_sample_hessian(const vector& w, std::size_t i, double scale, matrix& H) const {
    const double s = sigmoid(margin(w, i));
    const auto xi = data_.X.row(Eigen::Index(i));
    H.noalias() += (scale * s * (1.0 - s)) * xi.transpose() * xi;
    if (ridge_ != 0.0) H.diagonal().array() += scale * ridge_;
  }
  // Vectorised full-data forms (the per-sample sums above give the same values): with
  // c_i = −y_i σ(−m_i), ∇f = Xᵀc/n + ridge·w, and G z = Xᵀ(c ∘ (z − z̄))/√n (ridge is common to every
  // sample, so it leaves the centred gradients).
  void gradient(const vector& w, vector& g) const {
    coefficients(w);
    g.noalias() = data_.X.transpose() * c_ / double(size());
    if (ridge_ != 0.0) g.noalias() += ridge_ * w;
  }
  void centred_gradients_times(const vector& w, const vector& z, vector& out) const {
    coefficients(w);
    c_.array() *= z.array() - z.mean();
    out.noalias() = data_.X.transpose() * c_ / std::sqrt(double(size()));
  }

  std::string description() const {
    return "logistic regression, n = " + std::to_string(size()) + ", d = " + std::to_string(dim()) +
           ", ridge = " + std::to_string(ridge_);
  }

 private:
  double margin(const vector& w, std::size_t i) const {
    return data_.y[Eigen::Index(i)] * data_.X.row(Eigen::Index(i)).dot(w);
  }
  static double sigmoid(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }
  // c_i = −y_i σ(−y_i x_i·w), the per-sample gradients' scalar factors.
  void coefficients(const vector& w) const {
    c_.noalias() = data_.X * w;
    for (Eigen::Index i = 0; i < c_.size(); ++i) {
      const double y = data_.y[i];
      c_[i] = -y * sigmoid(-y * c_[i]);
    }
  }

  dataset data_;
  double ridge_;
  static inline thread_local vector c_;  // workspace; the objective is shared read-only between workers
};

inline dataset logistic_data(int d = 2, std::size_t n = 200, double teacher_scale = 3.0, bool separable = false,
                             std::uint64_t seed = 1) {
  if (d < 1) throw std::invalid_argument("logistic data: d must be >= 1, got " + std::to_string(d));
  if (n < 1) throw std::invalid_argument("logistic data: n must be >= 1");
  if (!(teacher_scale > 0.0) || !std::isfinite(teacher_scale))
    throw std::invalid_argument("logistic data: teacher scale must be finite and > 0");
  sde::random_stream stream(seed, 0, sde::substream::user);
  boost::random::uniform_01<double> uniform;
  dataset data;
  data.X.resize(Eigen::Index(n), d);
  data.y.resize(Eigen::Index(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) data.X(Eigen::Index(i), j) = sde::standard_normal(stream);
    const double score = teacher_scale * data.X(Eigen::Index(i), 0);
    const double u = uniform(stream);
    data.y[Eigen::Index(i)] = separable ? (score >= 0 ? 1.0 : -1.0) : (u < 1.0 / (1.0 + std::exp(-score)) ? 1.0 : -1.0);
  }
  return data;
}

}  // namespace sgdsde::sgd
