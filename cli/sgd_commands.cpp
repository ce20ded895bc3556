// `sgdsde sgd` and `sgdsde sme`: the exact SGD recursion and its stochastic modified equation on
// the same problem with the same options, written in the same shape so the two compare line by
// line (a record k of `sme` sits at the SGD time t_k = Σ_{i<k} η_i of record k of `sgd`).
#include "commands.hpp"
#include "progress.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "schema_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/catalogue/ensemble_runs.hpp>
#include <sgdsde/catalogue/run_options.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace sgdsde::cli {
namespace {

struct run_settings {
  problem_settings problem;
  catalogue::run_request run;  // keep_paths is set from --paths-csv and --keep-paths
  std::string csv, paths_csv;
  std::uint64_t keep_paths = 5;
  bool json = false;
  bool hessian_spectrum = false;
  double max_path_steps = default_max_path_steps;
};

void write_outputs(const run_settings& s, const catalogue::ensemble_outcome& out) {
  const sgd::run_plan& p = out.plan.plan;
  const auto& r = out.result;
  const int d = out.d;
  if (!s.csv.empty()) {
    std::vector<std::string> columns{"step", "epoch", "t", "loss_mean", "loss_se"};
    for (int i = 0; i < d; ++i) columns.push_back("x" + std::to_string(i + 1) + "_mean");
    for (int i = 0; i < d; ++i) columns.push_back("x" + std::to_string(i + 1) + "_sd");
    csv_table table(columns);
    for (const auto& rec : r.records) {
      std::vector<csv_cell> row{rec.step, p.n > 0 ? csv_cell(r.epoch(rec.step)) : csv_cell(""), rec.t, rec.loss_mean, rec.loss_se};
      for (int i = 0; i < d; ++i) row.emplace_back(rec.mean[i]);
      for (int i = 0; i < d; ++i) row.emplace_back(rec.sd[i]);
      table.add_row(row);
    }
    write_output_file(s.csv, table.text(), "--csv");
  }
  if (!s.paths_csv.empty()) {
    std::vector<std::string> columns{"run", "step", "t"};
    for (int i = 0; i < d; ++i) columns.push_back("x" + std::to_string(i + 1));
    csv_table table(columns);
    for (std::size_t run = 0; run < r.paths.size(); ++run)
      for (const auto& pt : r.paths[run]) {
        std::vector<csv_cell> row{std::uint64_t(run), pt.step, pt.t};
        for (int i = 0; i < d; ++i) row.emplace_back(pt.x[i]);
        table.add_row(row);
      }
    write_output_file(s.paths_csv, table.text(), "--paths-csv");
  }
  if (s.json) {
    nlohmann::json doc = out.document;
    doc.update({{"version", SGDSDE_VERSION}, {"wall_seconds", out.wall_seconds}});
    if (!s.csv.empty()) doc["csv"] = s.csv;
    if (!s.paths_csv.empty()) doc["paths_csv"] = s.paths_csv;
    return print_json(doc);
  }
  std::printf("%s", out.report.c_str());
}

void run_engine(const run_settings& s, const std::string& engine) {
  if (s.problem.given("--keep-paths") && s.paths_csv.empty())
    throw std::invalid_argument("--keep-paths is read only with --paths-csv; it would be ignored here");
  refuse_shared_output_files({{"--csv", s.csv}, {"--paths-csv", s.paths_csv}});
  catalogue::ensemble_request q;
  q.problem = s.problem;
  q.run = s.run;
  q.run.keep_paths = s.paths_csv.empty() ? 0 : s.keep_paths;
  q.max_path_steps = s.max_path_steps;
  q.hessian_spectrum = s.hessian_spectrum;
  const progress_meter meter(engine.c_str());
  q.progress.update = meter.callback();
  write_outputs(s, catalogue::run_ensemble(engine, q));
}

// The problem's and the run's options (their rows: catalogue/problem_registry.hpp, run_options.hpp),
// then the command's own outputs.
void add_options(CLI::App* cmd, run_settings& s) {
  add_problem_options(cmd, s.problem);
  s.run.given = s.problem.given;
  add_schema_options(cmd, s.run, catalogue::run_options(), cmd->get_name());
  add_output_file_option(cmd, "--csv", s.csv, "Write the records (step, epoch, t, loss, iterate mean and sd) to this CSV");
  add_output_file_option(cmd, "--paths-csv", s.paths_csv, "Write the iterates of the first --keep-paths runs to this CSV");
  add_integer_option(cmd, "--keep-paths", s.keep_paths, 1, limits::runs, "Runs written to --paths-csv")->capture_default_str();
  add_work_cap_option(cmd, s.max_path_steps);
  cmd->add_flag("--hessian-spectrum", s.hessian_spectrum,
                "Also the Hessian's eigenvalues at the final mean, its condition number and 2/L (one full Hessian, O(n d^2))");
  cmd->add_flag("--json", s.json, "Print a JSON summary (final mean and covariance, records) instead of a table");
}

}  // namespace

void register_sgd(CLI::App& app) {
  auto s = std::make_shared<run_settings>();
  auto* cmd = app.add_subcommand("sgd", std::string("Exact minibatch SGD (and GD, momentum, averaging, injected noise) on a "
                                                    "built-in problem or a CSV data set.\n") + problem_help());
  add_options(cmd, *s);
  cmd->callback([s]() { run_engine(*s, "sgd"); });
}

void register_sme(CLI::App& app) {
  auto s = std::make_shared<run_settings>();
  auto* cmd = app.add_subcommand(
      "sme", std::string("The stochastic modified equation dX = -grad f dt + sqrt(eta c Sigma(X)/B) dW (order 1) or with\n"
                         "drift -(grad f + eta/2 H grad f) (order 2), same options and output shape as `sgd`.\n") +
                 problem_help());
  add_options(cmd, *s);
  cmd->callback([s]() { run_engine(*s, "sme"); });
}

}  // namespace sgdsde::cli
