#include <sgdsde/catalogue/ensemble_runs.hpp>

#include "ensemble_on.hpp"

#include <sgdsde/catalogue/problem_catalog.hpp>

#include <algorithm>

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
std::string spectrum_line(const nlohmann::json& h) {
  const auto number = [](const nlohmann::json& v) { return v.is_null() ? std::string("none") : sde::short_number(v.get<double>()); };
  return "Hessian at the final mean: eigenvalues in [" + sde::short_number(h["smallest"].get<double>()) + ", " +
         sde::short_number(h["largest"].get<double>()) + "], condition number " + number(h["condition_number"]) +
         ", GD's stability limit 2/L = " + number(h["gd_stability_limit"]) + "\n";
}

}  // namespace

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
