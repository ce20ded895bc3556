// `sgd` and `sme` on a user's objective (a batched_finite_sum: e.g. Python functions), erased like the
// catalogue's problems and run by the same ensemble (ensemble_runs.cpp). The studies take catalogue
// problems only.
#include "ensemble_on.hpp"

#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/sgd/batched_finite_sum.hpp>

#include <stdexcept>
#include <string>

namespace sgdsde::catalogue::detail {

ensemble_outcome run_user_objective_ensemble(const std::string& engine, const ensemble_request& request) {
  const sgd::batched_finite_sum& f = *request.objective;
  const catalogue::problem_settings& p = request.problem;
  // The objective is the problem: a catalogue parameter beside it would be ignored, so it is refused.
  if (p.data || !p.data_file.empty()) throw std::invalid_argument("give an objective or data (X, y or --data), not both");
  if (p.given)
    for (const auto& parameter : catalogue::problem_parameters())
      if (std::string(parameter.option) != "--x0" && p.given(parameter.option))
        throw std::invalid_argument(std::string(parameter.option) +
                                    " is a built-in problem's parameter; with a user's objective only --x0 is read");
  catalogue::check_problem_values(p);  // x0's range (the rest are untouched defaults)
  if (!p.x0.empty() && int(p.x0.size()) != f.dim())
    throw std::invalid_argument("--x0 has " + std::to_string(p.x0.size()) + " entries, the objective has d = " + std::to_string(f.dim()));
  const sgd::vector x0 = p.x0.empty() ? sgd::vector::Zero(f.dim()) : sgd::vector(Eigen::Map<const sgd::vector>(p.x0.data(), f.dim()));
  ensemble_outcome out;
  nlohmann::json hessian;
  run_ensemble_on(analysis::erase_borrowed(f), x0, engine, request, out, hessian);
  finish_ensemble(engine, request, {{"name", "user_objective"}, {"hessian", f.has_hessian() ? "given" : "central_differences"}}, out,
                  hessian);
  return out;
}

}  // namespace sgdsde::catalogue::detail
