// `sgdsde convergence`: parse, run analysis::run_convergence_suite (convergence_suite.hpp: the
// registry's integrators on built-in SDEs with exact solutions), print its report or JSON and write the
// per-level errors as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/convergence_suite.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace sgdsde::cli {
namespace {

struct convergence_settings {
  analysis::convergence_options study;
  std::vector<std::string> problems = analysis::convergence_problem_names();
  std::string method = "all";
  double max_path_steps = default_max_path_steps;
  bool json = false;
  std::string csv;
};

std::string levels_csv(const analysis::convergence_suite_result& suite) {
  csv_table table({"problem", "noise", "method", "dt", "strong_error", "strong_error_se", "weak_error", "weak_error_se",
                   "weak_difference", "weak_difference_se"});
  for (const auto& r : suite.results)
    for (const auto& e : r.levels)
      table.add_row({r.problem, r.noise, r.method, e.dt, e.strong, e.strong_se, e.weak, e.weak_se, e.weak_difference,
                     e.weak_difference_se});
  return table.text();
}

void run(convergence_settings s) {
  auto& st = s.study;
  if (st.finest_level < st.coarsest_level + 3)
    throw std::invalid_argument("--finest-level " + std::to_string(st.finest_level) + " with --coarsest-level " +
                                std::to_string(st.coarsest_level) +
                                ": the finest level must be at least the coarsest + 3 (3 weak differences for an interval)");
  if (s.method != "all") st.methods = {s.method};
  std::string error;
  if (!st.is_valid(&error)) throw std::invalid_argument("convergence: " + error);
  // Per problem and method at most: every level's path plus the reference's, 2^(finest + extra + 1) steps.
  work_plan work(s.max_path_steps);
  const double methods = s.method == "all" ? double(sde::integrators::size) : 1.0;
  work.add("convergence", double(st.ensemble.n_paths) * double(s.problems.size()) * methods,
           std::ldexp(1.0, st.finest_level + st.reference_extra_levels + 1));
  work.check();
  const progress_meter meter("convergence");
  st.ensemble.progress = meter.callback();
  const auto r = analysis::run_convergence_suite(s.problems, st);
  if (!s.csv.empty()) write_output_file(s.csv, levels_csv(r), "--csv");
  if (!s.json) return (void)std::printf("%s", r.brief_report().c_str());
  nlohmann::json doc = {{"command", "convergence"}};
  doc.update(r.to_json());
  print_json(doc);
}

}  // namespace

void register_convergence(CLI::App& app) {
  auto settings = std::make_shared<convergence_settings>();
  auto* cmd = app.add_subcommand("convergence",
                                 "Strong and weak orders of every integrator on SDEs with known solutions:\n"
                                 "  gbm                    geometric Brownian motion dX = X dt + 0.8 X dW (scalar noise)\n"
                                 "  nonlinear_diagonal     arctan and sinh solvable equations (diagonal noise)\n"
                                 "  linear_commutative     dX = AX dt + B1 X dW1 + B2 X dW2, B1 B2 = B2 B1 (commutative)\n"
                                 "  linear_noncommutative  the same with B1 B2 = -B2 B1 (general noise, Levy areas)\n"
                                 "Strong errors against the pathwise solution (or Milstein 2^extra finer on the same path);\n"
                                 "weak orders fitted on E[phi(X_h) - phi(X_h/2)] on shared paths.");
  auto& st = settings->study;
  st.ensemble.n_paths = 4000;
  add_integer_option(cmd, "--paths", st.ensemble.n_paths, 1, limits::runs, "Number of Brownian paths")->capture_default_str();
  add_integer_option(cmd, "--seed", st.seed, 0, limits::seed, "Random seed: same seed, bit-identical output for any thread count")
      ->capture_default_str();
  add_integer_option(cmd, "--threads", st.ensemble.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  add_integer_option(cmd, "--coarsest-level", st.coarsest_level, 0, 17, "Largest step is T/2^k for this k")->capture_default_str();
  add_integer_option(cmd, "--finest-level", st.finest_level, 3, 20, "Smallest step is T/2^k for this k (>= coarsest + 3)")
      ->capture_default_str();
  add_integer_option(cmd, "--reference-extra-levels", st.reference_extra_levels, 1, 6,
                     "Reference refinement (in halvings) where no pathwise solution exists")
      ->capture_default_str();
  cmd->add_option("--levy-area-tolerance", st.levy_area_tolerance,
                  "Per-step mean-square Levy-area error bound, in units of dt^3 (> 0)")
      ->capture_default_str();
  cmd->add_option("--confidence", st.confidence, "Confidence level of the order intervals, in (0, 1)")
      ->capture_default_str();
  cmd->add_option("--problem", settings->problems, "Problems to run (default: all)")
      ->check(one_of(analysis::convergence_problem_names()));
  auto methods = sde::integrators::names();
  methods.push_back("all");
  cmd->add_option("--method", settings->method, "An integrator (" + sde::integrators::names_text() + ") or all")
      ->capture_default_str()
      ->check(one_of(methods));
  cmd->add_flag("--json", settings->json, "Print one JSON object {results: [...]} instead of a table");
  add_work_cap_option(cmd, settings->max_path_steps);
  add_output_file_option(cmd, "--csv", settings->csv, "Also write the per-level errors to this CSV file (atomically)");
  cmd->callback([settings]() { run(*settings); });
}

}  // namespace sgdsde::cli
