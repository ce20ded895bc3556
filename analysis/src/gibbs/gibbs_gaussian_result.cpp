// The Gaussian-approximation Gibbs study's objective-free parts (gibbs_gaussian_result.hpp).
#include <sgdsde/analysis/gibbs/gibbs_gaussian_result.hpp>

#include <sgdsde/analysis/gibbs/gibbs.hpp>
#include <sgdsde/analysis/json_eigen.hpp>
#include <sgdsde/analysis/lyapunov.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace sgdsde::analysis {

bool gibbs_gaussian_options::is_valid(std::string* error) const {
  auto fail = [&](const std::string& m) {
    if (error) *error = m;
    return false;
  };
  if (!stationary_rate_is_valid(eta, batch, sampler, error)) return false;
  if (runs < 4) return fail("runs must be >= 4 (the standard errors come from the spread between chains), got " +
                            std::to_string(runs));
  if (!auto_steps && steps < 1) return fail("steps must be >= 1");
  return true;
}

gaussian_side gaussian_side_of(const Eigen::MatrixXd& H, Eigen::MatrixXd covariance) {
  gaussian_side side;
  static_cast<hessian_comparison&>(side) = compare_with_hessian(H, covariance);
  side.covariance = std::move(covariance);
  return side;
}

gaussian_approximation gaussian_approximation_at(const Eigen::MatrixXd& H, const Eigen::MatrixXd& Sigma, double eta,
                                                 double c_over_b) {
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(H.rows(), H.cols()), D = eta * c_over_b * Sigma;
  gaussian_approximation g;
  g.sgd = gaussian_side_of(H, discrete_lyapunov(I - eta * H, eta * D));
  g.sme = gaussian_side_of(H, continuous_lyapunov(H, D));
  return g;
}

ensemble_stationary_moments stationary_moments_from_chains(const std::vector<double>& records, int dim) {
  const std::size_t d = std::size_t(dim), per_chain = d + d * (d + 1) / 2;
  if (dim < 1 || records.empty() || records.size() % per_chain != 0)
    throw std::invalid_argument("stationary_moments_from_chains: records do not hold whole chains of d = " + std::to_string(dim));
  const std::size_t chains = records.size() / per_chain;
  if (chains < 2) throw std::invalid_argument("stationary_moments_from_chains: standard errors need >= 2 chains");
  const Eigen::Index n = dim;
  // Chain r's μ_r and Q_r, Q_r's upper triangle mirrored from the lower one.
  auto chain = [&](std::size_t r, Eigen::VectorXd& mu, Eigen::MatrixXd& Q) {
    const double* v = records.data() + r * per_chain;
    mu = Eigen::Map<const Eigen::VectorXd>(v, n);
    v += d;
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index i = j; i < n; ++i) Q(i, j) = Q(j, i) = *v++;
  };
  Eigen::VectorXd mu(n), mean = Eigen::VectorXd::Zero(n);
  Eigen::MatrixXd Q(n, n), Q_mean = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t r = 0; r < chains; ++r) {
    chain(r, mu, Q);
    mean += mu;
    Q_mean += Q;
  }
  mean /= double(chains);
  Q_mean /= double(chains);
  // Second pass: the spread of μ_r and of each chain's influence on Ĉ.
  Eigen::VectorXd mean_spread = Eigen::VectorXd::Zero(n);
  Eigen::MatrixXd influence(n, n), spread = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t r = 0; r < chains; ++r) {
    chain(r, mu, Q);
    const Eigen::VectorXd dmu = mu - mean;
    mean_spread += dmu.cwiseAbs2();
    influence = (Q - Q_mean) - dmu * mean.transpose() - mean * dmu.transpose();
    spread += influence.cwiseAbs2();
  }
  const double R = double(chains);
  ensemble_stationary_moments m;
  m.mean_offset = mean;
  m.mean_offset_se = (mean_spread / (R - 1.0) / R).cwiseSqrt();
  m.covariance = Q_mean - mean * mean.transpose();
  m.covariance_se = (spread / (R - 1.0) / R).cwiseSqrt();
  return m;
}

namespace {
// |C − S| / |C| and the largest |C − S|_ij / se_ij.
std::pair<double, double> difference(const Eigen::MatrixXd& C, const Eigen::MatrixXd& se, const Eigen::MatrixXd& S) {
  const Eigen::MatrixXd diff = C - S;
  double max_z = 0.0;
  for (Eigen::Index j = 0; j < C.cols(); ++j)
    for (Eigen::Index i = j; i < C.rows(); ++i) max_z = std::max(max_z, std::abs(diff(i, j)) / se(i, j));
  return {diff.norm() / C.norm(), max_z};
}
}  // namespace

void gibbs_gaussian_result::compare() {
  ensemble = gaussian_side_of(hessian, ensemble_moments.covariance);
  std::tie(sgd_relative_difference, sgd_max_z) =
      difference(ensemble_moments.covariance, ensemble_moments.covariance_se, gaussian.sgd.covariance);
  std::tie(sme_relative_difference, sme_max_z) =
      difference(ensemble_moments.covariance, ensemble_moments.covariance_se, gaussian.sme.covariance);
  relative_standard_error = ensemble_moments.covariance_se.norm() / ensemble_moments.covariance.norm();
}

