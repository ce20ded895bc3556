// `sgdsde sgd` and `sgdsde sme`: the exact SGD recursion and its stochastic modified equation on
// the same problem with the same options, written in the same shape so the two compare line by
// line (a record k of `sme` sits at the SGD time t_k = Σ_{i<k} η_i of record k of `sgd`).
#include "commands.hpp"
#include "progress.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/catalogue/ensemble_runs.hpp>
#include <sgdsde/sde/stepper_registry.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace sgdsde::cli {
namespace {

struct run_settings {
  problem_settings problem;
  catalogue::run_request run;  // keep_paths is set from --paths-csv and --keep-paths
  std::string csv, paths_csv;
  std::uint64_t keep_paths = 5;
  bool json = false;
  bool hessian_spectrum = false;
  double max_path_steps = default_max_path_steps;
};

void write_outputs(const run_settings& s, const catalogue::ensemble_outcome& out) {
  const sgd::run_plan& p = out.plan.plan;
  const auto& r = out.result;
  const int d = out.d;
  if (!s.csv.empty()) {
    std::vector<std::string> columns{"step", "epoch", "t", "loss_mean", "loss_se"};
    for (int i = 0; i < d; ++i) columns.push_back("x" + std::to_string(i + 1) + "_mean");
    for (int i = 0; i < d; ++i) columns.push_back("x" + std::to_string(i + 1) + "_sd");
    csv_table table(columns);
    for (const auto& rec : r.records) {
      std::vector<csv_cell> row{rec.step, p.n > 0 ? csv_cell(r.epoch(rec.step)) : csv_cell(""), rec.t, rec.loss_mean, rec.loss_se};
      for (int i = 0; i < d; ++i) row.emplace_back(rec.mean[i]);
      for (int i = 0; i < d; ++i) row.emplace_back(rec.sd[i]);
      table.add_row(row);
    }
    write_output_file(s.csv, table.text(), "--csv");
  }
  if (!s.paths_csv.empty()) {
    std::vector<std::string> columns{"run", "step", "t"};
    for (int i = 0; i < d; ++i) columns.push_back("x" + std::to_string(i + 1));
    csv_table table(columns);
    for (std::size_t run = 0; run < r.paths.size(); ++run)
      for (const auto& pt : r.paths[run]) {
        std::vector<csv_cell> row{std::uint64_t(run), pt.step, pt.t};
        for (int i = 0; i < d; ++i) row.emplace_back(pt.x[i]);
        table.add_row(row);
      }
    write_output_file(s.paths_csv, table.text(), "--paths-csv");
  }
  if (s.json) {
    nlohmann::json doc = out.document;
    doc.update({{"version", SGDSDE_VERSION}, {"wall_seconds", out.wall_seconds}});
    if (!s.csv.empty()) doc["csv"] = s.csv;
    if (!s.paths_csv.empty()) doc["paths_csv"] = s.paths_csv;
    return print_json(doc);
  }
  std::printf("%s", out.report.c_str());
}

void run_engine(const run_settings& s, const std::string& engine) {
  if (s.problem.given("--keep-paths") && s.paths_csv.empty())
    throw std::invalid_argument("--keep-paths is read only with --paths-csv; it would be ignored here");
  refuse_shared_output_files({{"--csv", s.csv}, {"--paths-csv", s.paths_csv}});
  catalogue::ensemble_request q;
  q.problem = s.problem;
  q.run = s.run;
  q.run.keep_paths = s.paths_csv.empty() ? 0 : s.keep_paths;
  q.max_path_steps = s.max_path_steps;
  q.hessian_spectrum = s.hessian_spectrum;
  const progress_meter meter(engine.c_str());
  q.progress.update = meter.callback();
  write_outputs(s, catalogue::run_ensemble(engine, q));
}

void add_common_options(CLI::App* cmd, run_settings& s) {
  add_problem_options(cmd, s.problem);
  s.run.given = s.problem.given;
  cmd->add_option("--eta", s.run.schedule.eta, "Learning rate eta (the schedule's eta_0), > 0")->capture_default_str();
  cmd->add_option("--schedule", s.run.schedule.name,
                  "constant | inverse_power (eta/(k+1)^alpha) | exponential (eta gamma^k) | linear (eta -> eta-end "
                  "over the run) | step_decay (eta factor^floor(k/every))")
      ->capture_default_str()
      ->check(one_of({"constant", "inverse_power", "exponential", "linear", "step_decay"}));
  cmd->add_option("--alpha", s.run.schedule.alpha, "inverse_power exponent (>= 0)")->capture_default_str();
  add_integer_option(cmd, "--decay-start", s.run.schedule.decay_start, 0, limits::steps,
                     "inverse_power: a warm phase, eta until this step, then the decay")->capture_default_str();
  add_integer_option(cmd, "--decay-unit", s.run.schedule.decay_unit, 1, limits::steps,
                     "inverse_power: t = (k - start)/unit in eta/(1 + t)^alpha (n/B: t in epochs)")->capture_default_str();
  cmd->add_option("--gamma", s.run.schedule.gamma, "exponential factor, in (0, 1]")->capture_default_str();
  cmd->add_option("--eta-end", s.run.schedule.eta_end, "linear schedule's final rate (> 0)")->capture_default_str();
  cmd->add_option("--decay-factor", s.run.schedule.decay_factor, "step_decay factor, in (0, 1]")->capture_default_str();
  add_integer_option(cmd, "--decay-every", s.run.schedule.decay_every, 1, limits::steps, "step_decay period in steps")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", s.run.batch, 1, limits::batch, "Batch size B (<= n without replacement)")->capture_default_str();
  cmd->add_option("--sampler", s.run.sampler, "with_replacement | without_replacement | reshuffling")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement", "reshuffling"}));
  cmd->add_flag("--gd", s.run.gd, "Full-batch gradient descent (B = n, every sample once per step)");
  add_integer_option(cmd, "--steps", s.run.steps, 1, limits::steps, "SGD steps (default: 10 epochs for data sets, 1000 for population problems)");
  cmd->add_option("--epochs", s.run.epochs, "Epochs of n/B steps (data sets only)");
  add_integer_option(cmd, "--runs", s.run.runs, 1, limits::runs, "Independent runs in the ensemble")->capture_default_str();
  add_integer_option(cmd, "--seed", s.run.seed, 0, limits::seed, "Seed: same seed, bit-identical output for any thread count")->capture_default_str();
  add_integer_option(cmd, "--threads", s.run.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  add_integer_option(cmd, "--record-every", s.run.record_every, 1, limits::steps, "Record every this many SGD steps (default: each epoch, or steps/100)");
  accept_infinity(cmd->add_option("--bound", s.run.bound, "Stop with an error when |x|_inf exceeds this (divergence; inf: only non-finite)"))
      ->capture_default_str();
  add_output_file_option(cmd, "--csv", s.csv, "Write the records (step, epoch, t, loss, iterate mean and sd) to this CSV");
  add_output_file_option(cmd, "--paths-csv", s.paths_csv, "Write the iterates of the first --keep-paths runs to this CSV");
  add_integer_option(cmd, "--keep-paths", s.keep_paths, 1, limits::runs, "Runs written to --paths-csv")->capture_default_str();
  add_work_cap_option(cmd, s.max_path_steps);
  cmd->add_flag("--hessian-spectrum", s.hessian_spectrum,
                "Also the Hessian's eigenvalues at the final mean, its condition number and 2/L (one full Hessian, O(n d^2))");
  cmd->add_flag("--json", s.json, "Print a JSON summary (final mean and covariance, records) instead of a table");
}

}  // namespace

void register_sgd(CLI::App& app) {
  auto s = std::make_shared<run_settings>();
  auto* cmd = app.add_subcommand("sgd", std::string("Exact minibatch SGD (and GD, momentum, averaging, injected noise) on a "
                                                    "built-in problem or a CSV data set.\n") + problem_help());
  add_common_options(cmd, *s);
  cmd->add_option("--method", s->run.method,
                  "plain | momentum | injected_noise (x - eta (grad f + xi), xi ~ Sigma/B) | svag (Li, Malladi & Arora "
                  "2021: steps eta/l on two minibatches, gradient covariance l Sigma/B; the SME's weak limit as l grows; "
                  "records at t = sum eta/l)")
      ->capture_default_str()
      ->check(one_of({"plain", "momentum", "injected_noise", "svag"}));
  cmd->add_option("--svag-l", s->run.svag_l, "SVAG's l, in [1, 1e8] (l = 1 is SGD)")->capture_default_str()->check(real_in(1.0, 1e8));
  cmd->add_option("--momentum", s->run.momentum, "Heavy-ball beta, in [0, 1)")->capture_default_str();
  cmd->add_option("--averaging", s->run.averaging, "none | uniform | eta_weighted (Polyak; Theorem 2.5's x-bar)")
      ->capture_default_str()
      ->check(one_of({"none", "uniform", "eta_weighted"}));
  add_integer_option(cmd, "--average-from", s->run.average_from, 0, limits::steps,
                     "Burn-in: the average starts after this many SGD steps (the iterate is reported until then)")
      ->capture_default_str();
  cmd->add_flag("--report-average", s->run.report_average, "Record the averaged iterate instead of the last one");
  cmd->add_option("--noise", s->run.noise, "injected_noise law: gaussian | student_t")
      ->capture_default_str()
      ->check(one_of({"gaussian", "student_t"}));
  cmd->add_option("--dof", s->run.dof, "student_t degrees of freedom (> 2)")->capture_default_str();
  cmd->callback([s]() { run_engine(*s, "sgd"); });
}

void register_sme(CLI::App& app) {
  auto s = std::make_shared<run_settings>();
  auto* cmd = app.add_subcommand(
      "sme", std::string("The stochastic modified equation dX = -grad f dt + sqrt(eta c Sigma(X)/B) dW (order 1) or with\n"
                         "drift -(grad f + eta/2 H grad f) (order 2), same options and output shape as `sgd`.\n") +
                 problem_help());
  add_common_options(cmd, *s);
  add_integer_option(cmd, "--order", s->run.order, 1, 2, "SME order")->capture_default_str();
  cmd->add_option("--integrator", s->run.integrator,
                  sde::integrators::names_text() + " (milstein and platen_weak2 read Levy areas: covariance form, m = d)")
      ->capture_default_str()
      ->check(one_of(sde::integrators::names()));
  add_integer_option(cmd, "--substeps", s->run.substeps, 1, limits::substeps, "SDE steps per SGD step (dt = eta_k / substeps)")->capture_default_str();
  cmd->add_option("--diffusion", s->run.diffusion, "automatic | per_sample (d x n factor, m = n) | covariance (factor of Sigma, m = d). automatic takes\n"
                  "the form with fewer flops per step unless its workspace is over 1 GiB per thread and the other's is not;\n"
                  "covariance for integrators that read Levy areas; the output says which and why")
      ->capture_default_str()
      ->check(one_of({"automatic", "per_sample", "covariance"}));
  cmd->callback([s]() { run_engine(*s, "sme"); });
}

}  // namespace sgdsde::cli
