#pragma once
// Finite-time weak error by Monte Carlo, for any objective: E φ(x_K) from an SGD ensemble against
// E φ(X_T) from ensembles of the SME-1 and SME-2 (paired with the SGD run by sgd::pair_with_sme), with
// an SDE bias of O(dt²) either way:
//   a weak order 1 integrator (euler_maruyama, the default; milstein) at dt = η/s and η/(2s), its
//     O(dt) bias removed by Richardson extrapolation 2E_{dt/2} − E_{dt}; error bar of the SME side
//     √(4 se_fine² + se_coarse²);
//   a weak order 2 integrator (platen_weak2) once at dt = η/s, no extrapolation.
// Each η uses its own seeds, so the points are independent and the order fit's Monte Carlo covariance
// is diagonal. Error bars: the standard error of the difference, √(se_SGD² + se_SME²).
#include <sgdsde/analysis/eta_sweep.hpp>
#include <sgdsde/analysis/weak_error_options.hpp>
#include <sgdsde/analysis/order_fit.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme_pairing.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace sgdsde::analysis {

// A point where a run diverged (e.g. SGD at η > 2/L, where the SME still has a law) is kept, with the
// divergence message and NaN estimates for that side, and left out of the order fits.
struct monte_carlo_weak_error_point {
  double eta;
  std::uint64_t steps;
  double sgd, sgd_se;
  double sme[2], sme_se[2];  // E φ(X_T) for order 1 and 2 (Richardson-extrapolated for weak order 1 integrators)
  std::string sgd_divergence, sme_divergence[2];  // empty unless that side diverged
  bool usable(int order) const { return sgd_divergence.empty() && sme_divergence[order - 1].empty(); }
  double error(int order) const { return sme[order - 1] - sgd; }
  double error_se(int order) const { return std::hypot(sgd_se, sme_se[order - 1]); }
};

struct monte_carlo_weak_error_result {
  std::vector<monte_carlo_weak_error_point> points;
  order_fit order1, order2;
  sgd::diffusion_choice diffusion;  // the SME's factor of Σ (automatic: sgd::choose_diffusion)
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
  // An integrator that reads Lévy areas keeps m = d: the per-sample form's m = n would draw
  // n(n−1)/2 areas per step (at n = 200, 2e4; the run did not finish in minutes).
  result.diffusion = sgd::choose_diffusion(sgd::diffusion_form::automatic, f.size(), f.dim(),
                                           sgd::sme_integrator_reads_levy_area(f, options.integrator),
                                           "integrator " + options.integrator);
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
    const bool richardson = uses_richardson(options.integrator);
    for (int order : {1, 2}) {
      double mean[2], se[2];
      try {
        for (int level = 0; level < (richardson ? 2 : 1); ++level) {
          auto pair = sgd::pair_with_sme(so, order, options.substeps << level, result.diffusion.form);
          pair.sde.seed = seed + 1 + std::uint64_t(2 * order + level);
          const auto problem = sgd::make_sme(sgd::borrowed(f), pair.sme);
          const std::uint64_t n = pair.sde.steps();
          const auto stats = sde::integrators::visit(options.integrator, [&](auto scheme) {
            return sde::simulate_ensemble<decltype(scheme)::template stepper>(problem, x0, pair.sde, observer(final_phi, n, n));
          }).stats()[1];
          mean[level] = stats.mean();
          se[level] = stats.standard_error();
        }
      } catch (const sde::divergence_error& e) {
        point.sme_divergence[order - 1] = e.what();
        continue;
      }
      point.sme[order - 1] = richardson ? 2.0 * mean[1] - mean[0] : mean[0];
      point.sme_se[order - 1] = richardson ? std::sqrt(4.0 * se[1] * se[1] + se[0] * se[0]) : se[0];
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
