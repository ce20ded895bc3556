// `sgdsde stationary`: parse, run catalogue::run_stationary, print its report or JSON and write the
// per-bin densities as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "study_command.hpp"
#include "problem_options.hpp"

#include <sgdsde/catalogue/stationary_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>

#include <memory>
#include <optional>

namespace sgdsde::cli {

void register_stationary(CLI::App& app) {
  auto s = std::make_shared<study_settings<catalogue::stationary_request>>();
  auto* cmd = app.add_subcommand(
      "stationary",
      std::string("Long-time laws of SGD and its SME (every integrator) on a 1-D problem, from ensembles at a\n"
                  "large time, against the SME's exact Fokker-Planck density and the best-fit Gibbs density: TV,\n"
                  "Hellinger, KL, W1, KS (binned), Hill tail indices; random_feature adds the exact tail indices.\n") +
          problem_help());
  add_problem_options(cmd, s->request.problem);
  add_schema_options(cmd, s->request, catalogue::stationary_options(), cmd->get_name());
  add_study_outputs(cmd, *s, "Write the densities per bin (x, sgd, each integrator, fokker_planck, gibbs)");
  cmd->callback([s]() {
    auto settings = *s;
    settings.request.density_table = !settings.csv.empty();  // 1-D only: refused up front otherwise
    run_study_command("stationary", std::move(settings), &catalogue::run_stationary);
  });
}

}  // namespace sgdsde::cli
