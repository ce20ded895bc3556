#pragma once
// The best-fit Gibbs law of a Gaussian stationary law, and its comparison with the Hessian
// (fit_gibbs and compare_with_hessian in gibbs.hpp compute them).
#include <Eigen/Core>

#include <vector>

namespace sgdsde::analysis {

struct gibbs_fit {
  double temperature;               // T* = tr(HS)/d
  double residual_kl;               // KL(N(0,S) ‖ N(0, T* H⁻¹)); 0 iff the law is Gibbs
  std::vector<double> direction_temperatures;  // λ_i v_iᵀ S v_i along H's eigenvectors (ascending λ)
};

// A stationary covariance S against the Hessian H: its Gibbs fit and the stationary area rates.
struct hessian_comparison {
  gibbs_fit fit;
  Eigen::MatrixXd area_rates;     // (HS − SH)_ij: the stationary area rate in the plane (i, j)
  double relative_area_rate = 0;  // |HS − SH| / |HS| (Frobenius): 0 iff Gibbs-like in every plane
};

}  // namespace sgdsde::analysis
