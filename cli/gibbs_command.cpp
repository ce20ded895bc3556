// `sgdsde gibbs`: parse, run catalogue::run_gibbs (trajectory or exact mode), print its report or JSON.
#include "commands.hpp"
#include "option_checks.hpp"
#include "schema_options.hpp"
#include "study_command.hpp"
#include "problem_options.hpp"

#include <sgdsde/catalogue/gibbs_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>

#include <memory>

namespace sgdsde::cli {

void register_gibbs(CLI::App& app) {
  auto s = std::make_shared<study_settings<catalogue::gibbs_request>>();
  auto* cmd = app.add_subcommand(
      "gibbs",
      std::string("Gibbs versus non-Gibbs stationary laws of SGD and its SME: exact stationary covariances, best-fit\n"
                  "Gibbs temperature, residual KL, per-direction temperatures and the probability current.\n"
                  "  --mode trajectory  a 2-D quadratic with constant noise (li_tai_e, non_commuting): the current also\n"
                  "                     estimated from one long trajectory of each (the SME by any integrator)\n"
                  "  --mode exact       affine per-sample gradients in d <= 32 (least_squares, also --data; li_tai_e;\n"
                  "                     non_commuting; random_feature), state-dependent noise included: exact stationary\n"
                  "                     moments, no simulation, beside the Gaussian approximation at the minimizer\n"
                  "  --mode gaussian    any problem with a strict minimum (logistic, also --data; double_well from a\n"
                  "                     start in a well): the Gaussian approximation at the minimizer x* (Newton) beside\n"
                  "                     --runs SGD chains from x*, time-averaged (chain length from the relaxation time\n"
                  "                     1/(eta lambda_min) unless --burn-in and --steps are given)\n"
                  "  --mode auto        trajectory where it applies, else exact where the gradients are affine, else\n"
                  "                     gaussian\n") +
          problem_help());
  add_problem_options(cmd, s->request.problem);
  add_schema_options(cmd, s->request, catalogue::gibbs_options(), cmd->get_name());
  add_study_outputs(cmd, *s);
  cmd->callback([s]() { run_study_command("gibbs", *s, &catalogue::run_gibbs); });
}

}  // namespace sgdsde::cli
