#pragma once
// Objectives whose per-sample gradients are affine in x, ∇f(x; w) = A_w x − b_w (least squares,
// quadratics with additive noise, random-feature regression): SGD's and the SME's first two moments then obey closed recursions,
// so weak errors and stationary covariances can be computed with no Monte Carlo at all.
//
// The model keeps Ā = E A_w, b̄ = E b_w, the loss f(x) = ½xᵀĀx − b̄ᵀx + f0, and the second moment of a
// per-sample gradient at a random x with mean m and second moment M = E xxᵀ:
//   G(m, M) = E_w E_x[g_w g_wᵀ] = E_w[A_w M A_wᵀ − A_w m b_wᵀ − b_w mᵀ A_wᵀ + b_w b_wᵀ].
// The state-dependent gradient noise of least squares is exact here; nothing is linearised.
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>

#include <Eigen/Dense>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sgdsde::analysis {

using vector = Eigen::VectorXd;
using matrix = Eigen::MatrixXd;

class affine_gradient_model {
 public:
  // Finite sum: A_i x − b_i for i = 1..n (each with weight 1/n). Rank-one A_i = a_i a_iᵀ (least
  // squares) are kept as a_i to make G cost O(n d²) instead of O(n d³).
  static affine_gradient_model rank_one(const matrix& a, const vector& y, std::string name) {
    affine_gradient_model m;
    m.name_ = std::move(name);
    m.rank_one_ = a;  // rows a_i; b_i = a_i y_i
    m.y_ = y;
    const double n = double(a.rows());
    m.A_bar_ = a.transpose() * a / n;
    m.b_bar_ = a.transpose() * y / n;
    m.f0_ = 0.5 * y.squaredNorm() / n;
    m.n_ = std::size_t(a.rows());
    return m;
  }
  // Population: A_w = H for every w, b_w with mean b̄ and covariance C (e.g. Li–Tai–E: b = Hγ, C = H²).
  static affine_gradient_model constant_curvature(const matrix& H, const vector& b_bar, const matrix& C, double f0,
                                                  std::string name) {
    affine_gradient_model m;
    m.name_ = std::move(name);
    m.A_bar_ = H;
    m.b_bar_ = b_bar;
    m.C_ = C;
    m.f0_ = f0;
    return m;
  }
  // Population of isotropic Gaussian features (random-feature regression): A_w = aaᵀ, b_w = aε with
  // a ~ N(0, I_d), ε ~ N(0, σ²) independent, so Ā = I, b̄ = 0 and, by Isserlis' theorem,
  //   G(m, M) = E[aaᵀ M aaᵀ] + σ² I = tr(M) I + M + Mᵀ + σ² I.
  static affine_gradient_model gaussian_features(int d, double noise_sd, std::string name) {
    affine_gradient_model m;
    m.name_ = std::move(name);
    m.A_bar_ = matrix::Identity(d, d);
    m.b_bar_ = vector::Zero(d);
    m.f0_ = 0.5 * noise_sd * noise_sd;
    m.gaussian_feature_variance_ = noise_sd * noise_sd;
    return m;
  }
  // Finite sum with A_i = H for all i: b_i given as rows.
  static affine_gradient_model constant_curvature_finite(const matrix& H, const matrix& b_rows, double f0, std::string name) {
    const double n = double(b_rows.rows());
    const vector mean = b_rows.colwise().sum().transpose() / n;
    const matrix centred = b_rows.rowwise() - mean.transpose();
    auto m = constant_curvature(H, mean, centred.transpose() * centred / n, f0, std::move(name));
    m.n_ = std::size_t(b_rows.rows());
    return m;
  }

  int dim() const { return int(A_bar_.rows()); }
  std::size_t size() const { return n_; }  // 0: population
  const matrix& A_bar() const { return A_bar_; }
  const vector& b_bar() const { return b_bar_; }
  const std::string& name() const { return name_; }

