#pragma once
// The body of run_ensemble for any objective, shared by the built-in problems (ensemble_runs.cpp) and
// a user's objective (user_objective_runs.cpp), which compile as separate units. Internal to the
// catalogue.
#include <sgdsde/analysis/ensemble_run.hpp>
#include <sgdsde/catalogue/ensemble_runs.hpp>
#include <sgdsde/sde/covariance_factor.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

namespace sgdsde::catalogue::detail {

// The work cap, for the ensemble and its kept paths; and the memory of the records (ensemble_runs.cpp).
void check_ensemble_work(const ensemble_request& q, const char* engine_name, double steps_per_path, double records, int d);

// The spectrum of the Hessian at x: eigenvalues (ascending), their range, the condition number (null
// unless the Hessian is positive definite) and GD's stability limit 2/lambda_max.
template <class Objective>
nlohmann::json hessian_spectrum(const Objective& f, const sgd::vector& x) {
  sgd::matrix H(f.dim(), f.dim());
  f.hessian(x, H);
  if (!H.allFinite()) throw std::runtime_error("the Hessian at the final mean is not finite");
  Eigen::VectorXd lambda;
  sde::symmetric_eigen(Eigen::MatrixXd(H), lambda);
  const double lo = lambda.minCoeff(), hi = lambda.maxCoeff();
  nlohmann::json j = {{"at", "final_mean"}, {"eigenvalues", std::vector<double>(lambda.data(), lambda.data() + lambda.size())},
                      {"smallest", lo}, {"largest", hi}, {"condition_number", nullptr}, {"gd_stability_limit", nullptr}};
  if (lo > 0.0) j["condition_number"] = hi / lo;
  if (hi > 0.0) j["gd_stability_limit"] = 2.0 / hi;
  return j;
}

// Runs the ensemble of `engine` (sgd or sme) on f from x0 into out (plan, result, d, description,
// wall time) and, when asked, the Hessian's spectrum at the final mean.
template <class Objective>
void run_ensemble_on(const Objective& f, const sgd::vector& x0, const std::string& engine, const ensemble_request& request,
                     ensemble_outcome& out, nlohmann::json& hessian) {
  catalogue::run_request run = request.run;
  run.max_steps = std::min(run.max_steps, double(limits::steps));
  out.plan = run.resolve(engine, f.size());
  const auto& plan = out.plan.plan;
  const double substeps = engine == "sme" ? double(run.substeps) : 1.0;
  check_ensemble_work(request, engine == "sme" ? "SME" : "SGD", double(plan.steps) * substeps,
                      double(plan.steps / plan.record_every + 1), f.dim());
  request.progress.start(1);
  const auto start = std::chrono::steady_clock::now();
  out.plan.options.run.ensemble.progress = request.progress.update;
  out.result = engine == "sme" ? analysis::run_sme_ensemble(f, x0, out.plan.options) : analysis::run_sgd_ensemble(f, x0, out.plan.options);
  out.wall_seconds = seconds_since(start);
  out.d = f.dim();
  if (request.hessian_spectrum) hessian = hessian_spectrum(f, out.result.final_mean);
  out.description = engine == "sme" ? "SME-" + std::to_string(run.order) + " of " + f.description() : f.description();
}

// The document and report of a finished ensemble; problem: the problem's JSON (ensemble_runs.cpp).
void finish_ensemble(const std::string& engine, const ensemble_request& request, nlohmann::json problem, ensemble_outcome& out,
                     const nlohmann::json& hessian);

// run_ensemble on request.objective (user_objective_runs.cpp).
ensemble_outcome run_user_objective_ensemble(const std::string& engine, const ensemble_request& request);

}  // namespace sgdsde::catalogue::detail
