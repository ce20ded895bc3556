// `sgdsde gibbs`: parse, run analysis::run_gibbs_study (gibbs_study.hpp) on li_tai_e or
// non_commuting, print its report or JSON.
#include "commands.hpp"
#include "option_checks.hpp"
#include "problem_options.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/gibbs_study.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <type_traits>

namespace sgdsde::cli {
namespace {

struct gibbs_settings {
  problem_settings problem;
  analysis::gibbs_study_options study;
  std::string sampler = "with_replacement";
  double max_path_steps = default_max_path_steps;
  bool json = false;
};

template <class Objective>
void run(gibbs_settings s, const Objective& f, const sgd::vector& x0) {
  if constexpr (!std::is_same_v<Objective, sgd::noisy_quadratic> &&
                !std::is_same_v<Objective, sgd::sampled_finite_sum<sgd::noisy_quadratic>>) {
    throw std::invalid_argument("gibbs needs a quadratic with constant gradient noise: --problem li_tai_e or non_commuting");
  } else {
    if (f.dim() != 2) throw std::invalid_argument("gibbs: the probability current needs d = 2 (use two --curvatures)");
    if (s.study.steps <= s.study.burn_in + 1000) throw std::invalid_argument("--steps must exceed --burn-in by at least 1000");
    s.study.sampler = sgd::sampling_from_string(s.sampler);
    work_plan work(s.max_path_steps);
    work.add("SGD", 1, double(s.study.steps));
    work.add("SME", 1, double(s.study.steps) * double(s.study.substeps));
    work.check();
    const auto r = analysis::run_gibbs_study(f, x0, s.study);
    if (s.json) {
      nlohmann::json problem = s.problem.to_json();
      problem["description"] = f.description();
      nlohmann::json doc = {{"command", "gibbs"}, {"version", SGDSDE_VERSION}, {"problem", problem}};
      doc.update(r.to_json());
      return print_json(doc);
    }
    std::printf("Gibbs or not: %s, %s", f.description().c_str(), r.brief_report().c_str());
  }
}

}  // namespace

void register_gibbs(CLI::App& app) {
  auto s = std::make_shared<gibbs_settings>();
  auto* cmd = app.add_subcommand(
      "gibbs",
      std::string("Gibbs versus non-Gibbs stationary laws of SGD and its SME on a 2-D quadratic with constant noise:\n"
                  "exact covariances, best-fit Gibbs temperature, residual KL, per-direction temperatures, and the\n"
                  "probability current, exact and estimated from one long trajectory (the SME by any integrator).\n") +
          problem_help());
  s->problem.name = "non_commuting";
  add_problem_options(cmd, s->problem);
  auto& st = s->study;
  cmd->add_option("--eta", st.eta, "Learning rate (0 < eta < 2/L)")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", st.batch, 1, limits::batch, "Batch size B")->capture_default_str();
  cmd->add_option("--sampler", s->sampler, "with_replacement | without_replacement (finite --n; the noise scale uses its c)")
      ->capture_default_str()
      ->check(one_of({"with_replacement", "without_replacement"}));
  add_integer_option(cmd, "--steps", st.steps, 1, limits::steps, "Length of each trajectory in SGD steps")->capture_default_str();
  add_integer_option(cmd, "--burn-in", st.burn_in, 0, limits::steps, "SGD steps discarded before the current is measured")->capture_default_str();
  add_integer_option(cmd, "--substeps", st.substeps, 1, limits::substeps, "SDE steps per SGD step for the SME trajectory")->capture_default_str();
  cmd->add_option("--integrator", st.integrator, "The SME trajectory's integrator: " + sde::integrators::names_text())
      ->capture_default_str()
      ->check(one_of(sde::integrators::names()));
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", st.seed, 0, limits::seed, "Seed")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  cmd->callback([s]() {
    with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) { run(*s, f, x0); });
  });
}

}  // namespace sgdsde::cli
