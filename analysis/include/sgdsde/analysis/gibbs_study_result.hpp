#pragma once
// The Gibbs study's options and result (gibbs_study.hpp runs it): plain data, the SME's current field,
// JSON and the brief report, without the integrators, so that a front end holding a result does not
// compile the study.
#include <sgdsde/analysis/batch_means.hpp>
#include <sgdsde/analysis/gibbs_fit.hpp>
#include <sgdsde/analysis/json_eigen.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <Eigen/Dense>
#include <boost/math/distributions/normal.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
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

  // J(x) of the SME's stationary law.
  Eigen::VectorXd current(const Eigen::VectorXd& x) const {
    const Eigen::MatrixXd D = options.eta * c_over_b * noise_covariance;
    const Eigen::MatrixXd& S = sme.stationary_covariance;
    const Eigen::LLT<Eigen::MatrixXd> llt(S);
    const Eigen::VectorXd y = llt.solve(x);
    const double det = llt.matrixLLT().diagonal().prod();  // √det S
    const double p = std::exp(-0.5 * x.dot(y)) / (std::pow(2 * M_PI, 0.5 * double(x.size())) * det);
    return (-hessian * x + 0.5 * D * y) * p;
  }

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

namespace detail {
inline nlohmann::json side_json(const gibbs_side& side) {
  const double z = boost::math::quantile(boost::math::normal(), 0.975);
  const auto& rate = side.area_rate;
  return {{"stationary_covariance", json_matrix(side.stationary_covariance)},
          {"gibbs_temperature", side.fit.temperature},
          {"residual_kl", side.fit.residual_kl},
          {"direction_temperatures", side.fit.direction_temperatures},
          {"area_rate_exact", side.area_rate_exact},
          {"area_rate_estimate", rate.mean()},
          {"area_rate_se", rate.standard_error()},
          {"area_rate_ci95", {rate.mean() - z * rate.standard_error(), rate.mean() + z * rate.standard_error()}},
          {"autocorrelation_time", rate.autocorrelation_time()}};
}
}  // namespace detail

inline nlohmann::json gibbs_study_result::to_json() const {
  nlohmann::json sme_json = detail::side_json(sme);
  if (std::isfinite(sme_area_rate_exact_discretised))
    sme_json["area_rate_exact_euler_maruyama"] = sme_area_rate_exact_discretised;
  return {{"eta", options.eta},
          {"batch", options.batch},
          {"sampler", sgd::to_string(options.sampler)},
          {"steps", options.steps},
          {"burn_in", options.burn_in},
          {"substeps", options.substeps},
          {"integrator", options.integrator},
          {"seed", options.seed},
          {"hessian", json_matrix(hessian)},
          {"noise_covariance", json_matrix(noise_covariance)},
          {"commutator_norm", commutator_norm},
          {"sgd", detail::side_json(sgd)},
          {"sme", sme_json}};
}

inline std::string gibbs_study_result::brief_report() const {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "eta = %g, B = %zu; |H Sigma - Sigma H| = %.3g (%s)\n\n", options.eta, options.batch,
                commutator_norm, commutator_norm < 1e-12 ? "commute" : "do not commute");
  out += line;
  for (const bool is_sgd : {true, false}) {
    const gibbs_side& side = is_sgd ? sgd : sme;
    const auto& rate = side.area_rate;
    const double z = boost::math::quantile(boost::math::normal(), 0.975);
    std::snprintf(line, sizeof line,
                  "%s  (stationary covariance: %s Lyapunov)\n"
                  "  best-fit Gibbs temperature %.6g, residual KL %.3e, per-direction temperatures %.6g, %.6g\n"
                  "  probability current <x1 dx2 - x2 dx1>/dt: exact %+.4e, estimated %+.4e [%+.4e, %+.4e]\n",
                  is_sgd ? "SGD" : "SME-1", is_sgd ? "discrete" : "continuous", side.fit.temperature, side.fit.residual_kl,
                  side.fit.direction_temperatures[0], side.fit.direction_temperatures[1], side.area_rate_exact, rate.mean(),
                  rate.mean() - z * rate.standard_error(), rate.mean() + z * rate.standard_error());
    out += line;
    if (!is_sgd && std::isfinite(sme_area_rate_exact_discretised)) {
      std::snprintf(line, sizeof line, "  (the trajectory is Euler-Maruyama at dt = eta/%llu, whose exact current is %+.4e)\n",
                    static_cast<unsigned long long>(options.substeps), sme_area_rate_exact_discretised);
      out += line;
    }
    out += "\n";
  }
  return out;
}

}  // namespace sgdsde::analysis
