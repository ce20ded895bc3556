#pragma once
// Finite-time weak error of the SME against SGD, |E φ(x_K) − E φ(X_T)| with T = Kη, swept over η,
// with fitted orders; under a schedule η_k = η u(kη) (rate_profile.hpp) the SME ends at Σ η_k. This is the exact mode: both sides come from the exact moment equations
// (exact_moments.hpp), so the curves carry no Monte Carlo noise and the fitted slope's interval
// reflects only the curvature of the pre-asymptotic range. Headline (Li, Tai, E): order 1 for the
// SME-1 and order 2 for the SME-2.
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/weak_error/weak_error_options.hpp>
#include <sgdsde/analysis/weak_error/eta_sweep.hpp>
#include <sgdsde/analysis/order_fit.hpp>
#include <sgdsde/analysis/spectral_radius.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/text_format.hpp>


#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace sgdsde::analysis {

// A point where a side diverged keeps its message (and NaN for that side's value) and is left out of
// the order fits, as in Monte Carlo mode. SGD diverges where its moment recursion is unstable (the
// spectral radius of its linear part exceeds 1: the second moments grow geometrically, whatever K);
// either side diverges where its moments are not finite or exceed the bound.
struct weak_error_point {
  double eta;
  std::uint64_t steps;
  double sgd, sme1, sme2;  // E φ for SGD after K steps and for each SME at T
  std::string sgd_divergence, sme_divergence[2];  // empty unless that side diverged
  // An error within rounding of E φ itself (|error| ≤ 1e-12 max|E φ|) carries no slope: shown, not fitted.
  bool rounding_level[2] = {false, false};
  // max over t = kη, 0 ≤ k ≤ K, of |E φ(X_t) − E φ(x_k)| and the first t where it is reached; NaN
  // where a side diverged. The value at T alone can hide a larger error on the way (e.g. where the
  // two means cross).
  double max_error[2] = {std::nan(""), std::nan("")}, max_time[2] = {std::nan(""), std::nan("")};
  // The SME's time at the end, Σ η_k: T under a constant rate, near ∫₀ᵀ u under a schedule.
  double sde_time = std::nan("");
  double error1() const { return sme1 - sgd; }
  double error2() const { return sme2 - sgd; }
  bool usable(int order) const {
    return sgd_divergence.empty() && sme_divergence[order - 1].empty() && !rounding_level[order - 1];
  }
};

// The spectral radius of the linear part of one SGD moment step at rate eta ((m, M) ↦ (m', M') is
// affine; its columns are the images of the unit vectors minus the image of 0). Cost: one dense
// eigenproblem of size d + d², like the SME's propagator.
inline double sgd_moment_spectral_radius(const affine_gradient_model& model, double eta, double c_over_b) {
  const affine_moment_map map = sgd_moment_map(model, eta, c_over_b);
  if (!map.L.allFinite()) return std::numeric_limits<double>::infinity();
  return spectral_radius(map.L);
}

namespace detail {
// Empty when the moments are usable; otherwise why not.
inline std::string moment_divergence(const moment_state& s, double value, double bound) {
  if (!s.m.allFinite() || !s.M.allFinite() || !std::isfinite(value)) return "its moments are not finite";
  const double rms = std::sqrt(std::max(0.0, s.M.diagonal().maxCoeff()));
  if (rms > bound) {
    char b[160];
    std::snprintf(b, sizeof b, "its root-mean-square coordinate %.3g exceeds the bound %.3g", rms, bound);
    return b;
  }
  return "";
}
}  // namespace detail

struct weak_error_result {
  std::string problem, functional;
  double horizon;
  std::vector<weak_error_point> points;
  order_fit order1, order2;        // least-squares slopes of |error| against η over the whole sweep
  local_order local1, local2;      // slopes at the smallest η
  order_fit max_order1, max_order2;  // the same for the maximum over 0 ≤ t ≤ T
};

