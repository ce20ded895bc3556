#include <sgdsde/catalogue/gibbs_runs.hpp>

#include <sgdsde/analysis/gibbs/gibbs_gaussian.hpp>
#include <sgdsde/analysis/gibbs/gibbs_study.hpp>
#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/catalogue/with_problem.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <chrono>

namespace sgdsde::catalogue {
namespace {

// A quadratic with constant gradient noise: affine per-sample gradients whose covariance is the same at every x.
template <class Objective>
bool is_constant_noise_quadratic(const Objective& f) {
  return analysis::has_affine(f) && analysis::sample_noise_is_constant(f);
}

template <class Objective>
void run_trajectory(gibbs_outcome& out, const gibbs_request& q, const Objective& f, const sgd::vector& x0) {
  if (!is_constant_noise_quadratic(f)) {
    throw std::invalid_argument("gibbs --mode trajectory needs a quadratic with constant gradient noise: --problem li_tai_e "
                                "or non_commuting (--mode exact takes least_squares too)");
  } else {
    if (f.dim() != 2)
      throw std::invalid_argument("gibbs --mode trajectory: the probability current's trajectory needs d = 2 (use two "
                                  "--curvatures, or --mode exact for any d)");
    analysis::gibbs_study_options st = q.study;
    if (st.steps <= st.burn_in + 1000) throw std::invalid_argument("--steps must exceed --burn-in by at least 1000");
    st.sampler = sgd::sampling_from_string(q.sampler);
    work_plan work(q.max_path_steps);
    work.add("SGD", 1, double(st.steps));
    work.add("SME", 1, double(st.steps) * double(st.substeps));
    work.check();
    const auto start = std::chrono::steady_clock::now();
    out.result = analysis::run_gibbs_study(f, x0, st);
    out.wall_seconds = seconds_since(start);
    out.description = f.description();
    out.document = study_document("gibbs", q.problem, out.description, out.result.to_json());
    out.report = "Gibbs or not: " + out.description + ", " + out.result.brief_report();
  }
}

template <class Objective>
void run_gaussian(gibbs_outcome& out, const gibbs_request& q, const Objective& f, const sgd::vector& x0) {
  for (const char* unread : {"--substeps", "--integrator"})
    if (q.given(unread))
      throw std::invalid_argument(std::string(unread) + " is not read by gibbs --mode gaussian (it runs SGD chains, not the "
                                  "SME); it would be ignored here");
  analysis::gibbs_gaussian_options o;
  o.eta = q.study.eta;
  o.batch = q.study.batch;
  o.sampler = sgd::sampling_from_string(q.sampler);
  o.runs = q.runs;
  o.seed = q.study.seed;
  o.auto_burn_in = !q.given("--burn-in");
  o.auto_steps = !q.given("--steps");
  o.burn_in = q.study.burn_in;
  o.steps = q.study.steps;
  o.ensemble.threads = q.threads;
  q.progress.start(1);
  o.ensemble.progress = q.progress.update;
  const auto start = std::chrono::steady_clock::now();
  analysis::gibbs_gaussian_result r = analysis::prepare_gibbs_gaussian(f, x0, o);
  work_plan work(q.max_path_steps);
  work.add("SGD", double(r.options.runs), double(r.options.burn_in) + double(r.options.steps));
  try {
    work.check();
  } catch (const std::invalid_argument& e) {
    if (!o.auto_burn_in && !o.auto_steps) throw;
    throw std::invalid_argument(std::string(e.what()) +
                                sde::formatted(" (the chains' length follows the relaxation time 1/(eta lambda_min(H)) = %.3g "
                                               "steps, lambda_min = %.3g: give --burn-in and --steps, or a larger --eta or "
                                               "--ridge)",
                                               r.relaxation_steps, r.hessian_eigenvalues[0]));
  }
  // Every chain's record (d + d(d+1)/2 values) is kept until the end, for the standard errors.
  const double d = double(r.dim), bytes = double(r.options.runs) * (d + d * (d + 1.0) / 2.0) * 8.0;
  if (bytes > limits::record_bytes)
    throw std::invalid_argument(sde::formatted("--runs %llu chains of d = %d keep %s GB of time averages, more than the "
                                               "%s GB cap; lower --runs",
                                               static_cast<unsigned long long>(r.options.runs), r.dim,
                                               sde::short_number(bytes / 1e9).c_str(),
                                               sde::short_number(limits::record_bytes / 1e9).c_str()));
  analysis::run_gibbs_gaussian_chains(f, r);
  out.wall_seconds = seconds_since(start);
  out.description = f.description();
  out.document = study_document("gibbs", q.problem, out.description, r.to_json());
  out.report = "Gibbs or not, the Gaussian approximation at the minimizer beside SGD: " + out.description + "\n" + r.brief_report();
  out.gaussian = std::move(r);
}

template <class Objective>
void run_exact(gibbs_outcome& out, const gibbs_request& q, const Objective& f) {
  if (!analysis::has_affine(f)) {
    throw std::invalid_argument("gibbs --mode exact needs a problem with affine per-sample gradients (least_squares, "
                                "li_tai_e, non_commuting, random_feature): its stationary moments close only there; --mode gaussian "
                                "takes any problem with a strict minimum (the Gaussian approximation beside SGD chains)");
  } else {
    for (const char* unread : {"--steps", "--burn-in", "--substeps", "--integrator", "--seed"})
      if (q.given(unread))
        throw std::invalid_argument(std::string(unread) + " is not read by gibbs --mode exact (exact stationary moments, "
                                    "no trajectory); it would be ignored here");
    analysis::gibbs_exact_options o;
    o.eta = q.study.eta;
    o.batch = q.study.batch;
    o.sampler = sgd::sampling_from_string(q.sampler);
    const auto start = std::chrono::steady_clock::now();
    out.exact = analysis::exact_gibbs(analysis::affine_model(f), o);
    out.wall_seconds = seconds_since(start);
    out.description = f.description();
    out.document = study_document("gibbs", q.problem, out.description, out.exact->to_json());
    out.report = "Gibbs or not, exact stationary laws: " + out.description + "\n" + out.exact->brief_report();
  }
}

template <class Objective>
void run(gibbs_outcome& out, const gibbs_request& q, const Objective& f, const sgd::vector& x0) {
  if (q.mode != "auto" && q.mode != "trajectory" && q.mode != "exact" && q.mode != "gaussian")
    throw std::invalid_argument("--mode must be auto, trajectory, exact or gaussian, got '" + q.mode + "'");
  out.mode = q.mode;
  if (out.mode == "auto")
    out.mode = is_constant_noise_quadratic(f) && f.dim() == 2 ? "trajectory"
               : analysis::has_affine(f)                        ? "exact"
                                                                : "gaussian";
  if (out.mode != "gaussian")
    for (const char* unread : {"--runs", "--threads"})
      if (q.given(unread))
        throw std::invalid_argument(std::string(unread) + " is read only by gibbs --mode gaussian (SGD chains); here the "
                                    "mode is " + out.mode);
  if (out.mode == "trajectory") run_trajectory(out, q, f, x0);
  else if (out.mode == "exact") run_exact(out, q, f);
  else run_gaussian(out, q, f, x0);
  out.document["mode"] = out.mode;
}

}  // namespace

gibbs_outcome run_gibbs(const gibbs_request& request) {
  gibbs_outcome out;
  catalogue::with_problem(request.problem, [&](const auto& f, const sgd::vector& x0) { run(out, request, f, x0); });
  return out;
}

}  // namespace sgdsde::catalogue
