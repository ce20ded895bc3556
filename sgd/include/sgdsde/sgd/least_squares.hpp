#pragma once
// Least squares f(w) = (1/n) Σ_i ½(x_iᵀw − y_i)² on a data set, and the lecture's generator
// (seed 000, Figure 2): x_i ~ N(0, A) with A = HHᵀ, H_ij ~ N(0, 1); y_i = x_iᵀw* + σ ε_i with
// w* ~ N(0, I_d) and ε_i ~ N(0, 1).
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/dataset.hpp>
#include <sgdsde/sgd/finite_sum.hpp>

#include <string>

namespace sgdsde::sgd {

class least_squares : public finite_sum<least_squares> {
 public:
  explicit least_squares(dataset data) : data_(std::move(data)) { data_.check("least squares data"); }

  int dim() const { return data_.features(); }
  std::size_t size() const { return data_.size(); }
  const dataset& data() const { return data_; }

  double residual(const vector& w, std::size_t i) const { return data_.X.row(Eigen::Index(i)).dot(w) - data_.y[Eigen::Index(i)]; }
  double sample_value(const vector& w, std::size_t i) const {
    const double r = residual(w, i);
    return 0.5 * r * r;
  }
  void add_sample_gradient(const vector& w, std::size_t i, double scale, vector& g) const {
    g.noalias() += (scale * residual(w, i)) * data_.X.row(Eigen::Index(i)).transpose();
  }
  void add_sample_hessian(const vector&, std::size_t i, double scale, matrix& H) const {
    const auto xi = data_.X.row(Eigen::Index(i));
    H.noalias() += scale * xi.transpose() * xi;
  }
  // Vectorised full-data forms (the sums above give the same values).
  void gradient(const vector& w, vector& g) const {
    residuals(w);
    g.noalias() = data_.X.transpose() * r_ / double(size());
  }
  void centred_gradients(const vector& w, matrix& G) const {
    residuals(w);
    G.noalias() = data_.X.transpose() * r_.asDiagonal();
    centre_columns(G);
  }
  // G z = Xᵀ(r ∘ (z − z̄)) / √n: column i of G is x_i r_i less the mean, so the mean folds into z.
  void centred_gradients_times(const vector& w, const vector& z, vector& out) const {
    residuals(w);
    r_.array() *= z.array() - z.mean();
    out.noalias() = data_.X.transpose() * r_ / std::sqrt(double(size()));
  }

  std::string description() const {
    return "least squares, n = " + std::to_string(size()) + ", d = " + std::to_string(dim());
  }

 private:
  void residuals(const vector& w) const { r_.noalias() = data_.X * w - data_.y; }

  dataset data_;
  static inline thread_local vector r_;  // workspace; the objective is shared read-only between workers
};

struct regression_data {
  dataset data;
  vector w_star;  // the generating weights
  matrix A;       // feature covariance HHᵀ
};

// The lecture's linear-regression generator. Deterministic in `seed`.
inline regression_data lecture_regression_data(int d = 10, std::size_t n = 200, double sigma = 0.1,
                                               std::uint64_t seed = 1) {
  if (d < 1) throw std::invalid_argument("lecture regression: d must be >= 1, got " + std::to_string(d));
  if (n < 1) throw std::invalid_argument("lecture regression: n must be >= 1");
  if (!(sigma >= 0.0) || !std::isfinite(sigma))
    throw std::invalid_argument("lecture regression: sigma must be finite and >= 0, got " + std::to_string(sigma));
  sde::random_stream stream(seed, 0, sde::substream::user);
  regression_data out;
  matrix H(d, d);
  for (Eigen::Index i = 0; i < H.size(); ++i) H.data()[i] = sde::standard_normal(stream);
  out.A = H * H.transpose();
  out.w_star.resize(d);
  for (int j = 0; j < d; ++j) out.w_star[j] = sde::standard_normal(stream);
  out.data.X.resize(Eigen::Index(n), d);
  out.data.y.resize(Eigen::Index(n));
  vector z(d);
  for (std::size_t i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) z[j] = sde::standard_normal(stream);
    out.data.X.row(Eigen::Index(i)) = (H * z).transpose();
    out.data.y[Eigen::Index(i)] = out.data.X.row(Eigen::Index(i)).dot(out.w_star) + sigma * sde::standard_normal(stream);
  }
  return out;
}

}  // namespace sgdsde::sgd
