// `sgdsde weak-error`: parse, run analysis::run_weak_error_study (weak_error_study.hpp; exact or Monte
// Carlo mode), print its report or JSON and write the per-eta table as CSV.
#include "commands.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/svag_weak_error.hpp>
#include <sgdsde/analysis/weak_error_study.hpp>
#include <sgdsde/sde/stepper_registry.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

namespace sgdsde::cli {
namespace {

struct weak_error_settings {
  problem_settings problem;
  analysis::weak_error_study_options study;
  std::string functional = "loss";
  std::string sampler = "with_replacement";
  bool json = false;
  std::string csv;
  double max_path_steps = default_max_path_steps;
  std::vector<double> svag_l;  // non-empty: SVAG(l) against the SME-1 at rate svag_eta (exact)
  double svag_eta = 0.1;
};

// The per-eta table; a side that diverged leaves its cells (and its errors) empty.
std::string points_csv(const analysis::weak_error_study_result& r) {
  csv_table table({"eta", "steps", "sgd", "sgd_se", "sme1", "sme1_se", "sme2", "sme2_se", "error1", "error1_se", "error2", "error2_se"});
  auto value = [](bool ok, double v) { return ok ? csv_cell(v) : csv_cell(""); };
  for (const auto& p : r.rows) {
    const bool sgd_ok = p.sgd_divergence.empty(), sme1_ok = p.sme_divergence[0].empty(), sme2_ok = p.sme_divergence[1].empty();
    table.add_row({p.eta, p.steps, value(sgd_ok, p.sgd), value(sgd_ok, p.sgd_se), value(sme1_ok, p.sme[0]),
                   value(sme1_ok, p.sme_se[0]), value(sme2_ok, p.sme[1]), value(sme2_ok, p.sme_se[1]),
                   value(p.side_ok(1), p.error(1)), value(p.side_ok(1), p.error_se(1)), value(p.side_ok(2), p.error(2)),
                   value(p.side_ok(2), p.error_se(2))});
  }
  return table.text();
}

void print_result(const weak_error_settings& s, const std::string& mode, const std::string& description,
                  const nlohmann::json& result, const std::string& report, double wall) {
  if (s.json) {
    nlohmann::json problem = s.problem.to_json();
    problem["description"] = description;
    nlohmann::json doc = {{"command", "weak-error"}, {"version", SGDSDE_VERSION}, {"mode", mode}, {"problem", problem}};
    doc.update(result);
    doc["wall_seconds"] = wall;
    return print_json(doc);
  }
  std::printf("%s: %s\n%s", mode == "svag_exact" ? "Weak error of SVAG(l) against the SME-1 (exact)"
                                                 : ("Weak error of the SME against SGD (" + mode + " mode)").c_str(),
              description.c_str(), report.c_str());
}

// --svag-l: SVAG(l) against the SME-1 at rate --eta over T = K eta, from the exact moment recursions.
template <class Objective>
void run_svag(const weak_error_settings& s, const Objective& f, const sgd::vector& x0) {
  for (const char* unread : {"--mode", "--steps", "--runs", "--substeps", "--integrator", "--seed", "--threads"})
    if (s.problem.given(unread))
      throw std::invalid_argument(std::string(unread) + " is not read with --svag-l (the SVAG sweep is exact: moment "
                                  "recursions, no Monte Carlo); it would be ignored here");
  if constexpr (!analysis::has_affine_model_v<Objective>) {
    throw std::invalid_argument("--svag-l needs a problem with affine per-sample gradients (least_squares, li_tai_e, "
                                "non_commuting): its sweep is exact; on other problems compare `sgdsde sgd --method svag` "
                                "with `sgdsde sme`");
  } else {
    const auto start = std::chrono::steady_clock::now();
    analysis::svag_weak_error_options o;
    o.eta = s.svag_eta;
    o.sgd_steps = analysis::svag_weak_error_options::steps_for_horizon(s.study.horizon, s.svag_eta);
    o.ls = s.svag_l;
    o.batch = s.study.batch;
    o.sampler = sgd::sampling_from_string(s.sampler);
    o.functional = analysis::moment_functional::parse(s.functional);
    o.confidence = s.study.confidence;
    o.bound = s.study.bound;
    std::string error;
    if (!o.is_valid(&error)) throw std::invalid_argument("--svag-l: " + error);
    const auto r = analysis::exact_svag_weak_error(analysis::affine_model(f), x0, o);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!s.csv.empty()) {
      csv_table table({"l", "steps", "svag", "sme1", "error"});
      for (const auto& p : r.points) {
        const bool ok = p.svag_divergence.empty();
        table.add_row({p.l, p.steps, ok ? csv_cell(p.svag) : csv_cell(""), r.sme_divergence.empty() ? csv_cell(r.sme) : csv_cell(""),
                       ok && r.sme_divergence.empty() ? csv_cell(p.error()) : csv_cell("")});
      }
      write_output_file(s.csv, table.text(), "--csv");
    }
    print_result(s, "svag_exact", f.description(), r.to_json(), r.brief_report(), wall);
  }
}

template <class Objective>
void run(weak_error_settings s, const Objective& f, const sgd::vector& x0) {
  if (!s.svag_l.empty()) return run_svag(s, f, x0);
  const auto start = std::chrono::steady_clock::now();
  auto& st = s.study;
  st.sampler = sgd::sampling_from_string(s.sampler);
  st.functional = analysis::moment_functional::parse(s.functional);
  const std::string mode = st.resolved_mode(analysis::has_affine_model_v<Objective>);
  if (mode == "exact" && !st.integrator.empty())
    throw std::invalid_argument("--integrator " + st.integrator + ": the exact mode integrates no SDE (it solves the moment "
                                "equations); use it with --mode monte_carlo");
  if (mode == "exact" && !analysis::has_affine_model_v<Objective>)
    throw std::invalid_argument("--mode exact needs a problem with affine per-sample gradients "
                                "(least_squares, li_tai_e, non_commuting); use --mode monte_carlo");
  if (st.functional.what == analysis::moment_functional::kind::coordinate && st.functional.coordinate >= f.dim())
    throw std::invalid_argument("--functional " + s.functional + ": the problem has d = " + std::to_string(f.dim()));
  work_plan work(s.max_path_steps);
  const bool richardson = analysis::uses_richardson(st.monte_carlo_integrator());
  for (std::uint64_t K : st.resolved_steps(mode)) {
    if (mode == "exact") {
      work.add("exact moments", 1, double(K));
    } else {  // per K: SGD, and each SME order at s (and 2s for Richardson) substeps
      work.add("SGD K=" + std::to_string(K), double(st.runs), double(K));
      work.add("SME", 2.0 * double(st.runs), (richardson ? 3.0 : 1.0) * double(K) * double(st.substeps));
    }
  }
  work.check();
  const progress_meter meter("weak-error", mode == "exact" ? 0 : int((richardson ? 5 : 3) * st.resolved_steps(mode).size()));
  st.ensemble.progress = meter.callback();
  const auto r = analysis::run_weak_error_study(f, x0, st);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!s.csv.empty()) write_output_file(s.csv, points_csv(r), "--csv");
  print_result(s, r.mode, f.description(), r.to_json(), r.brief_report(), wall);
}

}  // namespace

