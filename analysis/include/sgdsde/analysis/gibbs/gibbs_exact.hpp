#pragma once
// Gibbs versus non-Gibbs in d dimensions, exactly, for objectives with affine per-sample gradients
// (least squares, also on a real data set; noisy quadratics), whose gradient noise Σ(x) may depend
// on x (least squares: quadratically). No simulation: the stationary first and second moments close.
//   SGD     the fixed point of the exact moment recursion z' = L z + c on z = (m, vec M)
//           (exact_moments.hpp), which exists iff the spectral radius of L is < 1;
//   SME-1   the zero of the moment equation z' = L z + c, i.e. the Lyapunov equation
//           H S + S H = η (c/B) E Σ(x) with the state-dependent term, which exists iff L's
//           spectral abscissa is < 0.
// Per side, against f's Hessian H = Ā: the best-fit Gibbs temperature T* = tr(HS)/d, the residual
// KL(N(m, S) ‖ N(m, T* H⁻¹)), the per-direction temperatures λ_i v_iᵀ S v_i (all equal iff S ∝ H⁻¹),
// and the stationary stochastic-area rates E[x_i dx_j − x_j dx_i]/dt = (HS − SH)_ij, the
// antisymmetric part of HS: zero iff the probability current vanishes in every coordinate plane.
// Beside them the Gaussian approximation at the minimizer x* (Mandt, Hoffman & Blei 2017): the
// Lyapunov solutions with H and the constant Σ(x*), which ignore the state dependence.
// Cost: two dense eigenproblems and solves of size d + d² (d = 30: 930), and for a finite sum the
// maps' part from the data's fourth moments, about n d⁴/8 multiply-adds in matrix products (d = 32:
// 5.8 s at n = 20,000, 11.5 s at n = 200,000; bench/bench_exact_moments); d is capped.
#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/gibbs/gibbs_fit.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace sgdsde::analysis {

// The largest d the exact d-dimensional Gibbs study accepts: its eigenproblems are dense of size
// d + d² (d = 32: 1056², a few seconds each).
inline constexpr int exact_gibbs_max_dim = 32;

struct gibbs_exact_options {
  double eta = 0.05;
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;

  bool is_valid(std::string* error) const;
};

// Against H (hessian_comparison): the Gibbs fit and the area rates of the stationary covariance.
struct gibbs_exact_side : hessian_comparison {
  Eigen::VectorXd stationary_mean;
  Eigen::MatrixXd stationary_covariance;
  double moment_stability = 0;    // SGD: spectral radius of L (< 1); SME: spectral abscissa of L (< 0)
  Eigen::MatrixXd gaussian_covariance;  // Lyapunov with H and Σ(x*)
  double gaussian_relative_difference = 0;  // |S − S_Gaussian| / |S| (Frobenius)
};

struct gibbs_exact_result {
  gibbs_exact_options options;
  int dim = 0;
  double c_over_b = 0;  // the sampler's c over B
  Eigen::VectorXd minimizer;
  Eigen::MatrixXd hessian, noise_covariance_at_minimizer;  // H = Ā and the per-sample Σ(x*)
  bool noise_depends_on_x = false;
  double commutator_norm = 0;  // |HΣ(x*) − Σ(x*)H| (Frobenius)
  gibbs_exact_side sgd, sme;

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

// The exact stationary laws of SGD and its SME-1 on the affine model, compared with Gibbs laws.
// Throws std::invalid_argument for d above the cap, a singular Ā (no unique minimizer), or a rate
// at which either side has no stationary second moments (naming the spectral radius or abscissa).
gibbs_exact_result exact_gibbs(const affine_gradient_model& model, const gibbs_exact_options& options);

}  // namespace sgdsde::analysis
