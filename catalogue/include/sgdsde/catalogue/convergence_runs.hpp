#pragma once
// `convergence`: the strong and weak orders of the registry's integrators on the SDEs with known
// solutions (analysis/convergence_suite.hpp: gbm, nonlinear_diagonal, linear_commutative,
// linear_noncommutative), by name, with its work checked against the cap up front.
#include <sgdsde/analysis/convergence/convergence_result.hpp>
#include <sgdsde/catalogue/study_request.hpp>

#include <string>
#include <vector>

namespace sgdsde::catalogue {

// The built-in solvable SDEs' names, in the order they run.
std::vector<std::string> convergence_problem_names();

struct convergence_request {
  convergence_request() : problems(convergence_problem_names()) { study.ensemble.n_paths = 4000; }
  analysis::convergence_options study;  // its methods are set from method below
  std::vector<std::string> problems;
  std::string method = "all";  // an integrator's name, or all
  double max_path_steps = default_max_path_steps;
  study_progress progress;
};

struct convergence_outcome {
  analysis::convergence_suite_result result;
  nlohmann::json document;  // {"command": "convergence", "results": [...]}
  std::string report;
  double wall_seconds = 0;

  // Per problem, method and level: problem, noise, method (text) and dt, strong_error,
  // strong_error_se, weak_error, weak_error_se, weak_difference, weak_difference_se.
  std::vector<std::string> text_columns() const { return {"problem", "noise", "method"}; }
  study_table table() const;  // the numeric columns; row i belongs to text_rows()[i]
  std::vector<std::vector<std::string>> text_rows() const;
};

convergence_outcome run_convergence(const convergence_request& request);

}  // namespace sgdsde::catalogue
