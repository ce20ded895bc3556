// `sgdsde sgd` and `sgdsde sme`: the exact SGD recursion and its stochastic modified equation on
// the same problem with the same options, written in the same shape so the two compare line by
// line (a record k of `sme` sits at the SGD time t_k = Σ_{i<k} η_i of record k of `sgd`).
#include "commands.hpp"
#include "progress.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/ensemble_run.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/run_plan.hpp>

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
  sgd::schedule_choice schedule;
  std::size_t batch = 1;
  std::string sampler = "with_replacement";
  bool gd = false;
  std::string method = "plain";
  double momentum = 0.9;
  double svag_l = 1.0;
  std::string averaging = "none";
  std::uint64_t average_from = 0;  // SGD steps of burn-in before the average starts
  bool report_average = false;
  std::string noise = "gaussian";
  double dof = 5.0;
  std::uint64_t steps = 0;
  std::optional<double> epochs;  // not given: 10 epochs (data sets)
  std::uint64_t runs = 100;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::uint64_t record_every = 0;
  double bound = sde::default_divergence_bound;
  std::string csv, paths_csv;
  std::uint64_t keep_paths = 5;
  bool json = false;
  // sme only
  int order = 1;
  std::string integrator = "euler_maruyama";
  std::uint64_t substeps = 10;
  std::string diffusion = "automatic";
  double max_path_steps = default_max_path_steps;
};

// Refuses (up front) a run beyond the work cap: the ensemble, and the rerun kept for --paths-csv.
// And the memory of the records: every chunk in flight holds its own per-record mean, covariance
// and loss statistics (and --paths-csv keeps every recorded iterate of its runs).
void check_work(const run_settings& s, const char* engine_name, double steps_per_path, double records, int d) {
  work_plan work(s.max_path_steps);
  work.add(engine_name, double(s.runs), steps_per_path);
  if (!s.paths_csv.empty()) work.add("--paths-csv", double(std::min(s.keep_paths, s.runs)), steps_per_path);
  work.check();
  sde::ensemble_options ensemble;
  ensemble.n_paths = s.runs;
  ensemble.threads = s.threads;
  const double threads = double(ensemble.resolved_threads());
  const double per_copy = records * (double(d) * d + 2.0 * d + 4.0) * 8.0;
  const double kept = s.paths_csv.empty() ? 0.0 : double(std::min(s.keep_paths, s.runs)) * records * (d + 2.0) * 8.0;
  const double bytes = per_copy * (2.0 + 4.0 * threads) + kept;
  if (bytes > limits::record_bytes)
    throw std::invalid_argument(short_number(records) + " records of a d = " + std::to_string(d) + " run need about " +
                                short_number(bytes / 1e9) + " GB (" + std::to_string(int(threads)) +
                                " threads, each with chunks in flight" + (kept > 0 ? ", and the --paths-csv runs" : "") +
                                "); at most " + short_number(limits::record_bytes / 1e9) +
                                " GB: record less often (--record-every) or keep fewer paths");
}

// Options that only mean something together with another choice are refused when that choice is
// not made, instead of being silently ignored.
void refuse_unread_run_options(const run_settings& s) {
  auto refuse_unless = [&](const char* name, bool read, const std::string& when) {
    if (s.problem.given && s.problem.given(name) && !read) throw std::invalid_argument(std::string(name) + " is read only " + when + "; it would be ignored here");
  };
  refuse_unless("--batch", !s.gd, "without --gd (--gd uses every sample once per step, B = n)");
  refuse_unless("--sampler", !s.gd, "without --gd (--gd uses every sample once per step)");
  refuse_unless("--momentum", s.method == "momentum", "with --method momentum");
  refuse_unless("--svag-l", s.method == "svag", "with --method svag");
  refuse_unless("--noise", s.method == "injected_noise", "with --method injected_noise");
  refuse_unless("--dof", s.method == "injected_noise" && s.noise == "student_t", "with --method injected_noise --noise student_t");
  refuse_unless("--report-average", s.averaging != "none", "with --averaging uniform or eta_weighted");
  refuse_unless("--average-from", s.averaging != "none", "with --averaging uniform or eta_weighted");
  refuse_unless("--alpha", s.schedule.name == "inverse_power", "with --schedule inverse_power");
  refuse_unless("--gamma", s.schedule.name == "exponential", "with --schedule exponential");
  refuse_unless("--eta-end", s.schedule.name == "linear", "with --schedule linear");
  refuse_unless("--decay-factor", s.schedule.name == "step_decay", "with --schedule step_decay");
  refuse_unless("--decay-every", s.schedule.name == "step_decay", "with --schedule step_decay");
  refuse_unless("--keep-paths", !s.paths_csv.empty(), "with --paths-csv");
  refuse_shared_output_files({{"--csv", s.csv}, {"--paths-csv", s.paths_csv}});
}

