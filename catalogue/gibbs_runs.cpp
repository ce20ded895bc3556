#include <sgdsde/catalogue/gibbs_runs.hpp>

#include <sgdsde/analysis/gibbs_study.hpp>
#include <sgdsde/analysis/problem_catalog.hpp>

#include <chrono>
#include <type_traits>

namespace sgdsde::catalogue {
namespace {

template <class Objective>
constexpr bool has_constant_noise_quadratic_v =
    std::is_same_v<Objective, sgd::noisy_quadratic> || std::is_same_v<Objective, sgd::sampled_finite_sum<sgd::noisy_quadratic>>;

template <class Objective>
void run_trajectory(gibbs_outcome& out, const gibbs_request& q, const Objective& f, const sgd::vector& x0) {
  if constexpr (!has_constant_noise_quadratic_v<Objective>) {
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
void run_exact(gibbs_outcome& out, const gibbs_request& q, const Objective& f) {
  if constexpr (!analysis::has_affine_model_v<Objective>) {
    throw std::invalid_argument("gibbs --mode exact needs a problem with affine per-sample gradients (least_squares, "
                                "li_tai_e, non_commuting, random_feature): its stationary moments close only there");
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
  if (q.mode != "auto" && q.mode != "trajectory" && q.mode != "exact")
    throw std::invalid_argument("--mode must be auto, trajectory or exact, got '" + q.mode + "'");
  out.mode = q.mode;
  if (out.mode == "auto") out.mode = has_constant_noise_quadratic_v<Objective> && f.dim() == 2 ? "trajectory" : "exact";
  if (out.mode == "trajectory") run_trajectory(out, q, f, x0);
  else run_exact(out, q, f);
  out.document["mode"] = out.mode;
}

}  // namespace

gibbs_outcome run_gibbs(const gibbs_request& request) {
  gibbs_outcome out;
  analysis::with_problem(request.problem, [&](const auto& f, const sgd::vector& x0) { run(out, request, f, x0); });
  return out;
}

}  // namespace sgdsde::catalogue
