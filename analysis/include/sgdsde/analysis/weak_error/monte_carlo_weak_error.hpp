#pragma once
// Finite-time weak error by Monte Carlo, for any objective: E φ(x_K) (or another statistic of the law,
// monte_carlo_statistic.hpp) from an SGD ensemble against E φ(X_T) from ensembles of the SME-1 and SME-2 (paired with the SGD run by sgd::pair_with_sme), with
// an SDE bias of O(dt²) either way:
//   a weak order 1 integrator (euler_maruyama, the default; milstein) at dt = η/s and η/(2s), its
//     O(dt) bias removed by Richardson extrapolation 2E_{dt/2} − E_{dt}; error bar of the SME side
//     √(4 se_fine² + se_coarse²);
//   a weak order 2 integrator (platen_weak2) once at dt = η/s, no extrapolation.
// Each η uses its own seeds, so the points are independent and the order fit's Monte Carlo covariance
// is diagonal. Error bars: the standard error of the difference, √(se_SGD² + se_SME²).
#include <sgdsde/analysis/weak_error/eta_sweep.hpp>
#include <sgdsde/analysis/weak_error/monte_carlo_statistic.hpp>
#include <sgdsde/analysis/weak_error/weak_error_options.hpp>
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
  // With max_over_t: max over t = kη ≤ T of |E φ(X_t) − E φ(x_k)|, the standard error of the error
  // where it is reached, and the first such t. The maximum of noisy estimates is biased up by about a
  // standard error where the error curve is flat; NaN without max_over_t or where a side diverged.
  double max_error[2] = {std::nan(""), std::nan("")}, max_error_se[2] = {std::nan(""), std::nan("")};
  double max_time[2] = {std::nan(""), std::nan("")};
  double sde_time = std::nan("");  // the SME's time at the end, Σ η_k (T under a constant rate)
};

struct monte_carlo_weak_error_result {
  std::vector<monte_carlo_weak_error_point> points;
  order_fit order1, order2;
  order_fit max_order1, max_order2;  // with max_over_t: the same fits for the maximum over t
  sgd::diffusion_choice diffusion;  // the SME's factor of Σ (automatic: sgd::choose_diffusion)
};

// The SME's factor of Σ for `integrator`. One that reads Lévy areas keeps m = d: the per-sample
// form's m = n would draw n(n−1)/2 areas per step (at n = 200, 2e4; the run did not finish in minutes).
template <class Objective>
sgd::diffusion_choice monte_carlo_sme_diffusion(const Objective& f, const std::string& integrator) {
  return sgd::choose_diffusion(sgd::diffusion_form::automatic, f.size(), f.dim(), sgd::sme_integrator_reads_levy_area(f, integrator),
                               "integrator " + integrator);
}

struct sme_expectation {
  double mean = std::nan(""), standard_error = std::nan("");  // at T
  // With records > 1: at each t_k, k = 0..records (the last is T).
  std::vector<double> means, standard_errors;
  std::string divergence;  // empty unless a path diverged
};

// The statistic (monte_carlo_statistic.hpp: E φ, or a coordinate's kurtosis) at T of the SME of order
// 1 or 2 paired with the plain SGD run `so` (its rates, horizon, batch and sampler), by
// `settings.integrator` at `settings.substeps` steps per SGD step; a weak order 1 integrator also at
// twice that, Richardson-extrapolated: 2E_{dt/2} − E_{dt}, standard error √(4 se_fine² + se_coarse²).
// `records`: 1 for T alone; K for every SGD step as well. Seeds seed + 1 + 2·order + level. A divergence
// is returned as its message.
template <class Objective>
sme_expectation monte_carlo_sme_expectation(const Objective& f, const sgd::vector& x0, const monte_carlo_statistic& statistic,
                                            const sgd::sgd_options& so, int order, const monte_carlo_sme_settings& settings,
                                            sgd::diffusion_form form, std::uint64_t seed, std::uint64_t records = 1) {
  const bool richardson = uses_richardson(settings.integrator);
  std::vector<statistic_estimate> level_estimates[2];
  try {
    for (int level = 0; level < (richardson ? 2 : 1); ++level) {
      auto pair = sgd::pair_with_sme(so, order, settings.substeps << level, form);
      pair.sde.seed = seed + 1 + std::uint64_t(2 * order + level);
      const auto problem = sgd::make_sme(sgd::borrowed(f), pair.sme);
      const std::uint64_t n = pair.sde.steps();
      level_estimates[level] = statistic.estimates(sde::integrators::visit(settings.integrator, [&](auto scheme) {
        return sde::simulate_ensemble<decltype(scheme)::template stepper>(problem, x0, pair.sde, statistic.observer(n, n / records));
      }));
    }
  } catch (const sde::divergence_error& e) {
    sme_expectation out;
    out.divergence = e.what();
    return out;
  }
  sme_expectation out;
  for (std::size_t k = 0; k < level_estimates[0].size(); ++k) {
    const statistic_estimate coarse = level_estimates[0][k];
    const statistic_estimate fine = richardson ? level_estimates[1][k] : statistic_estimate{0.0, 0.0};
    out.means.push_back(richardson ? 2.0 * fine.value - coarse.value : coarse.value);
    out.standard_errors.push_back(richardson ? std::sqrt(4.0 * fine.standard_error * fine.standard_error +
                                                         coarse.standard_error * coarse.standard_error)
                                             : coarse.standard_error);
  }
  out.mean = out.means.back();
  out.standard_error = out.standard_errors.back();
  if (records == 1) out.means.clear(), out.standard_errors.clear();
  return out;
}