namespace {
nlohmann::json side_json(const gaussian_side& s) {
  return {{"stationary_covariance", json_matrix(s.covariance)},
          {"gibbs_temperature", s.fit.temperature},
          {"residual_kl", s.fit.residual_kl},
          {"direction_temperatures", s.fit.direction_temperatures},
          {"area_rates", json_matrix(s.area_rates)},
          {"relative_area_rate", s.relative_area_rate}};
}
}  // namespace

nlohmann::json gibbs_gaussian_result::to_json() const {
  nlohmann::json sgd_ensemble = side_json(ensemble);
  sgd_ensemble.update({{"stationary_covariance_se", json_matrix(ensemble_moments.covariance_se)},
                       {"mean_minus_minimizer", json_vector(ensemble_moments.mean_offset)},
                       {"mean_minus_minimizer_se", json_vector(ensemble_moments.mean_offset_se)},
                       {"relative_standard_error", relative_standard_error},
                       {"runs", options.runs},
                       {"burn_in", options.burn_in},
                       {"steps", options.steps},
                       {"record_every", record_every},
                       {"seed", options.seed}});
  nlohmann::json sgd_gaussian = side_json(gaussian.sgd), sme_gaussian = side_json(gaussian.sme);
  sgd_gaussian.update({{"equation", "S = (I - eta H) S (I - eta H)^T + eta^2 (c/B) Sigma(x*)"},
                       {"relative_difference_from_ensemble", sgd_relative_difference},
                       {"max_z_from_ensemble", sgd_max_z}});
  sme_gaussian.update({{"equation", "H S + S H = eta (c/B) Sigma(x*)"},
                       {"relative_difference_from_ensemble", sme_relative_difference},
                       {"max_z_from_ensemble", sme_max_z}});
  return {{"eta", options.eta},
          {"batch", options.batch},
          {"sampler", sgd::to_string(options.sampler)},
          {"dim", dim},
          {"c_over_b", c_over_b},
          {"minimizer", json_vector(minimizer)},
          {"newton_iterations", newton_iterations},
          {"gradient_norm_at_minimizer", gradient_norm_at_minimizer},
          {"hessian", json_matrix(hessian)},
          {"hessian_eigenvalues", json_vector(hessian_eigenvalues)},
          {"condition_number", hessian_eigenvalues[hessian_eigenvalues.size() - 1] / hessian_eigenvalues[0]},
          {"noise_covariance_at_minimizer", json_matrix(noise_covariance_at_minimizer)},
          {"commutator_norm", commutator_norm},
          {"relaxation_steps", relaxation_steps},
          {"sgd_ensemble", sgd_ensemble},
          {"sgd_gaussian", sgd_gaussian},
          {"sme_gaussian", sme_gaussian}};
}

std::string gibbs_gaussian_result::brief_report() const {
  const auto& o = options;
  std::string out = sde::formatted(
      "eta = %g, B = %zu (%s), d = %d; x* by Newton's method (%d steps, |grad f(x*)| = %.2g); H's eigenvalues %.4g .. %.4g; "
      "|H Sigma(x*) - Sigma(x*) H| = %.3g\n",
      o.eta, o.batch, sgd::to_string(o.sampler), dim, newton_iterations, gradient_norm_at_minimizer, hessian_eigenvalues[0],
      hessian_eigenvalues[hessian_eigenvalues.size() - 1], commutator_norm);
  out += sde::formatted(
      "SGD ensemble: %llu chains from x*, %llu steps each after a burn-in of %llu (relaxation time 1/(eta lambda_min) = %.4g "
      "steps), one state in %llu recorded; |mean - x*| = %.3g\n\n",
      static_cast<unsigned long long>(o.runs), static_cast<unsigned long long>(o.steps),
      static_cast<unsigned long long>(o.burn_in), relaxation_steps, static_cast<unsigned long long>(record_every),
      ensemble_moments.mean_offset.norm());
  out += sde::formatted("%-24s %12s %12s %26s %15s %16s %10s\n", "", "Gibbs T*", "residual KL", "direction temperatures",
                        "|HS-SH|/|HS|", "|S - C|/|C|", "max z");
  auto row = [&](const char* name, const gaussian_side& s, double relative, double max_z) {
    const auto [lo, hi] = std::minmax_element(s.fit.direction_temperatures.begin(), s.fit.direction_temperatures.end());
    out += sde::formatted("%-24s %12.6g %12.3e %11.4g .. %-11.4g %15.3e", name, s.fit.temperature, s.fit.residual_kl, *lo,
                          *hi, s.relative_area_rate);
    out += relative < 0 ? sde::formatted(" %16s %10s\n", "", "")
                        : sde::formatted(" %16.3e %10.2f\n", relative, max_z);
  };
  row("SGD ensemble (C)", ensemble, -1, 0);
  row("Gaussian, SGD at x*", gaussian.sgd, sgd_relative_difference, sgd_max_z);
  row("Gaussian, SME at x*", gaussian.sme, sme_relative_difference, sme_max_z);
  out += sde::formatted(
      "\n(C: the ensemble's stationary covariance, relative standard error %.3g; max z: the largest |S - C|_ij over its "
      "standard error, about 3 or less where S is C within the noise)\n",
      relative_standard_error);
  return out;
}

}  // namespace sgdsde::analysis