namespace detail {
// The start and functional of an exact-moment study fit the model; `what` prefixes the message.
inline void check_moment_inputs(const affine_gradient_model& model, const vector& x0, const moment_functional& functional,
                                const std::string& what) {
  if (x0.size() != model.dim() || !x0.allFinite())
    throw std::invalid_argument(what + ": x0 must be finite with dimension " + std::to_string(model.dim()));
  if (functional.what == moment_functional::kind::coordinate && functional.coordinate >= model.dim())
    throw std::invalid_argument(what + ": coordinate " + std::to_string(functional.coordinate + 1) + " exceeds d = " +
                                std::to_string(model.dim()));
  if (!functional.closes_on_two_moments())
    throw std::invalid_argument(what + ": the functional " + functional.name() +
                                " depends on more than the first two moments, which are all the exact moment equations "
                                "follow; use the Monte Carlo mode");
}
}  // namespace detail

// The exact mode under a schedule: at most this many n³ operations of matrix exponentials (n = d + d² + 1;
// about a minute on one core).
inline constexpr double exact_schedule_max_cost = 1e11;

// Relative size below which a computed weak error is rounding noise of the moment computations.
inline constexpr double rounding_relative_error = 1e-12;

inline weak_error_result exact_weak_error(const affine_gradient_model& model, const vector& x0,
                                          const weak_error_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("weak error: " + error);
  detail::check_moment_inputs(model, x0, options.functional, "weak error");
  weak_error_result result;
  result.problem = model.name();
  result.functional = options.functional.name();
  result.horizon = options.horizon;
  std::vector<double> etas[2], errors[2], max_errors[2];
  const bool constant = options.schedule.is_constant();
  if (!constant) {
    // Under a schedule the SME's moments take one matrix exponential of size n = d + d² + 1 per
    // distinct rate and order (sme_moments): about n³ each, refused beyond the cap up front.
    const double n = double(model.dim()) + double(model.dim()) * model.dim() + 1.0;
    double cost = 0;
    for (std::uint64_t K : options.steps) {
      const auto rates = options.schedule.rates(options.horizon / double(K), options.horizon);
      std::set<double> distinct;
      for (std::uint64_t k = 0; k < K; ++k) distinct.insert(rates(k));
      cost += 2.0 * double(distinct.size()) * n * n * n;
    }
    if (cost > exact_schedule_max_cost)
      throw std::invalid_argument(sde::formatted(
          "weak error: the exact moments under the schedule %s need one matrix exponential of size %g per distinct rate, "
          "%.3g n^3 in all, beyond the cap of %.0e; use fewer or smaller --steps, a step_decay schedule (few distinct "
          "rates) or --mode monte_carlo", options.schedule.name.c_str(), n, cost, exact_schedule_max_cost));
  }
  for (std::uint64_t K : options.steps) {
    const double eta = options.horizon / double(K);
    const auto schedule = options.schedule.rates(eta, options.horizon);
    const std::vector<moment_state> sgd_path = sgd_moments(model, x0, schedule, K, options.batch, options.sampler);
    const moment_state& s = sgd_path.back();
    const double c_over_b = exact_noise_scale(model, options.sampler, options.batch);
    // The SME's moments at t_k = Σ_{i<k} η_i: under a constant rate at T by one propagator (and at
    // every t_k, for the maximum, by the one-step propagator); under a schedule by one propagator per
    // distinct rate (sme_moments), which gives every t_k at once.
    std::vector<moment_state> sme_path[2];
    moment_state at_T[2];
    for (int order : {1, 2}) {
      if (constant) {
        at_T[order - 1] = sme_moment_flow(model, eta, c_over_b, order).advance(point_mass(x0), options.horizon);
      } else {
        sme_path[order - 1] = sme_moments(model, x0, schedule, K, options.batch, options.sampler, order);
        at_T[order - 1] = sme_path[order - 1].back();
      }
    }
    const moment_state& p1 = at_T[0];
    const moment_state& p2 = at_T[1];
    weak_error_point point{eta, K, options.functional.expectation(model, s), options.functional.expectation(model, p1),
                           options.functional.expectation(model, p2), {}, {}};
    const std::vector<double> times = options.schedule.sme_clock(eta, options.horizon, K);
    point.sde_time = constant ? options.horizon : times[K];
    point.sgd_divergence = detail::moment_divergence(s, point.sgd, options.bound);
    // Under a constant rate an unstable moment recursion grows geometrically whatever K; under a
    // schedule the rates change, and only the moments' size at the end counts.
    if (point.sgd_divergence.empty() && constant) {
      const double radius = sgd_moment_spectral_radius(model, eta, c_over_b);
      if (radius > 1.0) {
        char b[200];
        std::snprintf(b, sizeof b, "its moment recursion is unstable at this eta (spectral radius %.6g > 1)", radius);
        point.sgd_divergence = b;
      }
    }
    point.sme_divergence[0] = detail::moment_divergence(p1, point.sme1, options.bound);
    point.sme_divergence[1] = detail::moment_divergence(p2, point.sme2, options.bound);
    if (!point.sgd_divergence.empty()) point.sgd = std::nan("");
    if (!point.sme_divergence[0].empty()) point.sme1 = std::nan("");
    if (!point.sme_divergence[1].empty()) point.sme2 = std::nan("");
    for (int order : {1, 2}) {
      const double sme = order == 1 ? point.sme1 : point.sme2;
      point.rounding_level[order - 1] =
          std::abs(sme - point.sgd) <= rounding_relative_error * std::max(std::abs(sme), std::abs(point.sgd));
    }
    // The maximum over t: both sides' moments at every t_k (at T the value above, so the maximum is
    // never below the error at T).
    for (int order : {1, 2}) {
      if (!point.sgd_divergence.empty() || !point.sme_divergence[order - 1].empty()) continue;
      if (constant) sme_path[order - 1] = sme_moments(model, x0, schedule, K, options.batch, options.sampler, order);
      const auto& sme_path_k = sme_path[order - 1];
      double largest = std::abs(order == 1 ? point.error1() : point.error2()), at = point.sde_time;
      for (std::uint64_t k = 0; k < K; ++k) {
        const double e = std::abs(options.functional.expectation(model, sme_path_k[k]) -
                                  options.functional.expectation(model, sgd_path[k]));
        if (e > largest || (e == largest && times[k] < at)) {
          largest = e;
          at = times[k];
        }
      }
      point.max_error[order - 1] = largest;
      point.max_time[order - 1] = at;
    }
    result.points.push_back(point);
    for (int order : {1, 2})
      if (point.usable(order)) {
        etas[order - 1].push_back(eta);
        errors[order - 1].push_back(order == 1 ? point.error1() : point.error2());
        max_errors[order - 1].push_back(point.max_error[order - 1]);
      }
  }
  // Fitted on the usable points only; fewer than 3 leave the fit empty (points < 3, no interval).
  order_fit fits[2], max_fits[2];
  for (int i = 0; i < 2; ++i) {
    if (etas[i].size() >= 3) {
      fits[i] = fit_order(etas[i], errors[i], options.confidence);
      max_fits[i] = fit_order(etas[i], max_errors[i], options.confidence);
    }
    fits[i].confidence = max_fits[i].confidence = options.confidence;
    if (etas[i].size() < 3) fits[i].points = max_fits[i].points = int(etas[i].size());
  }
  result.order1 = fits[0];
  result.order2 = fits[1];
  result.max_order1 = max_fits[0];
  result.max_order2 = max_fits[1];
  result.local1 = finest_local_order(etas[0], errors[0]);
  result.local2 = finest_local_order(etas[1], errors[1]);
  return result;
}

}  // namespace sgdsde::analysis
