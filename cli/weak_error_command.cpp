// `sgdsde weak-error`: |E φ(x_K) − E φ(X_T)| of the SME-1 and SME-2 against SGD over η = T/K, with
// fitted orders. Exact mode (moment equations, no Monte Carlo) for problems with affine per-sample
// gradients (least_squares, li_tai_e, non_commuting); Monte Carlo mode for every problem.
#include "commands.hpp"
#include "fit_report.hpp"
#include "option_checks.hpp"
#include "output_files.hpp"
#include "progress.hpp"
#include "problem_catalog.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/monte_carlo_weak_error.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/analysis/weak_error.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>

namespace sgdsde::cli {
namespace {

struct weak_error_settings {
  problem_settings problem;
  std::string mode = "auto";
  std::string functional = "loss";
  double horizon = 1.0;
  std::vector<std::uint64_t> steps;
  std::size_t batch = 1;
  std::string sampler = "with_replacement";
  std::uint64_t runs = 10000, substeps = 8, seed = 1;
  std::string integrator;  // Monte Carlo mode's SME integrator; empty: euler_maruyama with Richardson
  unsigned threads = 0;
  double confidence = 0.95;
  double bound = sde::default_divergence_bound;
  bool json = false;
  std::string csv;
  double max_path_steps = default_max_path_steps;
};

std::string short_num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.8g", v);
  return b;
}

std::string monte_carlo_integrator(const weak_error_settings& s) { return s.integrator.empty() ? "euler_maruyama" : s.integrator; }

struct row {
  double eta;
  std::uint64_t steps;
  double sgd, sgd_se, sme[2], sme_se[2];
  std::string sgd_divergence, sme_divergence[2];  // why that side diverged, if it did
  bool rounding_level[2] = {false, false};        // exact mode: error within rounding, not fitted
  bool diverged() const { return !sgd_divergence.empty() || !sme_divergence[0].empty() || !sme_divergence[1].empty(); }
};

// Table cell for one SME order: the error and its standard error, or which side diverged.
std::string error_cell(const row& r, int order) {
  if (!r.sgd_divergence.empty()) return "SGD diverged";
  if (!r.sme_divergence[order - 1].empty()) return "SME diverged";
  char b[64];
  std::snprintf(b, sizeof b, "%+13.4e (%.1e)", r.sme[order - 1] - r.sgd, std::hypot(r.sgd_se, r.sme_se[order - 1]));
  return b;
}

void report(const weak_error_settings& s, const std::string& mode, const std::string& description, const std::vector<row>& rows,
            const analysis::order_fit& o1, const analysis::order_fit& o2, const analysis::local_order* l1,
            const analysis::local_order* l2, double wall) {
  if (!s.csv.empty()) {
    std::string csv = "eta,steps,sgd,sgd_se,sme1,sme1_se,sme2,sme2_se,error1,error1_se,error2,error2_se\n";
    // A side that diverged leaves its cells (and its errors) empty.
    auto cells = [](bool ok, double value, double se) { return ok ? csv_number(value) + "," + csv_number(se) : std::string(","); };
    for (const auto& r : rows) {
      const bool sgd_ok = r.sgd_divergence.empty(), ok1 = sgd_ok && r.sme_divergence[0].empty(),
                 ok2 = sgd_ok && r.sme_divergence[1].empty();
      csv += csv_number(r.eta) + "," + std::to_string(r.steps) + "," + cells(sgd_ok, r.sgd, r.sgd_se) + "," +
             cells(r.sme_divergence[0].empty(), r.sme[0], r.sme_se[0]) + "," +
             cells(r.sme_divergence[1].empty(), r.sme[1], r.sme_se[1]) + "," +
             cells(ok1, r.sme[0] - r.sgd, std::hypot(r.sgd_se, r.sme_se[0])) + "," +
             cells(ok2, r.sme[1] - r.sgd, std::hypot(r.sgd_se, r.sme_se[1])) + "\n";
    }
    write_output_file(s.csv, csv, "--csv");
  }
  if (s.json) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json point = {{"eta", r.eta}, {"steps", r.steps}, {"sgd", r.sgd}, {"sgd_se", r.sgd_se},
                              {"sme1", r.sme[0]}, {"sme1_se", r.sme_se[0]}, {"sme2", r.sme[1]}, {"sme2_se", r.sme_se[1]},
                              {"error1", r.sme[0] - r.sgd}, {"error1_se", std::hypot(r.sgd_se, r.sme_se[0])},
                              {"error2", r.sme[1] - r.sgd}, {"error2_se", std::hypot(r.sgd_se, r.sme_se[1])}};
      if (r.diverged()) {
        nlohmann::json d = nlohmann::json::object();
        if (!r.sgd_divergence.empty()) d["sgd"] = r.sgd_divergence;
        if (!r.sme_divergence[0].empty()) d["sme1"] = r.sme_divergence[0];
        if (!r.sme_divergence[1].empty()) d["sme2"] = r.sme_divergence[1];
        point["diverged"] = d;
      }
      for (int o = 0; o < 2; ++o)
        if (r.rounding_level[o]) point["rounding_level"].push_back("sme" + std::to_string(o + 1));
      points.push_back(point);
    }
    nlohmann::json problem = s.problem.to_json();
    problem["description"] = description;
    nlohmann::json doc = {{"command", "weak-error"}, {"version", SGDSDE_VERSION}, {"mode", mode}, {"problem", problem},
                          {"functional", s.functional}, {"horizon", s.horizon}, {"batch", s.batch},
                          {"sampler", s.sampler}, {"points", points}, {"order_sme1", fit_json(o1)},
                          {"order_sme2", fit_json(o2)}, {"wall_seconds", wall}};
    if (mode == "monte_carlo")
      doc.update({{"runs", s.runs}, {"substeps", s.substeps}, {"seed", s.seed}, {"integrator", monte_carlo_integrator(s)},
                  {"richardson", analysis::uses_richardson(monte_carlo_integrator(s))}});
    if (l1 && std::isfinite(l1->order)) doc["local_order_sme1"] = {{"estimate", l1->order}, {"drift", l1->drift}};
    if (l2 && std::isfinite(l2->order)) doc["local_order_sme2"] = {{"estimate", l2->order}, {"drift", l2->drift}};
    std::cout << doc.dump(2) << "\n";
    return;
  }
  std::printf("Weak error of the SME against SGD (%s mode): %s\nphi = %s, T = %g, B = %zu, %s\n\n", mode.c_str(),
              description.c_str(), s.functional.c_str(), s.horizon, s.batch, s.sampler.c_str());
  std::printf("%10s %7s %14s %24s %24s\n", "eta", "K", "E phi SGD", "SME-1 error (se)", "SME-2 error (se)");
  for (const auto& r : rows)
    std::printf("%10.5g %7llu %14s %24s %24s\n", r.eta, static_cast<unsigned long long>(r.steps),
                r.sgd_divergence.empty() ? short_num(r.sgd).c_str() : "diverged", error_cell(r, 1).c_str(),
                error_cell(r, 2).c_str());
  for (const auto& r : rows) {
    if (!r.sgd_divergence.empty()) std::printf("eta = %g: %s\n", r.eta, r.sgd_divergence.c_str());
    for (int o = 0; o < 2; ++o)
      if (!r.sme_divergence[o].empty()) std::printf("eta = %g, SME-%d: %s\n", r.eta, o + 1, r.sme_divergence[o].c_str());
    if (r.rounding_level[0] || r.rounding_level[1])
      std::printf("eta = %g: the %s at rounding level (|error| <= 1e-12 |E phi|), left out of the fit\n", r.eta,
                  r.rounding_level[0] && r.rounding_level[1] ? "SME-1 and SME-2 errors are"
                  : r.rounding_level[0]                      ? "SME-1 error is"
                                                             : "SME-2 error is");
  }
  std::printf("\nfitted weak order (%.0f%% interval): SME-1 %s, SME-2 %s\n", 100 * s.confidence, fit_text(o1).c_str(),
              fit_text(o2).c_str());
  if (l1 && l2 && std::isfinite(l1->order) && std::isfinite(l2->order))
    std::printf("slope at the smallest eta: SME-1 %.4f (drift %.1e), SME-2 %.4f (drift %.1e)\n", l1->order, l1->drift,
                l2->order, l2->drift);
}

