// `sgdsde convergence`: parse, run catalogue::run_convergence (the registry's integrators on built-in
// SDEs with exact solutions), print its report or JSON and write the per-level errors as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "work_cap.hpp"

#include <sgdsde/catalogue/convergence_runs.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace sgdsde::cli {
namespace {

struct convergence_settings {
  catalogue::convergence_request request;
  bool json = false;
  std::string csv;
};

std::string levels_csv(const catalogue::convergence_outcome& out) {
  const auto numbers = out.table();
  const auto words = out.text_rows();
  auto columns = out.text_columns();
  columns.insert(columns.end(), numbers.columns.begin(), numbers.columns.end());
  csv_table table(columns);
  for (std::size_t i = 0; i < numbers.rows.size(); ++i) {
    std::vector<csv_cell> row(words[i].begin(), words[i].end());
    row.insert(row.end(), numbers.rows[i].begin(), numbers.rows[i].end());
    table.add_row(row);
  }
  return table.text();
}

void run(convergence_settings s) {
  const progress_meter meter("convergence");
  s.request.progress.update = meter.callback();
  const auto out = catalogue::run_convergence(s.request);
  if (!s.csv.empty()) write_output_file(s.csv, levels_csv(out), "--csv");
  if (!s.json) return (void)std::printf("%s", out.report.c_str());
  print_json(out.document);
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
  auto& st = settings->request.study;
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
  cmd->add_option("--problem", settings->request.problems, "Problems to run (default: all)")
      ->check(one_of(catalogue::convergence_problem_names()));
  auto methods = sde::integrators::names();
  methods.push_back("all");
  cmd->add_option("--method", settings->request.method, "An integrator (" + sde::integrators::names_text() + ") or all")
      ->capture_default_str()
      ->check(one_of(methods));
  cmd->add_flag("--json", settings->json, "Print one JSON object {results: [...]} instead of a table");
  add_work_cap_option(cmd, settings->request.max_path_steps);
  add_output_file_option(cmd, "--csv", settings->csv, "Also write the per-level errors to this CSV file (atomically)");
  cmd->callback([settings]() { run(*settings); });
}

}  // namespace sgdsde::cli
