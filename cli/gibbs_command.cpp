// `sgdsde gibbs`: parse, run catalogue::run_gibbs (trajectory or exact mode), print its report or JSON.
#include "commands.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/catalogue/gibbs_runs.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace sgdsde::cli {
namespace {

struct gibbs_settings {
  catalogue::gibbs_request request;
  bool json = false;
};

void run(const gibbs_settings& s) {
  const auto out = catalogue::run_gibbs(s.request);
  if (s.json) {
    nlohmann::json doc = out.document;
    doc["version"] = SGDSDE_VERSION;
    return print_json(doc);
  }
  std::printf("%s", out.report.c_str());
}

}  // namespace

void register_gibbs(CLI::App& app) {
  auto s = std::make_shared<gibbs_settings>();
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
  auto& st = s->request.study;
  cmd->add_option("--mode", s->request.mode, "auto | trajectory | exact | gaussian")
      ->capture_default_str()
      ->check(one_of({"auto", "trajectory", "exact", "gaussian"}));
  cmd->add_option("--eta", st.eta, "Learning rate (0 < eta < 2/L)")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", st.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->request.sampler, "with_replacement | without_replacement (finite --n; the noise scale uses its c)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement"}));
  add_integer_option(cmd, "--steps", st.steps, 1, limits::steps,
                     "Length of each trajectory in SGD steps (gaussian: steps recorded per chain after the burn-in; "
                     "default max(10000, 200 relaxation times))")
      ->capture_default_str();
  add_integer_option(cmd, "--burn-in", st.burn_in, 0, limits::steps,
                     "SGD steps discarded before the current is measured (gaussian: per chain; default 5 relaxation times)")
      ->capture_default_str();
  add_integer_option(cmd, "--runs", s->request.runs, 4, limits::runs, "gaussian: independent SGD chains")->capture_default_str();
  add_integer_option(cmd, "--threads", s->request.threads, 0, limits::threads, "gaussian: worker threads (0 = all cores)")
      ->capture_default_str();
  add_integer_option(cmd, "--substeps", st.substeps, 1, limits::substeps, "SDE steps per SGD step for the SME trajectory")->capture_default_str();
  cmd->add_option("--integrator", st.integrator, "The SME trajectory's integrator: " + sde::integrators::names_text())
      ->capture_default_str()
      ->check(one_of(sde::integrators::names()));
  add_work_cap_option(cmd, s->request.max_path_steps);
  add_integer_option(cmd, "--seed", st.seed, 0, limits::seed, "Seed")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  cmd->callback([s]() { run(*s); });
}

}  // namespace sgdsde::cli
