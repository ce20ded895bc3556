#include <sgdsde/catalogue/escape_runs.hpp>

#include <sgdsde/analysis/escape/escape_study.hpp>
#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/catalogue/with_problem.hpp>

#include <chrono>

namespace sgdsde::catalogue {
namespace {

template <class Objective>
void run(escape_outcome& out, const escape_request& q, const Objective& f, double x0) {
  analysis::escape_study_options st = q.study;
  st.sampler = sgd::sampling_from_string(q.sampler);
  st.ensemble.n_paths = q.runs;
  st.ensemble.threads = q.threads;
  st.max_steps = std::min<std::uint64_t>(st.max_steps, limits::steps);
  const auto start = std::chrono::steady_clock::now();
  const auto plan = analysis::plan_escape_study(f, x0, st);
  work_plan work(q.max_path_steps);
  for (const auto& p : plan.points) {
    work.add("SGD eta " + sde::short_number(p.eta), double(q.runs), double(p.steps));
    work.add("SME", double(q.runs), double(p.steps) * double(st.substeps));
  }
  work.check();
  q.progress.start(int(2 * plan.points.size()));
  st.ensemble.progress = q.progress.update;
  out.result = analysis::run_escape_study(f, st, plan);
  out.wall_seconds = seconds_since(start);
  out.x0 = x0;
  out.description = f.description();
  out.document = study_document("escape", q.problem, out.description, out.result.to_json());
  out.report = sde::formatted("Escape: %s, B = %zu, from x0 = %g to %g (reflected at %g), %llu runs\n", out.description.c_str(),
                              st.batch, x0, st.target, out.result.plan.wall, static_cast<unsigned long long>(q.runs)) +
               out.result.brief_report();
}

}  // namespace

study_table escape_outcome::table() const {
  const std::string& sme = result.options.integrator;
  study_table t;
  t.columns = {"eta", "temperature", "exact", "kramers", "sgd", "sgd_se", "sgd_censored", sme, sme + "_se", sme + "_censored"};
  for (const auto& p : result.plan.points)
    t.rows.push_back({p.eta, p.temperature, p.exact, p.kramers, p.sgd.mean, p.sgd.standard_error, double(p.sgd.censored), p.sme.mean,
                      p.sme.standard_error, double(p.sme.censored)});
  return t;
}

escape_outcome run_escape(const escape_request& request) {
  escape_outcome out;
  catalogue::with_problem(request.problem, [&](const auto& f, const sgd::vector& x0) {
    run(out, request, f, request.problem.x0.empty() ? -1.0 : x0[0]);
  });
  return out;
}

}  // namespace sgdsde::catalogue
