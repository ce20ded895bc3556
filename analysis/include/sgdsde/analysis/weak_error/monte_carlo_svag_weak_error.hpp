#pragma once
// The weak error of SVAG(l) against the SME-1 by Monte Carlo, for every objective SGD runs on: E φ
// after K·l SVAG steps of η/l (an ensemble per l) against E φ(X_T) of the SME of rate η at T = Kη
// (one ensemble, or two under Richardson: monte_carlo_sme_expectation). The exact counterpart, for
// affine per-sample gradients and functionals of two moments, is svag_weak_error.hpp.
//
// SVAG's error is O(1/l) (Li, Malladi, Arora 2021, Theorem 4.3), so the fitted order in 1/l is 1.
// Every point shares the one SME estimate: the errors' covariance is diag(se_l²) + se_SME²·11ᵀ, which
// the order fit weighs. Each l uses its own seeds, the SME others; the same seed gives the same bits
// for any thread count.
#include <sgdsde/analysis/weak_error/monte_carlo_weak_error.hpp>
#include <sgdsde/analysis/weak_error/svag_weak_error_result.hpp>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

// For a statistic (monte_carlo_statistic.hpp: E φ, or a coordinate's kurtosis).
template <class Objective>
svag_weak_error_result monte_carlo_svag_weak_error_of(const Objective& f, const sgd::vector& x0, const monte_carlo_statistic& statistic,
                                                      const svag_weak_error_options& options,
                                                      const monte_carlo_sme_settings& monte_carlo) {
  std::string error;
  if (!options.is_valid(&error) || !monte_carlo.is_valid(&error)) throw std::invalid_argument("svag weak error: " + error);
  sgd::check_point(x0, f.dim(), "x0");
  svag_weak_error_result r;
  r.options = options;
  r.mode = "svag_monte_carlo";
  r.monte_carlo = monte_carlo;
  r.problem = f.description();
  // SGD's own run at rate η over K steps: what the SME pairs with, and SVAG's schedule and bound.
  sgd::sgd_options sgd_run = sgd::constant_rate_run(options.eta, options.batch, options.sampler, options.sgd_steps,
                                                    monte_carlo.seed, monte_carlo.ensemble);
  sgd_run.bound = options.bound;
  const auto diffusion = monte_carlo_sme_diffusion(f, monte_carlo.integrator);
  r.sme_diffusion = sgd::to_string(diffusion.form);
  const std::uint64_t sme_seed = monte_carlo.seed + 1000003ull * options.ls.size();  // apart from every l's
  const auto sme = monte_carlo_sme_expectation(f, x0, statistic, sgd_run, 1, monte_carlo, diffusion.form, sme_seed);
  r.sme = sme.mean;
  r.sme_se = sme.divergence.empty() ? sme.standard_error : 0.0;
  r.sme_divergence = sme.divergence;
  std::vector<double> inverse_l, errors, variances;
  for (std::size_t i = 0; i < options.ls.size(); ++i) {
    svag_weak_error_point p;
    p.l = options.ls[i];
    p.steps = std::uint64_t(std::llround(p.l * double(options.sgd_steps)));
    sgd::sgd_options run = sgd_run;
    run.method = sgd::update::svag;
    run.svag_l = p.l;
    run.n_steps = p.steps;
    run.seed = monte_carlo.seed + 1000003ull * i;
    try {
      const statistic_estimate at_T = statistic.estimates(sgd::simulate_sgd(f, x0, run, statistic.observer(p.steps, p.steps))).back();
      p.svag = at_T.value;
      p.svag_se = at_T.standard_error;
    } catch (const sde::divergence_error& e) {
      p.svag_divergence = e.what();
    }
    p.sme = r.sme;
    p.sme_se = r.sme_se;
    if (r.sme_divergence.empty() && p.usable()) {
      inverse_l.push_back(1.0 / p.l);
      errors.push_back(p.error());
      variances.push_back(p.svag_se * p.svag_se);
    }
    r.points.push_back(p);
  }
  r.order.confidence = options.confidence;
  if (inverse_l.size() >= 3) {
    const Eigen::Index n = Eigen::Index(inverse_l.size());
    Eigen::MatrixXd cov = Eigen::MatrixXd::Constant(n, n, r.sme_se * r.sme_se);
    cov.diagonal() += Eigen::VectorXd::Map(variances.data(), n);
    r.order = fit_order(inverse_l, errors, options.confidence, &cov);
  } else {
    r.order.points = int(inverse_l.size());
  }
  return r;
}

// φ: a function of the iterate (e.g. the loss); SVAG's weak error in E φ.
template <class Objective>
svag_weak_error_result monte_carlo_svag_weak_error(const Objective& f, const sgd::vector& x0,
                                                   const std::function<double(const sgd::vector&)>& phi,
                                                   const svag_weak_error_options& options,
                                                   const monte_carlo_sme_settings& monte_carlo) {
  return monte_carlo_svag_weak_error_of(f, x0, monte_carlo_statistic::mean_of(phi), options, monte_carlo);
}

}  // namespace sgdsde::analysis
