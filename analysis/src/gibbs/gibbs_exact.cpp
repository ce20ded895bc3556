// The exact d-dimensional Gibbs study (gibbs_exact.hpp).
#include <sgdsde/analysis/gibbs/gibbs_exact.hpp>

#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/gibbs/gibbs.hpp>
#include <sgdsde/analysis/json_eigen.hpp>
#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/analysis/spectral_radius.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <Eigen/LU>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace sgdsde::analysis {

bool gibbs_exact_options::is_valid(std::string* error) const { return stationary_rate_is_valid(eta, batch, sampler, error); }

namespace {

// The Gibbs comparison of one side's stationary covariance S (its mean and stability already set).
void compare_with_gibbs(const Eigen::MatrixXd& H, gibbs_exact_side& side) {
  const Eigen::MatrixXd& S = side.stationary_covariance;
  static_cast<hessian_comparison&>(side) = compare_with_hessian(H, S);
  side.gaussian_relative_difference = (S - side.gaussian_covariance).norm() / S.norm();
}

std::string stationary_failure(const char* side, double eta, const char* what, double value, const char* bound) {
  return sde::formatted("%s has no stationary second moments at eta = %g: the %s of its moment map is %.6g (%s); "
                        "lower --eta",
                        side, eta, what, value, bound);
}

}  // namespace

gibbs_exact_result exact_gibbs(const affine_gradient_model& model, const gibbs_exact_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("exact Gibbs study: " + error);
  const int d = model.dim();
  if (d > exact_gibbs_max_dim)
    throw std::invalid_argument("the exact Gibbs study solves dense systems of size d + d^2: d = " + std::to_string(d) +
                                " is above the limit of " + std::to_string(exact_gibbs_max_dim));
  gibbs_exact_result r;
  r.options = options;
  r.dim = d;
  r.c_over_b = exact_noise_scale(model, options.sampler, options.batch);
  r.hessian = model.A_bar();
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(r.hessian);
  if (lu.rank() < d)
    throw std::invalid_argument("the mean Hessian has rank " + std::to_string(lu.rank()) + " < d = " + std::to_string(d) +
                                ": no unique minimizer and no stationary law (more samples than dimensions are needed)");
  r.minimizer = lu.solve(model.b_bar());
  const moment_state at_minimizer = point_mass(r.minimizer);
  r.noise_covariance_at_minimizer = model.expected_gradient_covariance(at_minimizer.m, at_minimizer.M);
  const moment_state elsewhere = point_mass(r.minimizer + Eigen::VectorXd::Ones(d));
  r.noise_depends_on_x = (model.expected_gradient_covariance(elsewhere.m, elsewhere.M) - r.noise_covariance_at_minimizer).norm() >
                         1e-12 * (1.0 + r.noise_covariance_at_minimizer.norm());
  const Eigen::MatrixXd& H = r.hessian;
  const Eigen::MatrixXd& Sigma = r.noise_covariance_at_minimizer;
  r.commutator_norm = (H * Sigma - Sigma * H).norm();
  const double eta = options.eta;
  const Eigen::Index n = d + Eigen::Index(d) * d;
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d), D = eta * r.c_over_b * Sigma;

  // G's part of both moment maps, from the data once (n d⁴/8 for a data set).
  const Eigen::MatrixXd K = model.second_moment_map();

  // SGD: z = L z + c, stable iff the spectral radius of L is below 1.
  const affine_moment_map sgd_map = sgd_moment_map(model, eta, r.c_over_b, K);
  r.sgd.moment_stability = sgd_map.L.allFinite() ? spectral_radius(sgd_map.L) : std::numeric_limits<double>::infinity();
  if (!(r.sgd.moment_stability < 1.0))
    throw std::invalid_argument(stationary_failure("SGD", eta, "spectral radius", r.sgd.moment_stability, "must be < 1"));
  const moment_state sgd_law =
      moment_state_of((Eigen::MatrixXd::Identity(n, n) - sgd_map.L).partialPivLu().solve(sgd_map.c), d);
  r.sgd.stationary_mean = sgd_law.m;
  r.sgd.stationary_covariance = sgd_law.covariance();
  r.sgd.gaussian_covariance = discrete_lyapunov(I - eta * H, eta * D);

  // SME-1: L z + c = 0, stable iff the spectral abscissa of L is below 0.
  const affine_moment_map sme_map = sme_moment_map(model, eta, r.c_over_b, 1, K);
  r.sme.moment_stability = sme_map.L.allFinite() ? spectral_abscissa(sme_map.L) : std::numeric_limits<double>::infinity();
  if (!(r.sme.moment_stability < 0.0))
    throw std::invalid_argument(stationary_failure("The SME", eta, "spectral abscissa", r.sme.moment_stability, "must be < 0"));
  const moment_state sme_law = moment_state_of(sme_map.L.partialPivLu().solve(-sme_map.c), d);
  r.sme.stationary_mean = sme_law.m;
  r.sme.stationary_covariance = sme_law.covariance();
  r.sme.gaussian_covariance = continuous_lyapunov(H, D);

  for (gibbs_exact_side* side : {&r.sgd, &r.sme}) compare_with_gibbs(H, *side);
  return r;
}

