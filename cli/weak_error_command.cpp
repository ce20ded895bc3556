// `sgdsde weak-error`: parse, run catalogue::run_weak_error (the SME against SGD, exact or Monte Carlo,
// or SVAG(l) against the SME-1), print its report or JSON and write its table as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "table_csv.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/catalogue/weak_error_runs.hpp>
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
  cmd->add_option("--mode", s->request.study.mode, "auto | exact | monte_carlo")->capture_default_str()
      ->check(one_of({"auto", "exact", "monte_carlo"}));
  cmd->add_option("--functional", s->request.functional,
                  "loss | second_moment (|x|^2) | x<i> (a coordinate) | fourth_moment (|x|^4) | norm^p (|x|^p,\n"
                  "0 < p <= 16) | kurtosis_x<i> (E(x_i - mu)^4 / var^2, delta-method error; kurtosis: of x1); the\n"
                  "last three depend on more than two moments: Monte Carlo mode (auto takes it)")
      ->capture_default_str();
  cmd->add_option("--horizon,-T", s->request.study.horizon, "Time horizon T = K eta (> 0)")->capture_default_str();
  add_integer_option(cmd, "--steps", s->request.study.steps, 1, limits::steps,
                     "Step counts K, comma-separated, increasing (default exact 8..256, Monte Carlo 4,8,16,32)")
      ->delimiter(',');
  add_integer_option(cmd, "--batch,-B", s->request.study.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->request.sampler, "with_replacement | without_replacement (exact mode: no reshuffling)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement", "reshuffling"}));
  add_integer_option(cmd, "--runs", s->request.study.runs, 2, limits::runs, "Monte Carlo: runs per ensemble")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->request.study.substeps, 1, limits::substeps, "Monte Carlo: SDE steps per SGD step (and twice that for Richardson)")
      ->capture_default_str();
  cmd->add_option("--integrator", s->request.study.integrator,
                  "Monte Carlo: the SME's integrator, " + sde::integrators::names_text() +
                      " (default euler_maruyama; weak order 1 ones are Richardson-extrapolated, weak order 2 ones run once)")
      ->check(one_of(sde::integrators::names()));
  accept_infinity(cmd->add_option("--bound", s->request.study.bound,
                  "|x|_inf beyond this counts as divergence (exact mode: the root-mean-square coordinate; inf: only\n"
                  "non-finite values; exact mode also counts an unstable SGD moment recursion); a diverged\n"
                  "side is reported per eta and left out of the order fits"))
      ->capture_default_str()
      ->check(positive_real());
  cmd->add_option("--schedule", s->request.study.schedule.name,
                  "Rates eta_k = eta u(k eta) with the same profile u on [0, T] for every eta of the sweep: constant |\n"
                  "inverse_power (u = (1 + s/tau)^-alpha) | exponential (exp(-s/tau)) | linear (1 -> r at T) |\n"
                  "step_decay (factor^floor(s/tau)); the SME runs to t = sum of eta_k (JSON/CSV sde_time)")
      ->capture_default_str()
      ->check(one_of({"constant", "inverse_power", "exponential", "linear", "step_decay"}));
  cmd->add_option("--alpha", s->request.study.schedule.alpha, "inverse_power's exponent, in [0, 16]")->capture_default_str()->check(real_in(0, 16));
  cmd->add_option("--decay-time", s->request.study.schedule.decay_time, "tau: inverse_power, exponential, step_decay (> 0)")
      ->capture_default_str()
      ->check(positive_real());
  cmd->add_option("--end-ratio", s->request.study.schedule.end_ratio, "linear: u at T, in (0, 100]")->capture_default_str()->check(real_in(0, 100, true));
  cmd->add_option("--decay-factor", s->request.study.schedule.factor, "step_decay's factor, in (0, 1]")->capture_default_str()->check(real_in(0, 1, true));
  cmd->add_flag("--max-over-t", s->request.study.max_over_t,
                "Monte Carlo: also the maximum over t = k eta <= T of the error, with its standard error and order fit\n"
                "(phi at every SGD step on both sides; the exact mode always reports it)");
  cmd->add_option("--svag-l", s->request.svag_l,
                  "SVAG instead of SGD: l values, comma-separated, increasing, >= 1 (e.g. 1,2,4,8,16,32); SVAG(l) at\n"
                  "steps eta/l against the SME-1 of rate --eta at T, with the order in 1/l (1 expected): exact where\n"
                  "the moments close (as above), else Monte Carlo (--runs per l, and the SME as in the sweep)")
      ->delimiter(',')
      ->check(real_in(1.0, 1e8));
  cmd->add_option("--eta", s->request.svag_eta, "With --svag-l: SGD's rate eta (T/eta whole)")->capture_default_str()->check(real_in(0, 1e6, true));
  add_work_cap_option(cmd, s->request.max_path_steps);
  add_integer_option(cmd, "--seed", s->request.study.seed, 0, limits::seed, "Monte Carlo seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->request.study.ensemble.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--confidence", s->request.study.confidence, "Confidence level of the order intervals, in (0, 1)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() { run(*s); });
}

}  // namespace sgdsde::cli
