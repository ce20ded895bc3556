// `sgdsde weak-error`: parse, run catalogue::run_weak_error (the SME against SGD, exact or Monte Carlo,
// or SVAG(l) against the SME-1), print its report or JSON and write its table as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "study_command.hpp"
#include "problem_options.hpp"

#include <sgdsde/catalogue/weak_error_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>
#include <sgdsde/sde/stepper_registry.hpp>

#include <memory>

namespace sgdsde::cli {

void register_weak_error(CLI::App& app) {
  auto s = std::make_shared<study_settings<catalogue::weak_error_request>>();
  auto* cmd = app.add_subcommand(
      "weak-error",
      std::string("Weak error |E phi(x_K) - E phi(X_T)| of the SME-1 and SME-2 against SGD over eta = T/K, with fitted\n"
                  "orders (Li-Tai-E: 1 and 2). Exact mode (moment equations, no Monte Carlo) for least_squares,\n"
                  "li_tai_e, non_commuting, random_feature; Monte Carlo mode (SDE bias removed by Richardson) for\n"
                  "every problem. With --svag-l: SVAG(l) against the SME-1, in either mode.\n") +
          problem_help());
  add_problem_options(cmd, s->request.problem);
  add_schema_options(cmd, s->request, catalogue::weak_error_options(), cmd->get_name());
  add_study_outputs(cmd, *s, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() { run_study_command("weak-error", *s, &catalogue::run_weak_error); });
}

}  // namespace sgdsde::cli