void register_weak_error(CLI::App& app) {
  auto s = std::make_shared<weak_error_settings>();
  auto* cmd = app.add_subcommand(
      "weak-error",
      std::string("Weak error |E phi(x_K) - E phi(X_T)| of the SME-1 and SME-2 against SGD over eta = T/K, with fitted\n"
                  "orders (Li-Tai-E: 1 and 2). Exact mode (moment equations, no Monte Carlo) for least_squares,\n"
                  "li_tai_e, non_commuting; Monte Carlo mode (SDE bias removed by Richardson) for every problem.\n") +
          problem_help());
  s->problem.name = "li_tai_e";
  add_problem_options(cmd, s->problem);
  cmd->add_option("--mode", s->study.mode, "auto | exact | monte_carlo")->capture_default_str()
      ->check(one_of({"auto", "exact", "monte_carlo"}));
  cmd->add_option("--functional", s->functional, "loss | second_moment (|x|^2) | x<i> (a coordinate)")->capture_default_str();
  cmd->add_option("--horizon,-T", s->study.horizon, "Time horizon T = K eta (> 0)")->capture_default_str();
  add_integer_option(cmd, "--steps", s->study.steps, 1, limits::steps,
                     "Step counts K, comma-separated, increasing (default exact 8..256, Monte Carlo 4,8,16,32)")
      ->delimiter(',');
  add_integer_option(cmd, "--batch,-B", s->study.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->sampler, "with_replacement | without_replacement (exact mode: no reshuffling)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement", "reshuffling"}));
  add_integer_option(cmd, "--runs", s->study.runs, 2, limits::runs, "Monte Carlo: runs per ensemble")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->study.substeps, 1, limits::substeps, "Monte Carlo: SDE steps per SGD step (and twice that for Richardson)")
      ->capture_default_str();
  cmd->add_option("--integrator", s->study.integrator,
                  "Monte Carlo: the SME's integrator, " + sde::integrators::names_text() +
                      " (default euler_maruyama; weak order 1 ones are Richardson-extrapolated, weak order 2 ones run once)")
      ->check(one_of(sde::integrators::names()));
  accept_infinity(cmd->add_option("--bound", s->study.bound,
                  "|x|_inf beyond this counts as divergence (exact mode: the root-mean-square coordinate; inf: only\n"
                  "non-finite values; exact mode also counts an unstable SGD moment recursion); a diverged\n"
                  "side is reported per eta and left out of the order fits"))
      ->capture_default_str()
      ->check(positive_real());
  cmd->add_option("--svag-l", s->svag_l,
                  "SVAG instead of SGD: l values, comma-separated, increasing, >= 1 (e.g. 1,2,4,8,16,32); SVAG(l) at\n"
                  "steps eta/l against the SME-1 of rate --eta at T, exactly, with the order in 1/l (1 expected)")
      ->delimiter(',')
      ->check(real_in(1.0, 1e8));
  cmd->add_option("--eta", s->svag_eta, "With --svag-l: SGD's rate eta (T/eta whole)")->capture_default_str()->check(real_in(0, 1e6, true));
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", s->study.seed, 0, limits::seed, "Monte Carlo seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->study.ensemble.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--confidence", s->study.confidence, "Confidence level of the order intervals, in (0, 1)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() {
    if (s->svag_l.empty() && s->problem.given("--eta"))
      throw std::invalid_argument("--eta is read only with --svag-l (the SGD sweep takes eta = T/K from --steps); it would be ignored here");
    with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run(*s, f, x0); });
  });
}

}  // namespace sgdsde::cli