  // E ḡḡᵀ with ḡ = Āx − b̄.
  matrix mean_gradient_second_moment(const vector& m, const matrix& M) const {
    const vector Am = A_bar_ * m;
    return A_bar_ * M * A_bar_.transpose() - Am * b_bar_.transpose() - b_bar_ * Am.transpose() +
           b_bar_ * b_bar_.transpose();
  }
  // G(m, M) = E_w E_x[g_w g_wᵀ].
  matrix sample_gradient_second_moment(const vector& m, const matrix& M) const {
    if (gaussian_feature_variance_ >= 0.0) {
      matrix G = M + M.transpose();
      G.diagonal().array() += M.trace() + gaussian_feature_variance_;
      return G;
    }
    if (rank_one_.size() == 0) {  // constant curvature: E_w[(Hx − b)(Hx − b)ᵀ] = ḡ-part + C
      return mean_gradient_second_moment(m, M) + C_;
    }
    // g_i = a_i (a_iᵀx − y_i): E_x g_i g_iᵀ = a_i a_iᵀ (a_iᵀ M a_i − 2 y_i a_iᵀ m + y_i²)
    const matrix& a = rank_one_;
    const double n = double(a.rows());
    const vector quad = ((a * M).array() * a.array()).rowwise().sum();  // a_iᵀ M a_i
    const vector lin = a * m;                                           // a_iᵀ m
    const vector& y = y_;
    const vector w = (quad.array() - 2.0 * y.array() * lin.array() + y.array().square()).matrix();
    return a.transpose() * w.asDiagonal() * a / n;
  }
  // G as one linear map: vec G(m, M) = K [m; vec M; 1], K of size d² × (d + d² + 1) (vec column-major).
  // For least squares K = (1/n) Σ_i vec(a_i a_iᵀ) [−2 y_i a_iᵀ, vec(a_i a_iᵀ)ᵀ, y_i²], the data's
  // fourth moments: one pass of matrix products over blocks of samples on the d(d+1)/2 distinct
  // products a_ij a_ik, about n d⁴/8 multiply-adds, instead of evaluating G (n d² each) at the
  // d + d² + 1 unit vectors. Constant curvature, Gaussian features: from the closed form, O(d⁵)
  // (affine_gradient_model.cpp).
  matrix second_moment_map() const;
  // E Σ(x) = G(m, M) − E ḡḡᵀ.
  matrix expected_gradient_covariance(const vector& m, const matrix& M) const {
    return sample_gradient_second_moment(m, M) - mean_gradient_second_moment(m, M);
  }
  // E f(x) = ½ tr(Ā M) − b̄ᵀm + f0.
  double expected_loss(const vector& m, const matrix& M) const {
    return 0.5 * (A_bar_.cwiseProduct(M)).sum() - b_bar_.dot(m) + f0_;
  }

 private:
  std::string name_;
  matrix A_bar_, C_, rank_one_;  // rank_one_: rows a_i of a least-squares model
  vector b_bar_, y_;
  double f0_ = 0.0;
  double gaussian_feature_variance_ = -1.0;  // σ² of a gaussian_features model; < 0 for the others
  std::size_t n_ = 0;
};

inline affine_gradient_model affine_model(const sgd::least_squares& f) {
  return affine_gradient_model::rank_one(f.data().X, f.data().y, f.description());
}

// f(x; z) = ½xᵀHx − (Az)ᵀx + c(z): b = Az, E b = 0, Cov b = AAᵀ; E c(z) = 0.
inline affine_gradient_model affine_model(const sgd::noisy_quadratic& f) {
  return affine_gradient_model::constant_curvature(f.H(), vector::Zero(f.dim()), f.A() * f.A().transpose(), 0.0,
                                                   f.description());
}

inline affine_gradient_model affine_model(const sgd::sampled_finite_sum<sgd::noisy_quadratic>& f) {
  const auto& q = f.population();
  matrix b(Eigen::Index(f.size()), q.dim());
  double f0 = 0.0;
  const vector zero = vector::Zero(q.dim());
  for (std::size_t i = 0; i < f.size(); ++i) {
    b.row(Eigen::Index(i)) = (q.A() * f.sample(i)).transpose();
    f0 += q.sample_value(zero, f.sample(i)) / double(f.size());
  }
  return affine_gradient_model::constant_curvature_finite(q.H(), b, f0, f.description());
}

inline affine_gradient_model affine_model(const sgd::random_feature_regression& f) {
  return affine_gradient_model::gaussian_features(f.dim(), f.noise_sd(), f.description());
}

// A finite sample of random features is least squares on the data (a_i, ε_i).
inline affine_gradient_model affine_model(const sgd::sampled_finite_sum<sgd::random_feature_regression>& f) {
  const int d = f.dim();
  matrix a(Eigen::Index(f.size()), d);
  vector y(Eigen::Index(f.size()));
  for (std::size_t i = 0; i < f.size(); ++i) {
    a.row(Eigen::Index(i)) = f.sample(i).head(d).transpose();
    y[Eigen::Index(i)] = f.sample(i)[d];
  }
  return affine_gradient_model::rank_one(a, y, f.description());
}

// Whether affine_model(f) exists for an objective type (the problems with exact moment equations).
template <class T, class = void>
struct has_affine_model : std::false_type {};
template <class T>
struct has_affine_model<T, std::void_t<decltype(affine_model(std::declval<const T&>()))>> : std::true_type {};
template <class T>
inline constexpr bool has_affine_model_v = has_affine_model<T>::value;

}  // namespace sgdsde::analysis