// The sweep for a statistic (monte_carlo_statistic.hpp). Cost: per η, one SGD ensemble and four SDE
// ensembles (two under a weak order 2 integrator).
template <class Objective>
monte_carlo_weak_error_result monte_carlo_weak_error_of(const Objective& f, const sgd::vector& x0, const monte_carlo_statistic& statistic,
                                                        const monte_carlo_weak_error_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("weak error: " + error);
  sgd::check_point(x0, f.dim(), "x0");
  monte_carlo_weak_error_result result;
  result.diffusion = monte_carlo_sme_diffusion(f, options.integrator);
  for (std::size_t p = 0; p < options.steps.size(); ++p) {
    const std::uint64_t K = options.steps[p];
    const double eta = options.horizon / double(K);
    const auto schedule = options.schedule.rates(eta, options.horizon);
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
    const std::vector<double> times = options.schedule.sme_clock(eta, options.horizon, K);
    point.sde_time = schedule.is_constant() ? options.horizon : times[K];
    const std::uint64_t records = options.max_over_t ? K : 1;
    std::vector<statistic_estimate> sgd_estimates;
    try {
      sgd_estimates = statistic.estimates(sgd::simulate_sgd(f, x0, so, statistic.observer(K, K / records)));
      point.sgd = sgd_estimates.back().value;
      point.sgd_se = sgd_estimates.back().standard_error;
    } catch (const sde::divergence_error& e) {
      point.sgd_divergence = e.what();
    }
    for (int order : {1, 2}) {
      const auto sme = monte_carlo_sme_expectation(f, x0, statistic, so, order, options, result.diffusion.form, seed, records);
      point.sme_divergence[order - 1] = sme.divergence;
      if (!sme.divergence.empty()) continue;
      point.sme[order - 1] = sme.mean;
      point.sme_se[order - 1] = sme.standard_error;
      if (!options.max_over_t || !point.sgd_divergence.empty()) continue;
      // Both sides at t_k, k = 0..K; the first k of the largest |error| (a statistic undefined at
      // some t_k, e.g. the kurtosis at the start, is skipped there).
      for (std::uint64_t k = 0; k <= K; ++k) {
        const double e = std::abs(sme.means[k] - sgd_estimates[k].value);
        if (std::isfinite(e) && !(e <= point.max_error[order - 1])) {
          point.max_error[order - 1] = e;
          point.max_error_se[order - 1] = std::hypot(sme.standard_errors[k], sgd_estimates[k].standard_error);
          point.max_time[order - 1] = times[k];
        }
      }
    }
    result.points.push_back(point);
  }
  // Fit each order on its usable points (those where neither side diverged).
  for (int order : {1, 2}) {
    std::vector<double> etas, errors, variances, max_errors, max_variances;
    for (const auto& pt : result.points)
      if (pt.usable(order)) {
        etas.push_back(pt.eta);
        errors.push_back(pt.error(order));
        variances.push_back(pt.error_se(order) * pt.error_se(order));
        max_errors.push_back(pt.max_error[order - 1]);
        max_variances.push_back(pt.max_error_se[order - 1] * pt.max_error_se[order - 1]);
      }
    if (etas.size() < 3) continue;  // the fit stays NaN: too few points survived
    auto diagonal = [](const std::vector<double>& v) -> Eigen::MatrixXd {
      return Eigen::VectorXd::Map(v.data(), Eigen::Index(v.size())).asDiagonal();
    };
    const Eigen::MatrixXd cov = diagonal(variances);
    (order == 1 ? result.order1 : result.order2) = fit_order(etas, errors, options.confidence, &cov);
    if (options.max_over_t) {
      const Eigen::MatrixXd max_cov = diagonal(max_variances);
      (order == 1 ? result.max_order1 : result.max_order2) = fit_order(etas, max_errors, options.confidence, &max_cov);
    }
  }
  return result;
}

// φ: a function of the iterate (e.g. the loss); the sweep of E φ.
template <class Objective>
monte_carlo_weak_error_result monte_carlo_weak_error(const Objective& f, const sgd::vector& x0,
                                                     const std::function<double(const sgd::vector&)>& phi,
                                                     const monte_carlo_weak_error_options& options) {
  return monte_carlo_weak_error_of(f, x0, monte_carlo_statistic::mean_of(phi), options);
}

}  // namespace sgdsde::analysis