namespace {
nlohmann::json side_json(const gibbs_exact_side& s) {
  return {{"stationary_mean", json_vector(s.stationary_mean)},
          {"stationary_covariance", json_matrix(s.stationary_covariance)},
          {"gibbs_temperature", s.fit.temperature},
          {"residual_kl", s.fit.residual_kl},
          {"direction_temperatures", s.fit.direction_temperatures},
          {"area_rates", json_matrix(s.area_rates)},
          {"relative_area_rate", s.relative_area_rate},
          {"gaussian_approximation", {{"stationary_covariance", json_matrix(s.gaussian_covariance)},
                                      {"relative_difference", s.gaussian_relative_difference}}}};
}
}  // namespace

nlohmann::json gibbs_exact_result::to_json() const {
  nlohmann::json sgd_json = side_json(sgd), sme_json = side_json(sme);
  sgd_json["moment_spectral_radius"] = sgd.moment_stability;
  sme_json["moment_spectral_abscissa"] = sme.moment_stability;
  return {{"eta", options.eta},
          {"batch", options.batch},
          {"sampler", sgd::to_string(options.sampler)},
          {"dim", dim},
          {"c_over_b", c_over_b},
          {"minimizer", json_vector(minimizer)},
          {"hessian", json_matrix(hessian)},
          {"noise_covariance_at_minimizer", json_matrix(noise_covariance_at_minimizer)},
          {"noise_depends_on_x", noise_depends_on_x},
          {"commutator_norm", commutator_norm},
          {"sgd", sgd_json},
          {"sme", sme_json}};
}

std::string gibbs_exact_result::brief_report() const {
  std::string out = sde::formatted("eta = %g, B = %zu (%s), d = %d; the gradient noise %s; |H Sigma(x*) - Sigma(x*) H| = %.3g\n\n",
                                   options.eta, options.batch, sgd::to_string(options.sampler), dim,
                                   noise_depends_on_x ? "depends on x" : "is constant", commutator_norm);
  out += sde::formatted("%-6s %12s %12s %26s %15s %22s\n", "", "Gibbs T*", "residual KL", "direction temperatures",
                        "|HS-SH|/|HS|", "|S - S_Gaussian|/|S|");
  for (const bool is_sgd : {true, false}) {
    const gibbs_exact_side& s = is_sgd ? sgd : sme;
    const auto [lo, hi] = std::minmax_element(s.fit.direction_temperatures.begin(), s.fit.direction_temperatures.end());
    out += sde::formatted("%-6s %12.6g %12.3e %11.4g .. %-11.4g %15.3e %22.3e\n", is_sgd ? "SGD" : "SME-1", s.fit.temperature,
                          s.fit.residual_kl, *lo, *hi, s.relative_area_rate, s.gaussian_relative_difference);
  }
  out += sde::formatted("\n(exact stationary moments: SGD's recursion, spectral radius %.6g; the SME's moment equation, "
                        "spectral abscissa %.6g)\n",
                        sgd.moment_stability, sme.moment_stability);
  return out;
}

}  // namespace sgdsde::analysis
