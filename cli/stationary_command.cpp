// `sgdsde stationary`: parse, run analysis::run_stationary_study (stationary_study.hpp), print its
// report or JSON and write the per-bin densities as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/stationary_study.hpp>

#include <cstdio>
#include <memory>
#include <optional>

namespace sgdsde::cli {
namespace {

struct stationary_settings {
  problem_settings problem;
  analysis::stationary_study_options study;
  std::optional<double> horizon;       // default 50 (ensembles) or 20000 (chains)
  std::optional<double> burn_in_time;  // default a tenth of the horizon
  std::string sampler = "with_replacement";
  std::vector<double> range;
  bool json = false;
  std::string csv;
  double max_path_steps = default_max_path_steps;
};

// Densities per bin and their standard errors (empty cells for a method that diverged).
std::string density_csv(const analysis::stationary_study_result& r) {
  std::vector<std::string> columns{"x"};
  for (const auto& m : r.methods) columns.insert(columns.end(), {m.method, m.method + "_se"});
  columns.insert(columns.end(), {"fokker_planck", "gibbs"});
  csv_table table(columns);
  const auto x = r.bin_centres();
  const double width = (r.reference->hi - r.reference->lo) / r.options.bins;
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::vector<csv_cell> row{x[i]};
    for (const auto& m : r.methods) {
      const bool ok = m.divergence.empty();
      row.insert(row.end(), {ok ? csv_cell(m.density[i]) : csv_cell(""), ok ? csv_cell(m.density_se[i]) : csv_cell("")});
    }
    row.insert(row.end(), {r.reference->exact_coarse[i] / width, r.reference->gibbs_coarse[i] / width});
    table.add_row(row);
  }
  return table.text();
}

template <class Objective>
void run(stationary_settings s, const Objective& f, const sgd::vector& x0) {
  auto& st = s.study;
  if (!(st.eta > 0.0)) throw std::invalid_argument("--eta must be > 0");
  const double horizon = s.horizon ? *s.horizon : st.chains ? 20000.0 : 50.0;
  const double burn_in_time = s.burn_in_time ? *s.burn_in_time : 0.1 * horizon;
  if (!(horizon > 0.0) || !std::isfinite(horizon)) throw std::invalid_argument("--horizon must be finite and > 0");
  if (!(burn_in_time >= 0.0)) throw std::invalid_argument("--burn-in must be >= 0");
  if (!s.range.empty() && s.range.size() != 2) throw std::invalid_argument("--range takes two values lo,hi");
  if (s.range.size() == 2) {
    if (!(s.range[0] < s.range[1])) throw std::invalid_argument("--range needs lo < hi");
    st.range = std::make_pair(s.range[0], s.range[1]);
  }
  if (st.chains && f.dim() > 1) throw std::invalid_argument("--chains: long chains are for 1-D problems; d > 1 uses ensembles");
  if (!s.csv.empty() && f.dim() > 1) throw std::invalid_argument("--csv: the per-bin table is for 1-D problems; use --json for d > 1");
  st.sampler = sgd::sampling_from_string(s.sampler);
  st.steps = checked_step_count(horizon / st.eta, "-T / --eta");
  if (st.chains) {
    st.burn_in = std::min(st.steps, checked_step_count(burn_in_time / st.eta, "--burn-in / --eta", 0));
    if (st.steps - st.burn_in < 16)
      throw std::invalid_argument("--burn-in must leave at least 16 SGD steps of the horizon (one per batch)");
  }
  work_plan work(s.max_path_steps);
  const double paths = double(st.chains > 0 ? st.chains : st.runs);
  work.add("SGD", paths, double(st.steps));
  for (const auto& name : st.methods())
    if (name != "sgd") work.add(name, paths, double(st.steps) * double(st.substeps));
  work.check();
  const progress_meter meter("stationary", int(st.methods().size()));
  st.ensemble.progress = meter.callback();
  const auto r = analysis::run_stationary_study(f, x0, st);
  if (!s.csv.empty()) write_output_file(s.csv, density_csv(r), "--csv");
  if (s.json) {
    nlohmann::json problem = s.problem.to_json();
    problem["description"] = f.description();
    nlohmann::json doc = {{"command", "stationary"}, {"version", SGDSDE_VERSION}, {"problem", problem}};
    doc.update(r.to_json());
    if (!s.csv.empty()) doc["csv"] = s.csv;
    return print_json(doc);
  }
  std::printf("Stationary law: %s, %s", f.description().c_str(), r.brief_report().c_str());
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
  default_to_mixing_double_well(s->problem);
  add_problem_options(cmd, s->problem);
  cmd->add_option("--eta", s->study.eta, "Learning rate (> 0)")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", s->study.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->sampler,
                  "with_replacement | without_replacement | reshuffling (finite --n; the SME's noise uses its c)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement", "reshuffling"}));
  cmd->add_option("--horizon,-T", s->horizon,
                  "Time T = K eta at which the ensembles are taken, or the length of each chain (default 50, chains 20000)");
  add_integer_option(cmd, "--chains", s->study.chains, 0, limits::runs,
                  "Long chains instead of an ensemble: this many chains, each time-averaged after the burn-in, with\n"
                  "batch-means error bars per bin (16 batches per chain) and the autocorrelation time (0 = ensemble)")
      ->capture_default_str();
  cmd->add_option("--burn-in", s->burn_in_time, "Chains: time discarded at the start of each chain (default T/10)");
  add_integer_option(cmd, "--runs", s->study.runs, 10, limits::runs, "Ensemble size")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->study.substeps, 1, limits::substeps, "SDE steps per SGD step")->capture_default_str();
  add_integer_option(cmd, "--bins", s->study.bins, 2, 10000, "Histogram bins for the distances")->capture_default_str();
  cmd->add_option("--integrator", s->study.integrators,
                  "The SME's integrators (space-separated; default all: " + sde::integrators::names_text() + ")")
      ->check(one_of(sde::integrators::names()));
  cmd->add_option("--range", s->range, "Histogram range lo,hi (default: the exact density's 1e-4 central mass)")->delimiter(',');
  add_integer_option(cmd, "--hill-k", s->study.hill_k, 1, limits::runs, "Order statistics used by the Hill estimator (default runs/50)");
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", s->study.seed, 0, limits::seed, "Seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->study.ensemble.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the densities per bin (x, sgd, each integrator, fokker_planck, gibbs)");
  cmd->callback([s]() {
    // Start at 0 (the double well's barrier top) unless told otherwise, so that an ensemble not yet
    // mixed between the wells is not lopsided.
    with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) {
      run(*s, f, s->problem.x0.empty() ? sgd::vector(sgd::vector::Zero(x0.size())) : x0);
    });
  });
}

}  // namespace sgdsde::cli
