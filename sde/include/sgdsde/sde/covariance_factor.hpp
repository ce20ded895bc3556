#pragma once
// Diffusion given as a covariance: b(x,t) bᵀ(x,t) = S(x,t). SGD's gradient-noise covariance is
// singular at interpolating minima, so the factor must not fail on PSD-but-singular S.
#include <Eigen/Core>
#include <sgdsde/sde/across_paths.hpp>
#include <sgdsde/sde/lanes.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace sgdsde::sde {

struct covariance_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The eigenvalues (ascending) of a symmetric matrix and, when vectors is given, its orthonormal
// eigenvectors (columns): Eigen's SelfAdjointEigenSolver, compiled once in the library
// (src/covariance_factor.cpp) rather than in every translation unit that includes this header.
void symmetric_eigen(const Eigen::MatrixXd& S, Eigen::VectorXd& values, Eigen::MatrixXd* vectors = nullptr);

namespace detail {
// The checked general path of psd_factor, compiled in the library (src/covariance_factor.cpp).
void psd_factor_dynamic(const Eigen::MatrixXd& S, Eigen::MatrixXd& L, double tolerance);

template <class MatrixS, class MatrixL>
void psd_factor_general(const MatrixS& S, MatrixL& L, double tolerance) {
  if constexpr (std::is_same_v<MatrixS, Eigen::MatrixXd> && std::is_same_v<MatrixL, Eigen::MatrixXd>) {
    psd_factor_dynamic(S, L, tolerance);
  } else {
    Eigen::MatrixXd factor;
    psd_factor_dynamic(Eigen::MatrixXd(S), factor, tolerance);
    L = factor;
  }
}
}  // namespace detail

// L with L Lᵀ = S: Cholesky when S is positive definite; otherwise, for positive semi-definite S,
// V diag(√max(λ,0)) from the symmetric eigendecomposition (then L is not triangular). Rejects S that
// is not symmetric, not finite, or has an eigenvalue below −tolerance·max(1, |S|).
template <class MatrixS, class MatrixL>
inline void psd_factor(const MatrixS& S, MatrixL& L, double tolerance = 1e-10);

namespace detail {
// Closed-form 2×2 Cholesky for the common positive-definite case, on double or on lanes (where it
// must hold in every lane); false for anything else (NaN, asymmetric, singular, indefinite), which
// then takes the checked general path.
template <class MatrixS, class MatrixL>
bool cholesky_2x2(const MatrixS& S, MatrixL& L) {
  using scalar = typename MatrixS::Scalar;
  using std::sqrt;
  const scalar s00 = S(0, 0), s10 = S(1, 0), s11 = S(1, 1);
  const scalar l00 = sqrt(s00), l10 = s10 / l00, pivot = s11 - l10 * l10;
  if (!(all_less(scalar(0.0), s00) && all_equal(scalar(S(0, 1)), s10) && all_less(scalar(0.0), pivot) &&
        all_less(pivot, scalar(std::numeric_limits<double>::infinity()))))
    return false;
  L(0, 0) = l00;
  L(0, 1) = scalar(0.0);
  L(1, 0) = l10;
  L(1, 1) = sqrt(pivot);
  return true;
}

// psd_factor of N covariances at once (one per lane): the 2×2 closed form on whole lanes when every
// lane takes it; otherwise, and for other sizes, each lane is factored by the scalar psd_factor.
// Either way lane l is bit for bit the scalar factor of lane l's covariance.
template <class MatrixS, class MatrixL>
void psd_factor_lanes(const MatrixS& S, MatrixL& L, double tolerance) {
  using lane = typename MatrixS::Scalar;
  constexpr int R = MatrixS::RowsAtCompileTime, C = MatrixS::ColsAtCompileTime;
  if constexpr (R == 2 && C == 2)
    if (cholesky_2x2(S, L)) return;
  Eigen::Matrix<double, R, C> S_lane(S.rows(), S.cols()), L_lane(S.rows(), S.cols());
  L.resize(S.rows(), S.cols());
  for (int l = 0; l < lane::width; ++l) {
    for (Eigen::Index i = 0; i < S.rows(); ++i)
      for (Eigen::Index j = 0; j < S.cols(); ++j) S_lane(i, j) = S(i, j)[l];
    psd_factor(S_lane, L_lane, tolerance);
    for (Eigen::Index i = 0; i < S.rows(); ++i)
      for (Eigen::Index j = 0; j < S.cols(); ++j) L(i, j)[l] = L_lane(i, j);
  }
}
}  // namespace detail

template <class MatrixS, class MatrixL>
inline void psd_factor(const MatrixS& S, MatrixL& L, double tolerance) {
  if constexpr (is_lanes_v<typename MatrixS::Scalar>) {
    detail::psd_factor_lanes(S, L, tolerance);
  } else {
    if constexpr (MatrixS::RowsAtCompileTime == 2 && MatrixS::ColsAtCompileTime == 2)
      if (detail::cholesky_2x2(S, L)) return;
    detail::psd_factor_general(S, L, tolerance);
  }
}

// A diffusion functor (x, t, out) from a covariance functor (x, t, S): out = factor of S(x,t),
// optionally scaled (e.g. √(η/B) for an SME). Use it with general_noise: a factor of a
// state-dependent covariance is in general not commutative.
template <class Covariance, class Matrix>
class covariance_diffusion {
 public:
  covariance_diffusion(Covariance covariance, Matrix workspace, double scale = 1.0)
      : covariance_(std::move(covariance)), S_(std::move(workspace)), scale_(scale) {}

  template <class State, class Out>
  void operator()(const State& x, double t, Out& out) const {
    if constexpr (is_lanes_v<typename State::Scalar>) {  // N paths at once (across_paths.hpp)
      Eigen::Matrix<typename State::Scalar, Matrix::RowsAtCompileTime, Matrix::ColsAtCompileTime> S(S_.rows(), S_.cols());
      covariance_(x, t, S);
      psd_factor(S, out);
    } else {
      covariance_(x, t, S_);
      psd_factor(S_, out);
    }
    if (scale_ != 1.0) out *= scale_;
  }

 private:
  Covariance covariance_;
  mutable Matrix S_;
  double scale_;
};

// A covariance written for lanes makes its factor usable on lanes.
template <class Covariance, class Matrix>
struct is_lane_generic<covariance_diffusion<Covariance, Matrix>> : is_lane_generic<Covariance> {};

template <int D, class Covariance>
auto diffusion_from_covariance(Covariance covariance, int dim = D, double scale = 1.0) {
  using matrix = Eigen::Matrix<double, D, D>;
  return covariance_diffusion<Covariance, matrix>(std::move(covariance), matrix::Zero(dim, dim), scale);
}

}  // namespace sgdsde::sde