// The resolved run: sgd::plan_run's step counts and stride, and the schedule (which may need the step count).
struct plan : sgd::run_plan {
  sgd::learning_rate_schedule schedule = sgd::learning_rate_schedule::constant(1.0);
};

plan make_plan(const run_settings& s, std::size_t n) {
  refuse_unread_run_options(s);
  sgd::run_length length;
  length.batch = s.batch;
  length.sampler = sgd::sampling_from_string(s.sampler);
  length.full_batch = s.gd;
  length.steps = s.steps;
  length.epochs = s.epochs;
  length.record_every = s.record_every;
  length.max_steps = double(limits::steps);
  length.svag_l = s.method == "svag" ? s.svag_l : 1.0;
  length.average_from = s.average_from;
  plan p;
  static_cast<sgd::run_plan&>(p) = sgd::plan_run(length, n);
  p.schedule = s.schedule.make(p.sgd_steps);
  return p;
}

// The plain SGD run both engines start from: the plan's schedule, batch, sampler and steps.
sgd::sgd_options run_options(const run_settings& s, const plan& p) {
  sgd::sgd_options o;
  o.schedule = p.schedule;
  o.batch = p.batch;
  o.sampler = p.sampler;
  o.n_steps = p.steps;
  o.seed = s.seed;
  o.bound = s.bound;
  o.ensemble.n_paths = s.runs;
  o.ensemble.threads = s.threads;
  return o;
}

// The ensemble study's options for this command line and plan.
analysis::ensemble_run_options study_options(const run_settings& s, const plan& p) {
  analysis::ensemble_run_options o;
  o.run = run_options(s, p);
  o.record_every = p.record_every;
  o.keep_paths = s.paths_csv.empty() ? 0 : s.keep_paths;
  o.steps_per_epoch = p.n > 0 ? p.steps_per_epoch : 0;
  o.order = s.order;
  o.integrator = s.integrator;
  o.substeps = s.substeps;
  o.form = sgd::diffusion_form_from_string(s.diffusion);
  return o;
}

void write_outputs(const run_settings& s, const plan& p, int d, const std::string& description,
                   const analysis::ensemble_run_result& r, double wall_seconds) {
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
    nlohmann::json problem = s.problem.to_json();
    problem.update({{"description", description}, {"d", d}, {"n", p.n}});
    nlohmann::json opts = {{"eta", s.schedule.eta}, {"schedule", p.schedule.description()}, {"batch", p.batch},
                           {"sampler", sgd::to_string(p.sampler)}, {"gd", s.gd}};
    if (is_sgd)
      opts.update({{"method", s.method}, {"momentum", s.momentum}, {"svag_l", s.svag_l}, {"averaging", s.averaging}, {"average_from", s.average_from},
                   {"report_average", s.report_average}, {"noise", s.noise}, {"student_dof", s.dof}});
    else
      opts.update({{"order", s.order}, {"integrator", s.integrator}, {"substeps", s.substeps}, {"diffusion", s.diffusion}});
    nlohmann::json doc = {{"command", r.engine}, {"version", SGDSDE_VERSION}, {"problem", problem}, {"options", opts},
                          {"runs", s.runs}, {"seed", s.seed}, {"steps", p.steps}, {"steps_per_epoch", p.steps_per_epoch},
                          {"record_every", p.record_every}, {"wall_seconds", wall_seconds}};
    doc.update(r.to_json());
    if (!s.csv.empty()) doc["csv"] = s.csv;
    if (!s.paths_csv.empty()) doc["paths_csv"] = s.paths_csv;
    return print_json(doc);
  }
  std::printf("%s: %s\n", is_sgd ? "SGD" : "SME", description.c_str());
  std::printf("schedule %s, B = %zu, %s, %llu runs, %llu steps (%.3g s)\n", p.schedule.description().c_str(), p.batch,
              sgd::to_string(p.sampler), static_cast<unsigned long long>(s.runs),
              static_cast<unsigned long long>(p.steps), wall_seconds);
  std::printf("%s", r.brief_report().c_str());
}

