// `sgdsde escape`: parse, run catalogue::run_escape (planned, its work checked against the cap, run),
// print its report or JSON and write the per-eta table as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "study_command.hpp"
#include "problem_options.hpp"

#include <sgdsde/catalogue/escape_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>

#include <memory>

namespace sgdsde::cli {

void register_escape(CLI::App& app) {
  auto s = std::make_shared<study_settings<catalogue::escape_request>>();
  auto* cmd = app.add_subcommand(
      "escape",
      std::string("Escape from a well (1-D): mean first-passage times of SGD and of its SME (any integrator) from x0\n"
                  "to a target over a sweep of eta, next to the SME's exact value (quadrature, reflecting wall far\n"
                  "behind x0) and Kramers' asymptotic for additive noise.\n") +
          problem_help());
  // The mixing double well: dF/eps from 4.2 (eta = 0.03) to 1.25 (eta = 0.1).
  add_problem_options(cmd, s->request.problem, false);  // --target is the level below (escape runs 1-D problems)
  add_schema_options(cmd, s->request, catalogue::escape_options(), cmd->get_name());
  add_study_outputs(cmd, *s, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() { run_study_command("escape", *s, &catalogue::run_escape); });
}

}  // namespace sgdsde::cli
