#pragma once
// The best-fit Gibbs law of a Gaussian stationary law (fit_gibbs in gibbs.hpp computes it).
#include <vector>

namespace sgdsde::analysis {

struct gibbs_fit {
  double temperature;               // T* = tr(HS)/d
  double residual_kl;               // KL(N(0,S) ‖ N(0, T* H⁻¹)); 0 iff the law is Gibbs
  std::vector<double> direction_temperatures;  // λ_i v_iᵀ S v_i along H's eigenvectors (ascending λ)
};

}  // namespace sgdsde::analysis
