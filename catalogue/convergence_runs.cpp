#include <sgdsde/catalogue/convergence_runs.hpp>

#include <sgdsde/analysis/convergence/convergence_suite.hpp>

#include <chrono>
#include <cmath>

namespace sgdsde::catalogue {

std::vector<std::string> convergence_problem_names() { return analysis::convergence_problem_names(); }

study_table convergence_outcome::table() const {
  study_table t;
  t.columns = {"dt", "strong_error", "strong_error_se", "weak_error", "weak_error_se", "weak_difference", "weak_difference_se"};
  for (const auto& r : result.results)
    for (const auto& e : r.levels) t.rows.push_back({e.dt, e.strong, e.strong_se, e.weak, e.weak_se, e.weak_difference, e.weak_difference_se});
  return t;
}

std::vector<std::vector<std::string>> convergence_outcome::text_rows() const {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : result.results)
    for (std::size_t i = 0; i < r.levels.size(); ++i) rows.push_back({r.problem, r.noise, r.method});
  return rows;
}

convergence_outcome run_convergence(const convergence_request& request) {
  analysis::convergence_options st = request.study;
  if (st.finest_level < st.coarsest_level + 3)
    throw std::invalid_argument("--finest-level " + std::to_string(st.finest_level) + " with --coarsest-level " +
                                std::to_string(st.coarsest_level) +
                                ": the finest level must be at least the coarsest + 3 (3 weak differences for an interval)");
  if (request.method != "all") st.methods = {request.method};
  std::string error;
  if (!st.is_valid(&error)) throw std::invalid_argument("convergence: " + error);
  // Per problem and method at most: every level's path plus the reference's, 2^(finest + extra + 1) steps.
  work_plan work(request.max_path_steps);
  const double methods = request.method == "all" ? double(sde::integrators::size) : 1.0;
  work.add("convergence", double(st.ensemble.n_paths) * double(request.problems.size()) * methods,
           std::ldexp(1.0, st.finest_level + st.reference_extra_levels + 1));
  work.check();
  request.progress.start(0);
  st.ensemble.progress = request.progress.update;
  convergence_outcome out;
  const auto start = std::chrono::steady_clock::now();
  out.result = analysis::run_convergence_suite(request.problems, st);
  out.wall_seconds = seconds_since(start);
  out.document = {{"command", "convergence"}};
  out.document.update(out.result.to_json());
  out.report = out.result.brief_report();
  return out;
}

}  // namespace sgdsde::catalogue
