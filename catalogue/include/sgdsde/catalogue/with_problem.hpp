#pragma once
// The catalogue's problems as the studies take them: built by name from problem_settings (after the
// refusals of unread parameters and the range checks, problem_registry.hpp) and handed over erased,
// as an analysis::any_finite_sum or an analysis::any_population (analysis/any_objective.hpp). A study
// called through with_problem is compiled for those two types only, whatever the catalogue holds.
#include <sgdsde/analysis/any_objective.hpp>
#include <sgdsde/catalogue/problem_settings.hpp>

#include <functional>

namespace sgdsde::catalogue {

using finite_sum_callback = std::function<void(const analysis::any_finite_sum& f, const sgd::vector& x0)>;
using population_callback = std::function<void(const analysis::any_population& f, const sgd::vector& x0)>;

// Builds problem p.name and calls the callback of its kind with the objective and its start x0; the
// objective lives until the callback returns (problem_factory.cpp).
void build_problem(const problem_settings& p, const finite_sum_callback& finite, const population_callback& population);

// build_problem with one generic callback(f, x0), instantiated for the two kinds.
template <class Callback>
void with_problem(const problem_settings& p, Callback&& callback) {
  build_problem(
      p, [&](const analysis::any_finite_sum& f, const sgd::vector& x0) { callback(f, x0); },
      [&](const analysis::any_population& f, const sgd::vector& x0) { callback(f, x0); });
}

}  // namespace sgdsde::catalogue
