// `sgdsde stationary`: parse, run catalogue::run_stationary, print its report or JSON and write the
// per-bin densities as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "progress.hpp"
#include "table_csv.hpp"
#include "problem_options.hpp"

#include <sgdsde/catalogue/stationary_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>

#include <cstdio>
#include <memory>
#include <optional>

namespace sgdsde::cli {
namespace {

struct stationary_settings {
  catalogue::stationary_request request;
  bool json = false;
  std::string csv;
};

void run(stationary_settings s) {
  s.request.density_table = !s.csv.empty();
  const progress_meter meter("stationary");
  s.request.progress = {meter.stages_callback(), meter.callback()};
  const auto out = catalogue::run_stationary(s.request);
  if (!s.csv.empty()) write_output_file(s.csv, table_csv(out.table()), "--csv");
  if (s.json) {
    nlohmann::json doc = out.document;
    doc["version"] = SGDSDE_VERSION;
    if (!s.csv.empty()) doc["csv"] = s.csv;
    return print_json(doc);
  }
  std::printf("%s", out.report.c_str());
}

}  // namespace

void register_stationary(CLI::App& app) {
  auto s = std::make_shared<stationary_settings>();
  auto* cmd = app.add_subcommand(
      "stationary",
      std::string("Long-time laws of SGD and its SME (every integrator) on a 1-D problem, from ensembles at a\n"
                  "large time, against the SME's exact Fokker-Planck density and the best-fit Gibbs density: TV,\n"
                  "Hellinger, KL, W1, KS (binned), Hill tail indices; random_feature adds the exact tail indices.\n") +
          problem_help());
  add_problem_options(cmd, s->request.problem);
  add_schema_options(cmd, s->request, catalogue::stationary_options(), cmd->get_name());
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the densities per bin (x, sgd, each integrator, fokker_planck, gibbs)");
  cmd->callback([s]() { run(*s); });
}

}  // namespace sgdsde::cli
