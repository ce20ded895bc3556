// `sgdsde convergence`: strong and weak convergence of the registry's integrators on built-in SDEs
// with exact solutions, one per noise structure, on shared Brownian paths at dt = T/2^k.
#include "commands.hpp"
#include "fit_report.hpp"
#include "option_checks.hpp"
#include "output_files.hpp"
#include "progress.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/convergence_study.hpp>
#include <sgdsde/sde/solvable_sdes.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace sgdsde::cli {
namespace {

struct convergence_settings {
  analysis::convergence_options study;
  std::vector<std::string> problems{"gbm", "nonlinear_diagonal", "linear_commutative", "linear_noncommutative"};
  std::string method = "all";
  double max_path_steps = default_max_path_steps;
  bool json = false;
  std::string csv;
};

nlohmann::json result_json(const analysis::convergence_result& r, double confidence) {
  const nlohmann::json strong = fit_json(r.strong), weak = fit_json(r.weak);
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& e : r.levels)
    levels.push_back({{"dt", e.dt},
                      {"strong_error", e.strong},
                      {"strong_error_se", e.strong_se},
                      {"weak_error", e.weak},
                      {"weak_error_se", e.weak_se},
                      {"weak_difference", e.weak_difference},
                      {"weak_difference_se", e.weak_difference_se}});
  return {{"problem", r.problem},
          {"noise", r.noise},
          {"method", r.method},
          {"functional", r.functional},
          {"paths", r.paths},
          {"strong_order", strong["estimate"]},
          {"strong_order_ci95", strong["ci"]},
          {"strong_order_theory", r.strong_order_theory},
          {"weak_order", weak["estimate"]},
          {"weak_order_ci95", weak["ci"]},
          {"weak_order_theory", r.weak_order_theory},
          {"confidence", confidence},
          {"strong_fit", strong},
          {"weak_fit", weak},
          {"levels", levels}};
}

template <class Solvable>
void run_case(const Solvable& sde_case, const convergence_settings& s, std::vector<analysis::convergence_result>& out) {
  for (auto& r : analysis::run_convergence_study(sde_case, s.study)) out.push_back(std::move(r));
}

void print_table(const std::vector<analysis::convergence_result>& results, const convergence_settings& s) {
  std::printf("Strong E|X_h(T) - X(T)| and weak E phi(X_h) - E phi(X) errors, %llu paths, dt = T/2^k, k = %d..%d\n",
              static_cast<unsigned long long>(s.study.ensemble.n_paths), s.study.coarsest_level, s.study.finest_level);
  std::printf("Orders: least-squares log-log slopes with %.0f%% intervals (Monte Carlo + residual).\n\n",
              100 * s.study.confidence);
  std::printf("%-22s %-12s %-15s %-26s %-26s\n", "problem", "noise", "method", "strong order (theory)",
              "weak order (theory)");
  for (const auto& r : results) {
    char theory[2][16];
    std::snprintf(theory[0], sizeof theory[0], " (%.1f)", r.strong_order_theory);
    std::snprintf(theory[1], sizeof theory[1], " (%.1f)", r.weak_order_theory);
    std::printf("%-22s %-12s %-15s %-26s %-26s\n", r.problem.c_str(), r.noise.c_str(), r.method.c_str(),
                (fit_text(r.strong) + theory[0]).c_str(), (fit_text(r.weak) + theory[1]).c_str());
  }
  std::printf("\n%-22s %-15s %-10s %-22s %-22s\n", "problem", "method", "dt", "strong error (se)", "weak error (se)");
  for (const auto& r : results)
    for (const auto& e : r.levels)
      std::printf("%-22s %-15s %-10.3g %.3e (%.1e)    %+.3e (%.1e)\n", r.problem.c_str(), r.method.c_str(), e.dt,
                  e.strong, e.strong_se, e.weak, e.weak_se);
}

std::string results_csv(const std::vector<analysis::convergence_result>& results) {
  std::string csv =
      "problem,noise,method,dt,strong_error,strong_error_se,weak_error,weak_error_se,weak_difference,"
      "weak_difference_se\n";
  for (const auto& r : results)
    for (const auto& e : r.levels) {
      csv += r.problem + "," + r.noise + "," + r.method;
      for (double v : {e.dt, e.strong, e.strong_se, e.weak, e.weak_se, e.weak_difference, e.weak_difference_se})
        csv += "," + csv_number(v);
      csv += "\n";
    }
  return csv;
}

