#pragma once
// The convergence study's options and results (convergence_study.hpp runs it, convergence_suite.hpp
// over the built-in solvable SDEs): plain data, JSON and the brief report, without the integrators'
// templates, so that a front end holding a result does not compile the study.
#include <sgdsde/analysis/order_fit_report.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct convergence_options {
  int coarsest_level = 4;          // largest step T/2^coarsest_level
  int finest_level = 9;            // smallest step T/2^finest_level
  int reference_extra_levels = 5;  // reference refinement when there is no pathwise solution (bias ~2^-extra)
  std::uint64_t seed = 20261122;
  double levy_area_tolerance = 1.0;
  double confidence = 0.95;
  std::vector<std::string> methods;  // integrator names (stepper_registry.hpp); empty: every one
  sde::ensemble_options ensemble;

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    for (const auto& m : methods)
      if (!sde::integrators::contains(m))
        return fail("unknown method '" + m + "'; valid: " + sde::integrators::names_text());
    if (coarsest_level < 0) return fail("coarsest level must be >= 0");
    // The weak order is fitted on the finest - coarsest differences between consecutive levels: an
    // interval needs 3 of them.
    if (finest_level < coarsest_level + 3)
      return fail("finest level must be >= coarsest level + 3 (3 weak differences for an interval), got " +
                  std::to_string(coarsest_level) + " and " + std::to_string(finest_level));
    if (finest_level > 20) return fail("finest level must be <= 20");
    if (reference_extra_levels < 1 || reference_extra_levels > 6) return fail("reference extra levels must be in [1, 6]");
    if (!(levy_area_tolerance > 0)) return fail("levy area tolerance must be > 0");
    if (!(confidence > 0 && confidence < 1)) return fail("confidence must be in (0, 1)");
    return ensemble.is_valid(error);
  }
};

struct level_error {
  double dt = 0;
  double strong = 0, strong_se = 0;                // E|X_h − X| and its standard error
  double weak = 0, weak_se = 0;                    // E φ(X_h) − E φ(X) (signed) and its standard error
  double weak_difference = 0, weak_difference_se = 0;  // E[φ(X_h) − φ(X_{h/2})]; 0 at the finest level
};

struct convergence_result {
  std::string problem, noise, method, functional;
  double strong_order_theory = 0, weak_order_theory = 0;
  std::vector<level_error> levels;  // coarsest first
  order_fit strong;                 // fitted on the strong errors
  order_fit weak;                   // fitted on the weak differences
  std::uint64_t paths = 0;
};

struct convergence_suite_result {
  convergence_options options;
  std::vector<convergence_result> results;  // per problem, per integrator

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

inline nlohmann::json convergence_suite_result::to_json() const {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& r : results) {
    const nlohmann::json strong = fit_json(r.strong), weak = fit_json(r.weak);
    nlohmann::json levels = nlohmann::json::array();
    for (const auto& e : r.levels)
      levels.push_back({{"dt", e.dt}, {"strong_error", e.strong}, {"strong_error_se", e.strong_se}, {"weak_error", e.weak},
                        {"weak_error_se", e.weak_se}, {"weak_difference", e.weak_difference},
                        {"weak_difference_se", e.weak_difference_se}});
    all.push_back({{"problem", r.problem}, {"noise", r.noise}, {"method", r.method}, {"functional", r.functional},
                   {"paths", r.paths}, {"strong_order", strong["estimate"]}, {"strong_order_ci95", strong["ci"]},
                   {"strong_order_theory", r.strong_order_theory}, {"weak_order", weak["estimate"]},
                   {"weak_order_ci95", weak["ci"]}, {"weak_order_theory", r.weak_order_theory},
                   {"confidence", options.confidence}, {"strong_fit", strong}, {"weak_fit", weak}, {"levels", levels}});
  }
  return {{"seed", options.seed}, {"paths", options.ensemble.n_paths}, {"coarsest_level", options.coarsest_level},
          {"finest_level", options.finest_level}, {"reference_extra_levels", options.reference_extra_levels},
          {"results", all}};
}

inline std::string convergence_suite_result::brief_report() const {
  const auto& o = options;
  std::string out = sde::formatted(
      "Strong E|X_h(T) - X(T)| and weak E phi(X_h) - E phi(X) errors, %llu paths, dt = T/2^k, k = %d..%d\n",
      static_cast<unsigned long long>(o.ensemble.n_paths), o.coarsest_level, o.finest_level);
  out += sde::formatted("Orders: least-squares log-log slopes with %.0f%% intervals (Monte Carlo + residual).\n\n",
                        100 * o.confidence);
  out += sde::formatted("%-22s %-12s %-15s %-26s %-26s\n", "problem", "noise", "method", "strong order (theory)",
                        "weak order (theory)");
  for (const auto& r : results)
    out += sde::formatted("%-22s %-12s %-15s %-26s %-26s\n", r.problem.c_str(), r.noise.c_str(), r.method.c_str(),
                          (fit_text(r.strong) + sde::formatted(" (%.1f)", r.strong_order_theory)).c_str(),
                          (fit_text(r.weak) + sde::formatted(" (%.1f)", r.weak_order_theory)).c_str());
  out += sde::formatted("\n%-22s %-15s %-10s %-22s %-22s\n", "problem", "method", "dt", "strong error (se)", "weak error (se)");
  for (const auto& r : results)
    for (const auto& e : r.levels)
      out += sde::formatted("%-22s %-15s %-10.3g %.3e (%.1e)    %+.3e (%.1e)\n", r.problem.c_str(), r.method.c_str(), e.dt,
                            e.strong, e.strong_se, e.weak, e.weak_se);
  return out;
}

}  // namespace sgdsde::analysis
