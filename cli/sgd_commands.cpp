// `sgdsde sgd` and `sgdsde sme`: the exact SGD recursion and its stochastic modified equation on
// the same problem with the same options, written in the same shape so the two compare line by
// line (a record k of `sme` sits at the SGD time t_k = Σ_{i<k} η_i of record k of `sgd`).
#include "commands.hpp"
#include "progress.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/run_request.hpp>
#include <sgdsde/sde/stepper_registry.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
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
  analysis::run_request run;  // keep_paths is set from --paths-csv and --keep-paths
  std::string csv, paths_csv;
  std::uint64_t keep_paths = 5;
  bool json = false;
  double max_path_steps = default_max_path_steps;
};

// Refuses (up front) a run beyond the work cap: the ensemble, and the rerun kept for --paths-csv.
// And the memory of the records: every chunk in flight holds its own per-record mean, covariance
// and loss statistics (and --paths-csv keeps every recorded iterate of its runs).
void check_work(const run_settings& s, const char* engine_name, double steps_per_path, double records, int d) {
  work_plan work(s.max_path_steps);
  work.add(engine_name, double(s.run.runs), steps_per_path);
  if (!s.paths_csv.empty()) work.add("--paths-csv", double(std::min(s.keep_paths, s.run.runs)), steps_per_path);
  work.check();
  sde::ensemble_options ensemble;
  ensemble.n_paths = s.run.runs;
  ensemble.threads = s.run.threads;
  const double threads = double(ensemble.resolved_threads());
  const double per_copy = records * (double(d) * d + 2.0 * d + 4.0) * 8.0;
  const double kept = s.paths_csv.empty() ? 0.0 : double(std::min(s.keep_paths, s.run.runs)) * records * (d + 2.0) * 8.0;
  const double bytes = per_copy * (2.0 + 4.0 * threads) + kept;
  if (bytes > limits::record_bytes)
    throw std::invalid_argument(short_number(records) + " records of a d = " + std::to_string(d) + " run need about " +
                                short_number(bytes / 1e9) + " GB (" + std::to_string(int(threads)) +
                                " threads, each with chunks in flight" + (kept > 0 ? ", and the --paths-csv runs" : "") +
                                "); at most " + short_number(limits::record_bytes / 1e9) +
                                " GB: record less often (--record-every) or keep fewer paths");
}

// The request's plan and options for n samples, after the command's own option checks.
analysis::run_request::resolved resolve(run_settings s, const std::string& engine, std::size_t n) {
  if (s.problem.given("--keep-paths") && s.paths_csv.empty())
    throw std::invalid_argument("--keep-paths is read only with --paths-csv; it would be ignored here");
  refuse_shared_output_files({{"--csv", s.csv}, {"--paths-csv", s.paths_csv}});
  s.run.keep_paths = s.paths_csv.empty() ? 0 : s.keep_paths;
  s.run.max_steps = double(limits::steps);
  return s.run.resolve(engine, n);
}

void write_outputs(const run_settings& s, const analysis::run_request::resolved& q, int d, const std::string& description,
                   const analysis::ensemble_run_result& r, double wall_seconds) {
  const sgd::run_plan& p = q.plan;
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
  const bool is_sgd = r.engine == "sgd";
  if (s.json) {
    nlohmann::json doc = s.run.document(r.engine, q, s.problem.to_json(), description, d, r);
    doc.update({{"version", SGDSDE_VERSION}, {"wall_seconds", wall_seconds}});
    if (!s.csv.empty()) doc["csv"] = s.csv;
    if (!s.paths_csv.empty()) doc["paths_csv"] = s.paths_csv;
    return print_json(doc);
  }
  std::printf("%s: %s\n", is_sgd ? "SGD" : "SME", description.c_str());
  std::printf("schedule %s, B = %zu, %s, %llu runs, %llu steps (%.3g s)\n", q.options.run.schedule.description().c_str(), p.batch,
              sgd::to_string(p.sampler), static_cast<unsigned long long>(s.run.runs),
              static_cast<unsigned long long>(p.steps), wall_seconds);
  std::printf("%s", r.brief_report().c_str());
}

template <class Objective>
void run_engine(const run_settings& s, const std::string& engine, const Objective& f, const sgd::vector& x0) {
  auto q = resolve(s, engine, f.size());
  const double substeps = engine == "sme" ? double(s.run.substeps) : 1.0;
  check_work(s, engine == "sme" ? "SME" : "SGD", double(q.plan.steps) * substeps, double(q.plan.steps / q.plan.record_every + 1), f.dim());
  const progress_meter meter(engine.c_str());
  q.options.run.ensemble.progress = meter.callback();
  const auto start = std::chrono::steady_clock::now();
  const auto r = engine == "sme" ? analysis::run_sme_ensemble(f, x0, q.options) : analysis::run_sgd_ensemble(f, x0, q.options);
  const std::string description = engine == "sme" ? "SME-" + std::to_string(s.run.order) + " of " + f.description() : f.description();
  write_outputs(s, q, f.dim(), description, r, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
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
  cmd->callback([s]() { with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run_engine(*s, "sgd", f, x0); }); });
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
  cmd->callback([s]() { with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run_engine(*s, "sme", f, x0); }); });
}

}  // namespace sgdsde::cli
