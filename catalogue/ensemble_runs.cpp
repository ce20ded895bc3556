#include <sgdsde/catalogue/ensemble_runs.hpp>

#include "ensemble_on.hpp"

#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/catalogue/with_problem.hpp>
#include <sgdsde/analysis/ensemble_run.hpp>
#include <sgdsde/sde/covariance_factor.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace sgdsde::catalogue {
namespace detail {

// The work cap, for the ensemble and its kept paths; and the memory of the records: every chunk in
// flight holds its own per-record mean, covariance and loss statistics, and every kept run its
// recorded iterates.
void check_ensemble_work(const ensemble_request& q, const char* engine_name, double steps_per_path, double records, int d) {
  work_plan work(q.max_path_steps);
  work.add(engine_name, double(q.run.runs), steps_per_path);
  const double kept_runs = double(std::min(q.run.keep_paths, q.run.runs));
  if (kept_runs > 0) work.add("kept paths", kept_runs, steps_per_path);
  work.check();
  sde::ensemble_options ensemble;
  ensemble.n_paths = q.run.runs;
  ensemble.threads = q.run.threads;
  const double threads = double(ensemble.resolved_threads());
  const double per_copy = records * (double(d) * d + 2.0 * d + 4.0) * 8.0;
  const double kept = kept_runs * records * (d + 2.0) * 8.0;
  const double bytes = per_copy * (2.0 + 4.0 * threads) + kept;
  if (bytes > limits::record_bytes)
    throw std::invalid_argument(sde::short_number(records) + " records of a d = " + std::to_string(d) + " run need about " +
                                sde::short_number(bytes / 1e9) + " GB (" + std::to_string(int(threads)) +
                                " threads, each with chunks in flight" + (kept > 0 ? ", and the kept paths" : "") +
                                "); at most " + sde::short_number(limits::record_bytes / 1e9) +
                                " GB: record less often (--record-every) or keep fewer paths");
}

namespace {
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

template <class Objective>
void run_ensemble_of(const Objective& f, const sgd::vector& x0, const std::string& engine, const ensemble_request& request,
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

std::string spectrum_line(const nlohmann::json& h) {
  const auto number = [](const nlohmann::json& v) { return v.is_null() ? std::string("none") : sde::short_number(v.get<double>()); };
  return "Hessian at the final mean: eigenvalues in [" + sde::short_number(h["smallest"].get<double>()) + ", " +
         sde::short_number(h["largest"].get<double>()) + "], condition number " + number(h["condition_number"]) +
         ", GD's stability limit 2/L = " + number(h["gd_stability_limit"]) + "\n";
}

}  // namespace

void run_ensemble_on(const analysis::any_finite_sum& f, const sgd::vector& x0, const std::string& engine,
                     const ensemble_request& request, ensemble_outcome& out, nlohmann::json& hessian) {
  run_ensemble_of(f, x0, engine, request, out, hessian);
}
void run_ensemble_on(const analysis::any_population& f, const sgd::vector& x0, const std::string& engine,
                     const ensemble_request& request, ensemble_outcome& out, nlohmann::json& hessian) {
  run_ensemble_of(f, x0, engine, request, out, hessian);
}

void finish_ensemble(const std::string& engine, const ensemble_request& request, nlohmann::json problem, ensemble_outcome& out,
                     const nlohmann::json& hessian) {
  const auto& p = out.plan.plan;
  out.document = request.run.document(engine, out.plan, std::move(problem), out.description, out.d, out.result);
  out.report = (engine == "sgd" ? "SGD: " : "SME: ") + out.description + "\n" +
               sde::formatted("schedule %s, B = %zu, %s, %llu runs, %llu steps (%.3g s)\n",
                              out.plan.options.run.schedule.description().c_str(), p.batch, sgd::to_string(p.sampler),
                              static_cast<unsigned long long>(request.run.runs), static_cast<unsigned long long>(p.steps),
                              out.wall_seconds) +
               out.result.brief_report();
  if (!hessian.is_null()) {
    out.document["hessian"] = hessian;
    out.report += spectrum_line(hessian);
  }
}

}  // namespace detail

ensemble_outcome run_ensemble(const std::string& engine, const ensemble_request& request) {
  if (engine != "sgd" && engine != "sme") throw std::invalid_argument("engine must be sgd or sme, got '" + engine + "'");
  if (request.objective) return detail::run_user_objective_ensemble(engine, request);
  ensemble_outcome out;
  nlohmann::json hessian;
  catalogue::with_problem(request.problem, [&](const auto& f, const sgd::vector& x0) {
    detail::run_ensemble_on(f, x0, engine, request, out, hessian);
  });
  detail::finish_ensemble(engine, request, problem_json(request.problem), out, hessian);
  return out;
}

}  // namespace sgdsde::catalogue
