#pragma once
// Finite-time weak error by Monte Carlo, for any objective: E φ(x_K) from an SGD ensemble against
// E φ(X_T) from Euler–Maruyama ensembles of the SME-1 and SME-2 at dt = η/s and η/(2s), whose own
// O(dt) bias is removed by Richardson extrapolation, 2E_{dt/2} − E_{dt}. Each η uses its own seeds,
// so the points are independent and the order fit's Monte Carlo covariance is diagonal.
// Error bars: the standard error of the difference, √(se_SGD² + 4 se_fine² + se_coarse²).
#include <sgdsde/analysis/eta_sweep.hpp>
#include <sgdsde/analysis/order_fit.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct monte_carlo_weak_error_options {
  double horizon = 1.0;
  std::vector<std::uint64_t> steps{4, 8, 16, 32};  // K per point: η = T/K
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  std::uint64_t substeps = 8;  // SDE steps per SGD step at the coarser SDE resolution
  std::uint64_t seed = 1;
  double confidence = 0.95;
  double bound = sde::default_divergence_bound;  // |x|∞ beyond this counts as divergence (SGD and SDE)
  sde::ensemble_options ensemble;  // n_paths runs per ensemble

  bool is_valid(std::string* error) const {
    if (!valid_eta_sweep(horizon, steps, batch, confidence, error)) return false;
    if (substeps < 1) {
      if (error) *error = "substeps must be >= 1";
      return false;
    }
    if (!(bound > 0.0)) {
      if (error) *error = "bound must be > 0";
      return false;
    }
    return ensemble.is_valid(error);
  }
};

// A point where a run diverged (e.g. SGD at η > 2/L, where the SME still has a law) is kept, with the
// divergence message and NaN estimates for that side, and left out of the order fits.
struct monte_carlo_weak_error_point {
  double eta;
  std::uint64_t steps;
  double sgd, sgd_se;
  double sme[2], sme_se[2];  // Richardson-extrapolated E φ(X_T) for order 1 and 2
  std::string sgd_divergence, sme_divergence[2];  // empty unless that side diverged
  bool usable(int order) const { return sgd_divergence.empty() && sme_divergence[order - 1].empty(); }
  double error(int order) const { return sme[order - 1] - sgd; }
  double error_se(int order) const { return std::hypot(sgd_se, sme_se[order - 1]); }
};

struct monte_carlo_weak_error_result {
  std::vector<monte_carlo_weak_error_point> points;
  order_fit order1, order2;
};

// φ: a function of the iterate (e.g. the loss). Cost: per η, one SGD ensemble and four SDE ensembles.
template <class Objective>
monte_carlo_weak_error_result monte_carlo_weak_error(const Objective& f, const sgd::vector& x0,
                                                     const std::function<double(const sgd::vector&)>& phi,
                                                     const monte_carlo_weak_error_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("weak error: " + error);
  sgd::check_point(x0, f.dim(), "x0");
  auto final_phi = [&phi](const auto& x) { return phi(x); };
  using observer = sde::scalar_trajectory<decltype(final_phi)>;
  monte_carlo_weak_error_result result;
  for (std::size_t p = 0; p < options.steps.size(); ++p) {
    const std::uint64_t K = options.steps[p];
    const double eta = options.horizon / double(K);
    const auto schedule = sgd::learning_rate_schedule::constant(eta);
    const std::uint64_t seed = options.seed + 1000003ull * p;  // independent points
    sgd::sgd_options so;
    so.schedule = schedule;
    so.batch = options.batch;
    so.sampler = options.sampler;
    so.n_steps = K;
    so.seed = seed;
    so.ensemble = options.ensemble;
    so.bound = options.bound;
    const double nan = std::nan("");
    monte_carlo_weak_error_point point{eta, K, nan, nan, {nan, nan}, {nan, nan}, {}, {}};
    try {
      const auto sgd_stats = sgd::simulate_sgd(f, x0, so, observer(final_phi, K, K)).stats()[1];
      point.sgd = sgd_stats.mean();
      point.sgd_se = sgd_stats.standard_error();
    } catch (const sde::divergence_error& e) {
      point.sgd_divergence = e.what();
    }
    for (int order : {1, 2}) {
      sgd::sme_options mo;
      mo.order = order;
      mo.schedule = schedule;
      mo.batch = options.batch;
      mo.sampler = options.sampler;
      const auto problem = sgd::make_sme(f, mo);
      double mean[2], se[2];
      try {
        for (int level = 0; level < 2; ++level) {
          sde::simulation_options s;
          const std::uint64_t sub = options.substeps << level;
          s.dt = eta / double(sub);
          s.n_steps = K * sub;
          s.seed = seed + 1 + std::uint64_t(2 * order + level);
          s.ensemble = options.ensemble;
          s.bound = options.bound;
          const auto stats =
              sde::simulate_ensemble<sde::euler_maruyama>(problem, x0, s, observer(final_phi, s.n_steps, s.n_steps)).stats()[1];
          mean[level] = stats.mean();
          se[level] = stats.standard_error();
        }
      } catch (const sde::divergence_error& e) {
        point.sme_divergence[order - 1] = e.what();
        continue;
      }
      point.sme[order - 1] = 2.0 * mean[1] - mean[0];
      point.sme_se[order - 1] = std::sqrt(4.0 * se[1] * se[1] + se[0] * se[0]);
    }
    result.points.push_back(point);
  }
  // Fit each order on its usable points (those where neither side diverged).
  for (int order : {1, 2}) {
    std::vector<double> etas, errors, variances;
    for (const auto& pt : result.points)
      if (pt.usable(order)) {
        etas.push_back(pt.eta);
        errors.push_back(pt.error(order));
        variances.push_back(pt.error_se(order) * pt.error_se(order));
      }
    if (etas.size() < 3) continue;  // the fit stays NaN: too few points survived
    const Eigen::MatrixXd cov = Eigen::VectorXd::Map(variances.data(), Eigen::Index(variances.size())).asDiagonal();
    (order == 1 ? result.order1 : result.order2) = fit_order(etas, errors, options.confidence, &cov);
  }
  return result;
}

}  // namespace sgdsde::analysis
