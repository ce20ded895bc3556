// `sgdsde escape`: parse, run catalogue::run_escape (planned, its work checked against the cap, run),
// print its report or JSON and write the per-eta table as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "problem_options.hpp"
#include "progress.hpp"
#include "table_csv.hpp"

#include <sgdsde/catalogue/escape_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>

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
  add_schema_options(cmd, s->request, catalogue::escape_options(), cmd->get_name());
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() { run(*s); });
}

}  // namespace sgdsde::cli