template <class Objective>
void run_sgd(const run_settings& s, const Objective& f, const sgd::vector& x0) {
  const plan p = make_plan(s, f.size());
  check_work(s, "SGD", double(p.steps), double(p.steps / p.record_every + 1), f.dim());
  auto o = study_options(s, p);
  o.run.method = sgd::update_from_string(s.method);
  o.run.momentum = s.momentum;
  o.run.svag_l = s.svag_l;
  o.run.average = sgd::averaging_from_string(s.averaging);
  o.run.average_from = p.average_from;
  o.run.report_average = s.report_average;
  o.run.injected = s.noise == "student_t" ? sgd::noise_law::student_t : sgd::noise_law::gaussian;
  o.run.student_dof = s.dof;
  const progress_meter meter("sgd");
  o.run.ensemble.progress = meter.callback();
  const auto start = std::chrono::steady_clock::now();
  const auto r = analysis::run_sgd_ensemble(f, x0, o);
  write_outputs(s, p, f.dim(), f.description(), r, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

template <class Objective>
void run_sme(const run_settings& s, const Objective& f, const sgd::vector& x0) {
  const plan p = make_plan(s, f.size());
  check_work(s, "SME", double(p.steps) * double(s.substeps), double(p.steps / p.record_every + 1), f.dim());
  auto o = study_options(s, p);
  const progress_meter meter("sme");
  o.run.ensemble.progress = meter.callback();
  const auto start = std::chrono::steady_clock::now();
  const auto r = analysis::run_sme_ensemble(f, x0, o);
  write_outputs(s, p, f.dim(), "SME-" + std::to_string(s.order) + " of " + f.description(), r,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void add_common_options(CLI::App* cmd, run_settings& s) {
  add_problem_options(cmd, s.problem);
  cmd->add_option("--eta", s.schedule.eta, "Learning rate eta (the schedule's eta_0), > 0")->capture_default_str();
  cmd->add_option("--schedule", s.schedule.name,
                  "constant | inverse_power (eta/(k+1)^alpha) | exponential (eta gamma^k) | linear (eta -> eta-end "
                  "over the run) | step_decay (eta factor^floor(k/every))")
      ->capture_default_str()
      ->check(one_of({"constant", "inverse_power", "exponential", "linear", "step_decay"}));
  cmd->add_option("--alpha", s.schedule.alpha, "inverse_power exponent (>= 0)")->capture_default_str();
  cmd->add_option("--gamma", s.schedule.gamma, "exponential factor, in (0, 1]")->capture_default_str();
  cmd->add_option("--eta-end", s.schedule.eta_end, "linear schedule's final rate (> 0)")->capture_default_str();
  cmd->add_option("--decay-factor", s.schedule.decay_factor, "step_decay factor, in (0, 1]")->capture_default_str();
  add_integer_option(cmd, "--decay-every", s.schedule.decay_every, 1, limits::steps, "step_decay period in steps")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", s.batch, 1, limits::batch, "Batch size B (<= n without replacement)")->capture_default_str();
  cmd->add_option("--sampler", s.sampler, "with_replacement | without_replacement | reshuffling")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement", "reshuffling"}));
  cmd->add_flag("--gd", s.gd, "Full-batch gradient descent (B = n, every sample once per step)");
  add_integer_option(cmd, "--steps", s.steps, 1, limits::steps, "SGD steps (default: 10 epochs for data sets, 1000 for population problems)");
  cmd->add_option("--epochs", s.epochs, "Epochs of n/B steps (data sets only)");
  add_integer_option(cmd, "--runs", s.runs, 1, limits::runs, "Independent runs in the ensemble")->capture_default_str();
  add_integer_option(cmd, "--seed", s.seed, 0, limits::seed, "Seed: same seed, bit-identical output for any thread count")->capture_default_str();
  add_integer_option(cmd, "--threads", s.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  add_integer_option(cmd, "--record-every", s.record_every, 1, limits::steps, "Record every this many SGD steps (default: each epoch, or steps/100)");
  accept_infinity(cmd->add_option("--bound", s.bound, "Stop with an error when |x|_inf exceeds this (divergence; inf: only non-finite)"))
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
  cmd->add_option("--method", s->method,
                  "plain | momentum | injected_noise (x - eta (grad f + xi), xi ~ Sigma/B) | svag (Li, Malladi & Arora "
                  "2021: steps eta/l on two minibatches, gradient covariance l Sigma/B; the SME's weak limit as l grows; "
                  "records at t = sum eta/l)")
      ->capture_default_str()
      ->check(one_of({"plain", "momentum", "injected_noise", "svag"}));
  cmd->add_option("--svag-l", s->svag_l, "SVAG's l, in [1, 1e8] (l = 1 is SGD)")->capture_default_str()->check(real_in(1.0, 1e8));
  cmd->add_option("--momentum", s->momentum, "Heavy-ball beta, in [0, 1)")->capture_default_str();
  cmd->add_option("--averaging", s->averaging, "none | uniform | eta_weighted (Polyak; Theorem 2.5's x-bar)")
      ->capture_default_str()
      ->check(one_of({"none", "uniform", "eta_weighted"}));
  add_integer_option(cmd, "--average-from", s->average_from, 0, limits::steps,
                     "Burn-in: the average starts after this many SGD steps (the iterate is reported until then)")
      ->capture_default_str();
  cmd->add_flag("--report-average", s->report_average, "Record the averaged iterate instead of the last one");
  cmd->add_option("--noise", s->noise, "injected_noise law: gaussian | student_t")
      ->capture_default_str()
      ->check(one_of({"gaussian", "student_t"}));
  cmd->add_option("--dof", s->dof, "student_t degrees of freedom (> 2)")->capture_default_str();
  cmd->callback([s]() { with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run_sgd(*s, f, x0); }); });
}

void register_sme(CLI::App& app) {
  auto s = std::make_shared<run_settings>();
  auto* cmd = app.add_subcommand(
      "sme", std::string("The stochastic modified equation dX = -grad f dt + sqrt(eta c Sigma(X)/B) dW (order 1) or with\n"
                         "drift -(grad f + eta/2 H grad f) (order 2), same options and output shape as `sgd`.\n") +
                 problem_help());
  add_common_options(cmd, *s);
  add_integer_option(cmd, "--order", s->order, 1, 2, "SME order")->capture_default_str();
  cmd->add_option("--integrator", s->integrator,
                  sde::integrators::names_text() + " (milstein and platen_weak2 read Levy areas: covariance form, m = d)")
      ->capture_default_str()
      ->check(one_of(sde::integrators::names()));
  add_integer_option(cmd, "--substeps", s->substeps, 1, limits::substeps, "SDE steps per SGD step (dt = eta_k / substeps)")->capture_default_str();
  cmd->add_option("--diffusion", s->diffusion, "automatic | per_sample (d x n factor, m = n) | covariance (factor of Sigma, m = d). automatic takes\n"
                  "the form with fewer flops per step unless its workspace is over 1 GiB per thread and the other's is not;\n"
                  "covariance for integrators that read Levy areas; the output says which and why")
      ->capture_default_str()
      ->check(one_of({"automatic", "per_sample", "covariance"}));
  cmd->callback([s]() { with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run_sme(*s, f, x0); }); });
}

}  // namespace sgdsde::cli
