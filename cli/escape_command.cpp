// `sgdsde escape`: parse, run catalogue::run_escape (planned, its work checked against the cap, run),
// print its report or JSON and write the per-eta table as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"
#include "progress.hpp"
#include "table_csv.hpp"

#include <sgdsde/catalogue/escape_runs.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace sgdsde::cli {
namespace {

struct escape_settings {
  catalogue::escape_request request;
  bool json = false;
  std::string csv;
};

void run(escape_settings s) {
  const progress_meter meter("escape");
  s.request.progress = {meter.stages_callback(), meter.callback()};
  const auto out = catalogue::run_escape(s.request);
  if (!s.csv.empty()) write_output_file(s.csv, table_csv(out.table()), "--csv");
  if (s.json) {
    nlohmann::json doc = out.document;
    doc.update({{"version", SGDSDE_VERSION}, {"wall_seconds", out.wall_seconds}});
    if (!s.csv.empty()) doc["csv"] = s.csv;
    return print_json(doc);
  }
  std::printf("%s", out.report.c_str());
}

}  // namespace

void register_escape(CLI::App& app) {
  auto s = std::make_shared<escape_settings>();
  auto* cmd = app.add_subcommand(
      "escape",
      std::string("Escape from a well (1-D): mean first-passage times of SGD and of its SME (any integrator) from x0\n"
                  "to a target over a sweep of eta, next to the SME's exact value (quadrature, reflecting wall far\n"
                  "behind x0) and Kramers' asymptotic for additive noise.\n") +
          problem_help());
  // The mixing double well: dF/eps from 4.2 (eta = 0.03) to 1.25 (eta = 0.1).
  add_problem_options(cmd, s->request.problem, false);  // --target is the level below (escape runs 1-D problems)
  auto& st = s->request.study;
  cmd->add_option("--eta", st.etas, "Learning rates, comma-separated (each > 0)")->delimiter(',')->capture_default_str();
  cmd->add_option("--target", st.target, "Level whose first passage is timed")->capture_default_str()->check(real_in(-1e6, 1e6));
  cmd->add_option("--reflect-at", st.reflect_at,
                  "Reflecting wall of the exact computation (default x0 -/+ 4|target - x0|, behind x0)")
      ->check(real_in(-1e7, 1e7));
  cmd->add_option("--horizon-factor", st.horizon_factor,
                  "Runs stop at this multiple of the exact time; runs that have not escaped are censored")
      ->capture_default_str()
      ->check(real_in(2, 1e6));
  add_integer_option(cmd, "--batch,-B", st.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->request.sampler, "with_replacement | without_replacement (finite --n; the noise scale uses its c)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement"}));
  add_integer_option(cmd, "--runs", s->request.runs, 2, limits::runs, "Runs per ensemble")->capture_default_str();
  add_integer_option(cmd, "--substeps", st.substeps, 1, limits::substeps, "SDE steps per SGD step")->capture_default_str();
  cmd->add_option("--integrator", st.integrator, "The SME's integrator: " + sde::integrators::names_text())
      ->capture_default_str()
      ->check(one_of(sde::integrators::names()));
  add_work_cap_option(cmd, s->request.max_path_steps);
  add_integer_option(cmd, "--seed", st.seed, 0, limits::seed, "Seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->request.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() { run(*s); });
}

}  // namespace sgdsde::cli
