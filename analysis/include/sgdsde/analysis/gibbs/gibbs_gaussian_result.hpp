#pragma once
// The Gaussian-approximation Gibbs study's options and result (gibbs_gaussian.hpp runs it): plain
// data, the parts that need no objective (the Lyapunov solutions, the ensemble's estimates from its
// per-path records), JSON and the brief report, compiled in the library (src/gibbs_gaussian_result.cpp).
#include <sgdsde/analysis/gibbs/gibbs_fit.hpp>
#include <sgdsde/sde/ensemble_options.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct gibbs_gaussian_options {
  double eta = 0.05;
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  std::uint64_t runs = 32;     // independent SGD chains; each gives one time-averaged estimate
  std::uint64_t burn_in = 0;   // SGD steps discarded per chain (0 with auto_length: 5 relaxation times)
  std::uint64_t steps = 0;     // SGD steps recorded per chain after the burn-in (0 with auto_length)
  bool auto_burn_in = true;    // burn_in from the relaxation time 1/(η λ_min(H))
  bool auto_steps = true;      // steps = max(10,000, 200 relaxation times)
  std::uint64_t seed = 1;
  sde::ensemble_options ensemble;  // threads and progress (n_paths is set from runs)

  bool is_valid(std::string* error) const;
};

// A stationary covariance and its comparison with H (Gibbs fit, area rates HS − SH).
struct gaussian_side : hessian_comparison {
  Eigen::MatrixXd covariance;
};

gaussian_side gaussian_side_of(const Eigen::MatrixXd& H, Eigen::MatrixXd covariance);

// The Gaussian approximations at x* (Mandt, Hoffman & Blei 2017), with D = η (c/B) Σ(x*):
//   SGD   S = (I − ηH) S (I − ηH)ᵀ + η D   (the SGD recursion linearised at x*; needs η < 2/λ_max)
//   SME   H S + S H = D                     (the SME's OU process at x*)
struct gaussian_approximation {
  gaussian_side sgd, sme;
};
gaussian_approximation gaussian_approximation_at(const Eigen::MatrixXd& H, const Eigen::MatrixXd& Sigma, double eta,
                                                 double c_over_b);

// The SGD ensemble's stationary mean and covariance from R independent chains, each recorded as its
// time averages μ_r = avg(y) and Q_r = avg(y yᵀ) of y = x − x* after the burn-in: m̂ = mean_r μ_r,
// Ĉ = mean_r Q_r − m̂ m̂ᵀ. The chains are independent, so the standard errors are those of a mean of
// R draws, by the delta method: Ĉ_ij's influence of chain r is
// (Q_r − Q̄)_ij − m̂_j (μ_r − m̂)_i − m̂_i (μ_r − m̂)_j.
struct ensemble_stationary_moments {
  Eigen::VectorXd mean_offset, mean_offset_se;  // m̂ − x* and its standard error
  Eigen::MatrixXd covariance, covariance_se;
};
// records: R chains, each d values of μ_r then the d(d+1)/2 values of Q_r's lower triangle by columns.
ensemble_stationary_moments stationary_moments_from_chains(const std::vector<double>& records, int dim);

struct gibbs_gaussian_result {
  gibbs_gaussian_options options;
  int dim = 0;
  double c_over_b = 0;
  Eigen::VectorXd minimizer;
  int newton_iterations = 0;
  double gradient_norm_at_minimizer = 0;
  Eigen::MatrixXd hessian, noise_covariance_at_minimizer;
  Eigen::VectorXd hessian_eigenvalues;
  double commutator_norm = 0;         // |HΣ(x*) − Σ(x*)H|
  double relaxation_steps = 0;        // 1/(η λ_min(H))
  std::uint64_t record_every = 1;     // a chain's state is recorded every this many steps
  gaussian_approximation gaussian;
  ensemble_stationary_moments ensemble_moments;
  gaussian_side ensemble;             // the SGD ensemble's covariance against H
  // The ensemble against each approximation: |Ĉ − S| / |Ĉ| and max_ij |Ĉ − S|_ij / se_ij.
  double sgd_relative_difference = 0, sgd_max_z = 0;
  double sme_relative_difference = 0, sme_max_z = 0;
  double relative_standard_error = 0;  // |se| / |Ĉ|: the smallest relative difference the ensemble resolves

  void compare();  // the differences and the ensemble's side, from the fields above
  nlohmann::json to_json() const;
  std::string brief_report() const;
};

}  // namespace sgdsde::analysis
