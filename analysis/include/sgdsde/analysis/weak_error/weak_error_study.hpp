#pragma once
// The weak-error study: |E φ(x_K) − E φ(X_T)| of the SME-1 and SME-2 against SGD over η = T/K, with
// fitted orders, in one of two modes behind one result:
//   exact        the moment equations (weak_error.hpp): no Monte Carlo, for objectives with affine
//                per-sample gradients; adds the local slope at the smallest η;
//   monte_carlo  ensembles (monte_carlo_weak_error.hpp), for every objective and any registered
//                integrator (weak order 1: Richardson-extrapolated; weak order 2: once).
// "auto" takes exact where it applies (an affine objective, and a functional of the first two moments).
// A side that diverges at some η is reported there and left out of the fits.
#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/any_objective.hpp>
#include <sgdsde/analysis/weak_error/monte_carlo_weak_error.hpp>
#include <sgdsde/analysis/weak_error/weak_error_study_result.hpp>
#include <sgdsde/analysis/weak_error/weak_error.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace sgdsde::analysis {

namespace detail {
template <class Objective>
void check_functional(const Objective& f, const moment_functional& functional) {
  if (functional.coordinate_read() >= f.dim())
    throw std::invalid_argument("functional " + functional.name() + ": the problem has d = " + std::to_string(f.dim()));
}
// φ of an expectation functional (not the kurtosis).
template <class Objective>
std::function<double(const sgd::vector&)> functional_of(const Objective& f, const moment_functional& functional) {
  check_functional(f, functional);
  return [&f, functional](const sgd::vector& x) {
    return functional.what == moment_functional::kind::loss ? f.value(x) : functional.at(x);
  };
}
// fn(statistic) with the Monte Carlo statistic of `functional` (monte_carlo_statistic.hpp): the
// kurtosis of a coordinate (shifted by its start), or the mean of φ.
template <class Objective, class Fn>
auto with_statistic(const Objective& f, const sgd::vector& x0, const moment_functional& functional, Fn&& fn) {
  check_functional(f, functional);
  if (functional.what == moment_functional::kind::kurtosis)
    return fn(monte_carlo_statistic::kurtosis_of(functional.coordinate,
                                                 x0.size() > functional.coordinate ? x0[functional.coordinate] : 0.0));
  const auto phi = functional_of(f, functional);
  return fn(monte_carlo_statistic::mean_of(phi));
}
// The options both modes share, copied into the mode's own options.
template <class ModeOptions>
ModeOptions mode_options(const weak_error_study_options& options, const std::string& mode) {
  ModeOptions o;
  o.horizon = options.horizon;
  o.steps = options.resolved_steps(mode);
  o.batch = options.batch;
  o.sampler = options.sampler;
  o.confidence = options.confidence;
  o.bound = options.bound;
  o.schedule = options.schedule;
  return o;
}
}  // namespace detail

// f must outlive the call. Throws std::invalid_argument for invalid options, and for the exact mode on
// an objective whose per-sample gradients are not affine.
template <class Objective>
weak_error_study_result run_weak_error_study(const Objective& f, const sgd::vector& x0, const weak_error_study_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("weak error: " + error);
  const bool affine = has_affine(f);
  weak_error_study_result r;
  r.options = options;
  r.mode = options.resolved_mode(affine);
  if (r.mode == "exact") {
    if (!affine)
      throw std::invalid_argument("the exact mode needs a problem with affine per-sample gradients "
                                  "(least_squares, li_tai_e, non_commuting, random_feature); use the monte_carlo mode");
    if constexpr (has_affine_model_v<Objective>) {
      auto o = detail::mode_options<weak_error_options>(options, r.mode);
      o.functional = options.functional;
      const auto e = exact_weak_error(affine_model(f), x0, o);
      for (const auto& p : e.points)
        r.rows.push_back({p.eta, p.steps, p.sgd, 0.0, {p.sme1, p.sme2}, {0.0, 0.0}, p.sgd_divergence,
                          {p.sme_divergence[0], p.sme_divergence[1]}, {p.rounding_level[0], p.rounding_level[1]},
                          {p.max_error[0], p.max_error[1]}, {p.max_time[0], p.max_time[1]}, {std::nan(""), std::nan("")},
                          p.sde_time});
      r.order1 = e.order1;
      r.order2 = e.order2;
      r.local1 = e.local1;
      r.local2 = e.local2;
      r.max_order1 = e.max_order1;
      r.max_order2 = e.max_order2;
      return r;
    }
  }
  auto o = detail::mode_options<monte_carlo_weak_error_options>(options, r.mode);
  o.substeps = options.substeps;
  o.integrator = options.monte_carlo_integrator();
  o.seed = options.seed;
  o.ensemble = options.ensemble;
  o.ensemble.n_paths = options.runs;
  o.max_over_t = options.max_over_t;
  const auto e = detail::with_statistic(f, x0, options.functional,
                                       [&](const auto& statistic) { return monte_carlo_weak_error_of(f, x0, statistic, o); });
  for (const auto& p : e.points)
    r.rows.push_back({p.eta, p.steps, p.sgd, p.sgd_se, {p.sme[0], p.sme[1]}, {p.sme_se[0], p.sme_se[1]}, p.sgd_divergence,
                      {p.sme_divergence[0], p.sme_divergence[1]}, {false, false}, {p.max_error[0], p.max_error[1]},
                      {p.max_time[0], p.max_time[1]}, {p.max_error_se[0], p.max_error_se[1]}, p.sde_time});
  r.order1 = e.order1;
  r.order2 = e.order2;
  if (options.max_over_t) {
    r.max_order1 = e.max_order1;
    r.max_order2 = e.max_order2;
  }
  return r;
}

}  // namespace sgdsde::analysis
