#pragma once
// The Gibbs study's options and result (gibbs_study.hpp runs it): plain data, the SME's current field,
// JSON and the brief report (compiled in the library: src/gibbs_study_result.cpp), without the
// integrators, so that a front end holding a result does not compile the study.
#include <sgdsde/analysis/batch_means.hpp>
#include <sgdsde/analysis/gibbs/gibbs_fit.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>

namespace sgdsde::analysis {

struct gibbs_study_options {
  double eta = 0.05;
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  std::uint64_t steps = 1000000;   // trajectory length in SGD steps
  std::uint64_t burn_in = 10000;   // SGD steps discarded before the current is measured
  std::uint64_t substeps = 4;      // SDE steps per SGD step for the SME's trajectory
  std::string integrator = "euler_maruyama";
  std::uint64_t seed = 1;

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (!(eta > 0.0) || !std::isfinite(eta)) return fail("eta must be finite and > 0");
    if (sampler == sgd::sampling::reshuffling)
      return fail("the exact stationary covariances assume independent minibatches: sampler with_replacement or without_replacement");
    if (steps <= burn_in + 1000) return fail("steps must exceed burn_in by at least 1000");
    if (substeps < 1) return fail("substeps must be >= 1");
    if (!sde::integrators::contains(integrator))
      return fail("unknown integrator '" + integrator + "'; valid: " + sde::integrators::names_text());
    return true;
  }
};

struct gibbs_side {
  Eigen::MatrixXd stationary_covariance;
  gibbs_fit fit;
  double area_rate_exact = 0;  // of the law itself (SGD's recursion; the SDE)
  batch_means area_rate;       // estimated from the trajectory
};

struct gibbs_study_result {
  gibbs_study_options options;
  Eigen::MatrixXd hessian, noise_covariance;  // H and Σ (per sample)
  double c_over_b = 0;                        // the sampler's c over B
  double commutator_norm = 0;                 // |HΣ − ΣH|
  gibbs_side sgd, sme;
  // The exact current of the SME's Euler–Maruyama chain at dt = η/substeps (its own stationary law is
  // a discrete Lyapunov solution): the value the SME estimate converges to; NaN for other integrators.
  double sme_area_rate_exact_discretised = std::nan("");

  // D = η c Σ/B, the SME's diffusion matrix: the one product the Lyapunov solves, the current and the
  // JSON (so the figure book's current) read.
  Eigen::MatrixXd sme_diffusion() const { return options.eta * c_over_b * noise_covariance; }

  // J(x) of the SME's stationary law.
  Eigen::VectorXd current(const Eigen::VectorXd& x) const;

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

}  // namespace sgdsde::analysis
