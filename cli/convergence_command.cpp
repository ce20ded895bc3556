// `sgdsde convergence`: parse, run catalogue::run_convergence (the registry's integrators on built-in
// SDEs with exact solutions), print its report or JSON and write the per-level errors as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "study_command.hpp"

#include <sgdsde/catalogue/convergence_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>

#include <string>
#include <vector>

namespace sgdsde::cli {
namespace {

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

}  // namespace

void register_convergence(CLI::App& app) {
  auto settings = std::make_shared<study_settings<catalogue::convergence_request>>();
  auto* cmd = app.add_subcommand("convergence",
                                 "Strong and weak orders of every integrator on SDEs with known solutions:\n"
                                 "  gbm                    geometric Brownian motion dX = X dt + 0.8 X dW (scalar noise)\n"
                                 "  nonlinear_diagonal     arctan and sinh solvable equations (diagonal noise)\n"
                                 "  linear_commutative     dX = AX dt + B1 X dW1 + B2 X dW2, B1 B2 = B2 B1 (commutative)\n"
                                 "  linear_noncommutative  the same with B1 B2 = -B2 B1 (general noise, Levy areas)\n"
                                 "Strong errors against the pathwise solution (or Milstein 2^extra finer on the same path);\n"
                                 "weak orders fitted on E[phi(X_h) - phi(X_h/2)] on shared paths.");
  add_schema_options(cmd, settings->request, catalogue::convergence_options(), cmd->get_name());
  add_study_outputs(cmd, *settings, "Also write the per-level errors to this CSV file (atomically)");
  cmd->callback([settings]() { run_study_command("convergence", *settings, &catalogue::run_convergence, levels_csv); });
}

}  // namespace sgdsde::cli
