#include <sgdsde/catalogue/gibbs_runs.hpp>

#include <sgdsde/analysis/gibbs_study.hpp>
#include <sgdsde/analysis/problem_catalog.hpp>

#include <chrono>
#include <type_traits>

namespace sgdsde::catalogue {
namespace {

template <class Objective>
void run(gibbs_outcome& out, const gibbs_request& q, const Objective& f, const sgd::vector& x0) {
  if constexpr (!std::is_same_v<Objective, sgd::noisy_quadratic> &&
                !std::is_same_v<Objective, sgd::sampled_finite_sum<sgd::noisy_quadratic>>) {
    throw std::invalid_argument("gibbs needs a quadratic with constant gradient noise: --problem li_tai_e or non_commuting");
  } else {
    if (f.dim() != 2) throw std::invalid_argument("gibbs: the probability current needs d = 2 (use two --curvatures)");
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

}  // namespace

gibbs_outcome run_gibbs(const gibbs_request& request) {
  gibbs_outcome out;
  analysis::with_problem(request.problem, [&](const auto& f, const sgd::vector& x0) { run(out, request, f, x0); });
  return out;
}

}  // namespace sgdsde::catalogue
