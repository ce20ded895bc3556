#pragma once
// The convergence study over the built-in solvable SDEs (sde/solvable_sdes.hpp), chosen by name, with
// one result for all of them: per problem and integrator the strong and weak orders and the per-level
// errors (convergence_study.hpp), a brief report and JSON.
#include <sgdsde/analysis/convergence_study.hpp>
#include <sgdsde/analysis/order_fit_report.hpp>
#include <sgdsde/sde/solvable_sdes.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

// The built-in problems, one per noise structure, in the order they run.
inline std::vector<std::string> convergence_problem_names() {
  return {sde::solvable::geometric_brownian_motion::name, sde::solvable::nonlinear_diagonal::name,
          sde::solvable::linear_commutative::name, sde::solvable::linear_noncommutative::name};
}

struct convergence_suite_result {
  convergence_options options;
  std::vector<convergence_result> results;  // per problem, per integrator

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

// problems: names from convergence_problem_names() (empty: all of them).
inline convergence_suite_result run_convergence_suite(std::vector<std::string> problems, const convergence_options& options) {
  const auto known = convergence_problem_names();
  if (problems.empty()) problems = known;
  for (const auto& p : problems)
    if (std::find(known.begin(), known.end(), p) == known.end())
      throw std::invalid_argument("convergence: unknown problem '" + p + "'");
  convergence_suite_result r;
  r.options = options;
  auto add = [&](const auto& sde_case) {
    for (auto& result : run_convergence_study(sde_case, options)) r.results.push_back(std::move(result));
  };
  for (const auto& p : problems) {
    if (p == sde::solvable::geometric_brownian_motion::name) add(sde::solvable::geometric_brownian_motion{});
    else if (p == sde::solvable::nonlinear_diagonal::name) add(sde::solvable::nonlinear_diagonal{});
    else if (p == sde::solvable::linear_commutative::name) add(sde::solvable::linear_commutative{});
    else add(sde::solvable::linear_noncommutative{});
  }
  return r;
}

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
