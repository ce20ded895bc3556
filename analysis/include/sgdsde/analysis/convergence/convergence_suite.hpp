#pragma once
// The convergence study over the built-in solvable SDEs (sde/solvable_sdes.hpp), chosen by name, with
// one result for all of them: per problem and integrator the strong and weak orders and the per-level
// errors (convergence_study.hpp), a brief report and JSON.
#include <sgdsde/analysis/convergence/convergence_result.hpp>
#include <sgdsde/analysis/convergence/convergence_study.hpp>
#include <sgdsde/sde/solvable_sdes.hpp>

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

}  // namespace sgdsde::analysis