void run(const convergence_settings& s) {
  std::string error;
  if (s.study.finest_level < s.study.coarsest_level + 3)
    throw std::invalid_argument("--finest-level " + std::to_string(s.study.finest_level) + " with --coarsest-level " +
                                std::to_string(s.study.coarsest_level) +
                                ": the finest level must be at least the coarsest + 3 (3 weak differences for an interval)");
  if (!s.study.is_valid(&error)) throw std::invalid_argument("convergence: " + error);
  // Per problem and method at most: every level's path plus the reference's, 2^(finest + extra + 1) steps.
  work_plan work(s.max_path_steps);
  const double methods = s.method == "all" ? double(sde::integrators::size) : 1.0;
  work.add("convergence", double(s.study.ensemble.n_paths) * double(s.problems.size()) * methods,
           std::ldexp(1.0, s.study.finest_level + s.study.reference_extra_levels + 1));
  work.check();
  std::vector<analysis::convergence_result> results;
  const progress_meter meter("convergence");
  convergence_settings watched = s;
  watched.study.ensemble.progress = meter.callback();
  if (s.method != "all") watched.study.methods = {s.method};
  for (const auto& name : s.problems) {
    if (name == "gbm") run_case(sde::solvable::geometric_brownian_motion{}, watched, results);
    else if (name == "nonlinear_diagonal") run_case(sde::solvable::nonlinear_diagonal{}, watched, results);
    else if (name == "linear_commutative") run_case(sde::solvable::linear_commutative{}, watched, results);
    else if (name == "linear_noncommutative") run_case(sde::solvable::linear_noncommutative{}, watched, results);
  }
  if (!s.csv.empty()) write_output_file(s.csv, results_csv(results), "--csv");
  if (s.json) {
    nlohmann::json doc = {{"command", "convergence"},
                          {"seed", s.study.seed},
                          {"paths", s.study.ensemble.n_paths},
                          {"coarsest_level", s.study.coarsest_level},
                          {"finest_level", s.study.finest_level},
                          {"reference_extra_levels", s.study.reference_extra_levels},
                          {"results", nlohmann::json::array()}};
    for (const auto& r : results) doc["results"].push_back(result_json(r, s.study.confidence));
    std::cout << doc.dump(2) << "\n";
  } else {
    print_table(results, s);
  }
}

}  // namespace

void register_convergence(CLI::App& app) {
  auto settings = std::make_shared<convergence_settings>();
  auto* cmd = app.add_subcommand("convergence",
                                 "Strong and weak orders of every integrator on SDEs with known solutions:\n"
                                 "  gbm                    geometric Brownian motion dX = X dt + 0.8 X dW (scalar noise)\n"
                                 "  nonlinear_diagonal     arctan and sinh solvable equations (diagonal noise)\n"
                                 "  linear_commutative     dX = AX dt + B1 X dW1 + B2 X dW2, B1 B2 = B2 B1 (commutative)\n"
                                 "  linear_noncommutative  the same with B1 B2 = -B2 B1 (general noise, Levy areas)\n"
                                 "Strong errors against the pathwise solution (or Milstein 2^extra finer on the same path);\n"
                                 "weak orders fitted on E[phi(X_h) - phi(X_h/2)] on shared paths.");
  auto& st = settings->study;
  st.ensemble.n_paths = 4000;
  add_integer_option(cmd, "--paths", st.ensemble.n_paths, 1, limits::runs, "Number of Brownian paths")->capture_default_str();
  add_integer_option(cmd, "--seed", st.seed, 0, limits::seed, "Random seed: same seed, bit-identical output for any thread count")
      ->capture_default_str();
  add_integer_option(cmd, "--threads", st.ensemble.threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  add_integer_option(cmd, "--coarsest-level", st.coarsest_level, 0, 17, "Largest step is T/2^k for this k")->capture_default_str();
  add_integer_option(cmd, "--finest-level", st.finest_level, 3, 20, "Smallest step is T/2^k for this k (>= coarsest + 3)")
      ->capture_default_str();
  add_integer_option(cmd, "--reference-extra-levels", st.reference_extra_levels, 1, 6,
                     "Reference refinement (in halvings) where no pathwise solution exists")
      ->capture_default_str();
  cmd->add_option("--levy-area-tolerance", st.levy_area_tolerance,
                  "Per-step mean-square Levy-area error bound, in units of dt^3 (> 0)")
      ->capture_default_str();
  cmd->add_option("--confidence", st.confidence, "Confidence level of the order intervals, in (0, 1)")
      ->capture_default_str();
  cmd->add_option("--problem", settings->problems, "Problems to run (default: all)")
      ->check(one_of({"gbm", "nonlinear_diagonal", "linear_commutative", "linear_noncommutative"}));
  auto methods = sde::integrators::names();
  methods.push_back("all");
  cmd->add_option("--method", settings->method, "An integrator (" + sde::integrators::names_text() + ") or all")
      ->capture_default_str()
      ->check(one_of(methods));
  cmd->add_flag("--json", settings->json, "Print one JSON object {results: [...]} instead of a table");
  add_work_cap_option(cmd, settings->max_path_steps);
  add_output_file_option(cmd, "--csv", settings->csv, "Also write the per-level errors to this CSV file (atomically)");
  cmd->callback([settings]() { run(*settings); });
}

}  // namespace sgdsde::cli
