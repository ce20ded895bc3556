// `sgdsde weak-error`: parse, run catalogue::run_weak_error (the SME against SGD, exact or Monte Carlo,
// or SVAG(l) against the SME-1), print its report or JSON and write its table as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "progress.hpp"
#include "table_csv.hpp"
#include "problem_options.hpp"

#include <sgdsde/catalogue/weak_error_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>
#include <sgdsde/sde/stepper_registry.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace sgdsde::cli {
namespace {

struct weak_error_settings {
  catalogue::weak_error_request request;
  bool json = false;
  std::string csv;
};

void run(weak_error_settings s) {
  const progress_meter meter("weak-error");
  s.request.progress = {meter.stages_callback(), meter.callback()};
  const auto out = catalogue::run_weak_error(s.request);
  if (!s.csv.empty()) write_output_file(s.csv, table_csv(out.table()), "--csv");
  if (s.json) {
    nlohmann::json doc = out.document;
    doc.update({{"version", SGDSDE_VERSION}, {"wall_seconds", out.wall_seconds}});
    return print_json(doc);
  }
  std::printf("%s", out.report.c_str());
}

}  // namespace

void register_weak_error(CLI::App& app) {
  auto s = std::make_shared<weak_error_settings>();
  auto* cmd = app.add_subcommand(
      "weak-error",
      std::string("Weak error |E phi(x_K) - E phi(X_T)| of the SME-1 and SME-2 against SGD over eta = T/K, with fitted\n"
                  "orders (Li-Tai-E: 1 and 2). Exact mode (moment equations, no Monte Carlo) for least_squares,\n"
                  "li_tai_e, non_commuting, random_feature; Monte Carlo mode (SDE bias removed by Richardson) for\n"
                  "every problem. With --svag-l: SVAG(l) against the SME-1, in either mode.\n") +
          problem_help());
  add_problem_options(cmd, s->request.problem);
  add_schema_options(cmd, s->request, catalogue::weak_error_options(), cmd->get_name());
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() { run(*s); });
}

}  // namespace sgdsde::cli
