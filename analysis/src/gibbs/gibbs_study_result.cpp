// The Gibbs study's result (gibbs_study_result.hpp): its current field, JSON and report, compiled
// once in the library rather than in every front end that holds a result.
#include <sgdsde/analysis/gibbs/gibbs_study_result.hpp>

#include <sgdsde/analysis/json_eigen.hpp>

#include <Eigen/Cholesky>
#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <cstdio>

namespace sgdsde::analysis {

Eigen::VectorXd gibbs_study_result::current(const Eigen::VectorXd& x) const {
  const Eigen::MatrixXd D = sme_diffusion();
  const Eigen::MatrixXd& S = sme.stationary_covariance;
  const Eigen::LLT<Eigen::MatrixXd> llt(S);
  const Eigen::VectorXd y = llt.solve(x);
  const double det = llt.matrixLLT().diagonal().prod();  // √det S
  const double p = std::exp(-0.5 * x.dot(y)) / (std::pow(2 * M_PI, 0.5 * double(x.size())) * det);
  return (-hessian * x + 0.5 * D * y) * p;
}

namespace {
nlohmann::json side_json(const gibbs_side& side) {
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
}  // namespace

nlohmann::json gibbs_study_result::to_json() const {
  nlohmann::json sme_json = side_json(sme);
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
          {"c_over_b", c_over_b},
          {"sme_diffusion", json_matrix(sme_diffusion())},
          {"commutator_norm", commutator_norm},
          {"sgd", side_json(sgd)},
          {"sme", sme_json}};
}

std::string gibbs_study_result::brief_report() const {
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
