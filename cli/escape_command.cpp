// `sgdsde escape`: parse, plan the escape study (analysis/escape_study.hpp), check its work against
// the cap, run it, print its report, JSON or CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"
#include "progress.hpp"

#include <sgdsde/analysis/escape_study.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace sgdsde::cli {
namespace {

struct escape_settings {
  problem_settings problem;
  analysis::escape_study_options study;
  std::string sampler = "with_replacement";
  std::uint64_t runs = 2000;
  double max_path_steps = default_max_path_steps;
  unsigned threads = 0;
  bool json = false;
  std::string csv;
};

template <class Objective>
void run(escape_settings s, const Objective& f, double x0) {
  const auto start = std::chrono::steady_clock::now();
  s.study.ensemble.n_paths = s.runs;
  s.study.ensemble.threads = s.threads;
  s.study.max_steps = limits::steps;
  const auto plan = analysis::plan_escape_study(f, x0, s.study);
  work_plan work(s.max_path_steps);
  for (const auto& p : plan.points) {
    work.add("SGD eta " + short_number(p.eta), double(s.runs), double(p.steps));
    work.add("SME", double(s.runs), double(p.steps) * double(s.study.substeps));
  }
  work.check();
  const progress_meter meter("escape", int(2 * plan.points.size()));
  s.study.ensemble.progress = meter.callback();
  const auto r = analysis::run_escape_study(f, s.study, plan);
  const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string& sme = s.study.integrator;
  if (!s.csv.empty()) {
    csv_table table({"eta", "temperature", "exact", "kramers", "sgd", "sgd_se", "sgd_censored", sme, sme + "_se", sme + "_censored"});
    for (const auto& p : r.plan.points)
      table.add_row({p.eta, p.temperature, p.exact, p.kramers, p.sgd.mean, p.sgd.standard_error, p.sgd.censored, p.sme.mean,
                     p.sme.standard_error, p.sme.censored});
    write_output_file(s.csv, table.text(), "--csv");
  }
  if (s.json) {
    nlohmann::json problem = s.problem.to_json();
    problem["description"] = f.description();
    nlohmann::json doc = {{"command", "escape"}, {"version", SGDSDE_VERSION}, {"problem", problem}, {"wall_seconds", wall_seconds}};
    doc.update(r.to_json());
    if (!s.csv.empty()) doc["csv"] = s.csv;
    return print_json(doc);
  }
  std::printf("Escape: %s, B = %zu, from x0 = %g to %g (reflected at %g), %llu runs\n", f.description().c_str(), s.study.batch,
              x0, s.study.target, r.plan.wall, static_cast<unsigned long long>(s.runs));
  std::printf("%s", r.brief_report().c_str());
}

}  // namespace

void register_escape(CLI::App& app) {
  auto s = std::make_shared<escape_settings>();
  auto* cmd = app.add_subcommand(
      "escape",
      std::string("Escape from a well (1-D): mean first-passage times of SGD and of its SME (any integrator) from x0\n"
                  "to a target over a sweep of eta, next to the SME's exact value (quadrature, reflecting wall far\n"
                  "behind x0) and Kramers' asymptotic for additive noise.\n") +
          problem_help());
  default_to_mixing_double_well(s->problem);  // dF/eps from 4.2 (eta = 0.03) to 1.25 (eta = 0.1)
  add_problem_options(cmd, s->problem, false);  // --target is the level below (escape runs 1-D problems)
  auto& st = s->study;
  cmd->add_option("--eta", st.etas, "Learning rates, comma-separated (each > 0)")->delimiter(',')->capture_default_str();
  cmd->add_option("--target", st.target, "Level whose first passage is timed")->capture_default_str()->check(real_in(-1e6, 1e6));
  cmd->add_option("--reflect-at", st.reflect_at,
                  "Reflecting wall of the exact computation (default x0 -/+ 4|target - x0|, behind x0)")
      ->check(real_in(-1e7, 1e7));
  cmd->add_option("--horizon-factor", st.horizon_factor,
                  "Runs stop at this multiple of the exact time; runs that have not escaped are censored")
      ->capture_default_str()
      ->check(real_in(2, 1e6));
  add_integer_option(cmd, "--batch,-B", st.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->sampler, "with_replacement | without_replacement (finite --n; the noise scale uses its c)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement"}));
  add_integer_option(cmd, "--runs", s->runs, 2, limits::runs, "Runs per ensemble")->capture_default_str();
  add_integer_option(cmd, "--substeps", st.substeps, 1, limits::substeps, "SDE steps per SGD step")->capture_default_str();
  cmd->add_option("--integrator", st.integrator, "The SME's integrator: " + sde::integrators::names_text())
      ->capture_default_str()
      ->check(one_of(sde::integrators::names()));
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", st.seed, 0, limits::seed, "Seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() {
    // Start at the left well's bottom unless told otherwise.
    with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) {
      auto settings = *s;
      settings.study.sampler = sgd::sampling_from_string(s->sampler);
      run(settings, f, s->problem.x0.empty() ? -1.0 : x0[0]);
    });
  });
}

}  // namespace sgdsde::cli