template <class Objective>
void run(const weak_error_settings& s, const Objective& f, const sgd::vector& x0) {
  const auto start = std::chrono::steady_clock::now();
  constexpr bool affine = analysis::has_affine_model_v<Objective>;
  std::string mode = s.mode == "auto" ? (affine ? "exact" : "monte_carlo") : s.mode;
  const auto sampler = sgd::sampling_from_string(s.sampler);
  std::vector<row> rows;
  if (mode == "exact" && !s.integrator.empty())
    throw std::invalid_argument("--integrator " + s.integrator + ": the exact mode integrates no SDE (it solves the moment "
                                "equations); use it with --mode monte_carlo");
  if (mode == "exact") {
    if constexpr (affine) {
      analysis::weak_error_options o;
      o.horizon = s.horizon;
      if (!s.steps.empty()) o.steps = s.steps;
      o.batch = s.batch;
      o.sampler = sampler;
      o.functional = analysis::moment_functional::parse(s.functional);
      o.confidence = s.confidence;
      o.bound = s.bound;
      work_plan work(s.max_path_steps);
      for (std::uint64_t K : o.steps) work.add("exact moments", 1, double(K));
      work.check();
      const auto r = analysis::exact_weak_error(analysis::affine_model(f), x0, o);
      for (const auto& p : r.points)
        rows.push_back({p.eta, p.steps, p.sgd, 0.0, {p.sme1, p.sme2}, {0.0, 0.0}, p.sgd_divergence,
                        {p.sme_divergence[0], p.sme_divergence[1]}, {p.rounding_level[0], p.rounding_level[1]}});
      report(s, mode, f.description(), rows, r.order1, r.order2, &r.local1, &r.local2,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      return;
    } else {
      throw std::invalid_argument("--mode exact needs a problem with affine per-sample gradients "
                                  "(least_squares, li_tai_e, non_commuting); use --mode monte_carlo");
    }
  }
  analysis::monte_carlo_weak_error_options o;
  o.horizon = s.horizon;
  if (!s.steps.empty()) o.steps = s.steps;
  o.batch = s.batch;
  o.sampler = sampler;
  o.substeps = s.substeps;
  o.integrator = monte_carlo_integrator(s);
  o.seed = s.seed;
  o.confidence = s.confidence;
  o.bound = s.bound;
  o.ensemble.n_paths = s.runs;
  o.ensemble.threads = s.threads;
  work_plan work(s.max_path_steps);
  const bool richardson = analysis::uses_richardson(monte_carlo_integrator(s));
  for (std::uint64_t K : o.steps) {  // per K: SGD, and each SME order at s (and 2s for Richardson) substeps
    work.add("SGD K=" + std::to_string(K), double(s.runs), double(K));
    work.add("SME", 2.0 * double(s.runs), (richardson ? 3.0 : 1.0) * double(K) * double(s.substeps));
  }
  work.check();
  const progress_meter meter("weak-error", int((richardson ? 5 : 3) * o.steps.size()));
  o.ensemble.progress = meter.callback();
  const auto functional = analysis::moment_functional::parse(s.functional);
  if (functional.what == analysis::moment_functional::kind::coordinate && functional.coordinate >= f.dim())
    throw std::invalid_argument("--functional " + s.functional + ": the problem has d = " + std::to_string(f.dim()));
  std::function<double(const sgd::vector&)> phi = [&f, functional](const sgd::vector& x) {
    switch (functional.what) {
      case analysis::moment_functional::kind::loss: return f.value(x);
      case analysis::moment_functional::kind::second_moment: return x.squaredNorm();
      case analysis::moment_functional::kind::coordinate: return x[functional.coordinate];
    }
    return 0.0;
  };
  const auto r = analysis::monte_carlo_weak_error(f, x0, phi, o);
  for (const auto& p : r.points)
    rows.push_back({p.eta, p.steps, p.sgd, p.sgd_se, {p.sme[0], p.sme[1]}, {p.sme_se[0], p.sme_se[1]}, p.sgd_divergence,
                    {p.sme_divergence[0], p.sme_divergence[1]}});
  report(s, mode, f.description(), rows, r.order1, r.order2, nullptr, nullptr,
         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
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
  cmd->add_option("--mode", s->mode, "auto | exact | monte_carlo")->capture_default_str()
      ->check(one_of({"auto", "exact", "monte_carlo"}));
  cmd->add_option("--functional", s->functional, "loss | second_moment (|x|^2) | x<i> (a coordinate)")->capture_default_str();
  cmd->add_option("--horizon,-T", s->horizon, "Time horizon T = K eta (> 0)")->capture_default_str();
  add_integer_option(cmd, "--steps", s->steps, 1, limits::steps,
                     "Step counts K, comma-separated, increasing (default exact 8..256, Monte Carlo 4,8,16,32)")
      ->delimiter(',');
  add_integer_option(cmd, "--batch,-B", s->batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->sampler, "with_replacement | without_replacement (exact mode: no reshuffling)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement", "reshuffling"}));
  add_integer_option(cmd, "--runs", s->runs, 2, limits::runs, "Monte Carlo: runs per ensemble")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->substeps, 1, limits::substeps, "Monte Carlo: SDE steps per SGD step (and twice that for Richardson)")
      ->capture_default_str();
  cmd->add_option("--integrator", s->integrator,
                  "Monte Carlo: the SME's integrator, " + sde::integrators::names_text() +
                      " (default euler_maruyama; weak order 1 ones are Richardson-extrapolated, weak order 2 ones run once)")
      ->check(one_of(sde::integrators::names()));
  accept_infinity(cmd->add_option("--bound", s->bound,
                  "|x|_inf beyond this counts as divergence (exact mode: the root-mean-square coordinate; inf: only\n"
                  "non-finite values; exact mode also counts an unstable SGD moment recursion); a diverged\n"
                  "side is reported per eta and left out of the order fits"))
      ->capture_default_str()
      ->check(positive_real());
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", s->seed, 0, limits::seed, "Monte Carlo seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--confidence", s->confidence, "Confidence level of the order intervals, in (0, 1)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the per-eta table to this CSV (atomically)");
  cmd->callback([s]() { with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run(*s, f, x0); }); });
}

}  // namespace sgdsde::cli
