// `sgdsde stationary`: parse, run catalogue::run_stationary, print its report or JSON and write the
// per-bin densities as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "table_csv.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/catalogue/stationary_runs.hpp>

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
  cmd->add_option("--eta", s->request.study.eta, "Learning rate (> 0)")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", s->request.study.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->request.sampler,
                  "with_replacement | without_replacement | reshuffling (finite --n; the SME's noise uses its c)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement", "reshuffling"}));
  cmd->add_option("--horizon,-T", s->request.horizon,
                  "Time T = K eta at which the ensembles are taken, or the length of each chain (default 50, chains 20000)");
  add_integer_option(cmd, "--chains", s->request.study.chains, 0, limits::runs,
                  "Long chains instead of an ensemble: this many chains, each time-averaged after the burn-in, with\n"
                  "batch-means error bars per bin (16 batches per chain) and the autocorrelation time (0 = ensemble)")
      ->capture_default_str();
  cmd->add_option("--burn-in", s->request.burn_in_time, "Chains: time discarded at the start of each chain (default T/10)");
  add_integer_option(cmd, "--runs", s->request.study.runs, 10, limits::runs, "Ensemble size")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->request.study.substeps, 1, limits::substeps, "SDE steps per SGD step")->capture_default_str();
  add_integer_option(cmd, "--bins", s->request.study.bins, 2, 10000, "Histogram bins for the distances")->capture_default_str();
  cmd->add_option("--integrator", s->request.study.integrators,
                  "The SME's integrators (space-separated; default all: " + sde::integrators::names_text() + ")")
      ->check(one_of(sde::integrators::names()));
  cmd->add_option("--range", s->request.range, "Histogram range lo,hi (default: the exact density's 1e-4 central mass)")->delimiter(',');
  add_integer_option(cmd, "--hill-k", s->request.study.hill_k, 1, limits::runs, "Order statistics used by the Hill estimator (default runs/50)");
  add_work_cap_option(cmd, s->request.max_path_steps);
  add_integer_option(cmd, "--seed", s->request.study.seed, 0, limits::seed, "Seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->request.study.ensemble.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the densities per bin (x, sgd, each integrator, fokker_planck, gibbs)");
  cmd->callback([s]() { run(*s); });
}

}  // namespace sgdsde::cli
