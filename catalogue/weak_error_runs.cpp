#include <sgdsde/catalogue/weak_error_runs.hpp>

#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/catalogue/with_problem.hpp>
#include <sgdsde/analysis/weak_error/monte_carlo_svag_weak_error.hpp>
#include <sgdsde/analysis/weak_error/svag_weak_error.hpp>
#include <sgdsde/analysis/weak_error/weak_error_study.hpp>

#include <chrono>
#include <cmath>

namespace sgdsde::catalogue {
namespace {

void finish(weak_error_outcome& out, const weak_error_request& q, const nlohmann::json& result, const std::string& report) {
  out.document = study_document("weak-error", q.problem, out.description, result);
  out.document["mode"] = out.mode;
  out.report = (out.mode == "svag_exact"         ? std::string("Weak error of SVAG(l) against the SME-1 (exact)")
                : out.mode == "svag_monte_carlo" ? std::string("Weak error of SVAG(l) against the SME-1 (Monte Carlo)")
                                                 : "Weak error of the SME against SGD (" + out.mode + " mode)") +
               ": " + out.description + "\n" + report;
}

// svag_l: SVAG(l) against the SME-1 at rate svag_eta over T = K eta: from the exact moment recursions
// where they close (affine per-sample gradients, a functional of two moments), else by Monte Carlo.
template <class Objective>
void run_svag(weak_error_outcome& out, const weak_error_request& q, const Objective& f, const sgd::vector& x0) {
  const bool affine = analysis::has_affine(f);
  if (q.given("--steps"))
    throw std::invalid_argument("--steps is not read with --svag-l (SVAG(l) takes l·T/eta steps of eta/l); it would be ignored here");
  if (q.given("--max-over-t"))
    throw std::invalid_argument("--max-over-t is not read with --svag-l (its errors are at T); it would be ignored here");
  for (const char* unread : {"--schedule", "--alpha", "--decay-time", "--end-ratio", "--decay-factor"})
    if (q.given(unread))
      throw std::invalid_argument(std::string(unread) + " is not read with --svag-l (SVAG's sweep is at a constant rate); it "
                                  "would be ignored here");
  analysis::svag_weak_error_options o;
  o.eta = q.svag_eta;
  o.sgd_steps = analysis::svag_weak_error_options::steps_for_horizon(q.study.horizon, q.svag_eta);
  o.ls = q.svag_l;
  o.batch = q.study.batch;
  o.sampler = sgd::sampling_from_string(q.sampler);
  o.functional = analysis::moment_functional::parse(q.functional);
  o.confidence = q.study.confidence;
  o.bound = q.study.bound;
  std::string error;
  if (!o.is_valid(&error)) throw std::invalid_argument("--svag-l: " + error);
  if (o.functional.coordinate_read() >= f.dim())
    throw std::invalid_argument("--functional " + q.functional + ": the problem has d = " + std::to_string(f.dim()));
  analysis::weak_error_study_options st = q.study;
  st.functional = o.functional;
  const std::string mode = st.resolved_mode(affine);
  const auto start = std::chrono::steady_clock::now();
  if (mode == "exact") {
    for (const char* unread : {"--runs", "--substeps", "--integrator", "--seed", "--threads"})
      if (q.given(unread))
        throw std::invalid_argument(std::string(unread) + " is not read by the exact SVAG sweep (moment recursions, no Monte "
                                    "Carlo); it would be ignored here (--mode monte_carlo reads it)");
    if (!affine) {
      throw std::invalid_argument("--mode exact with --svag-l needs a problem with affine per-sample gradients (least_squares, "
                                  "li_tai_e, non_commuting, random_feature); use --mode monte_carlo");
    } else {
      if (!o.functional.closes_on_two_moments())
        throw std::invalid_argument("--functional " + o.functional.name() + " depends on more than the first two moments, "
                                    "which are all the exact mode follows; use --mode monte_carlo");
      out.svag = analysis::exact_svag_weak_error(analysis::affine_model(f), x0, o);
    }
  } else {
    analysis::monte_carlo_sme_settings mc;
    mc.substeps = q.study.substeps;
    mc.integrator = q.study.monte_carlo_integrator();
    mc.seed = q.study.seed;
    mc.ensemble = q.study.ensemble;
    mc.ensemble.n_paths = q.study.runs;
    if (!mc.is_valid(&error)) throw std::invalid_argument("--svag-l: " + error);
    // Per l, K·l SVAG steps; the SME K·s steps, and 2K·s more under Richardson.
    work_plan work(q.max_path_steps);
    for (double l : o.ls) work.add("SVAG l=" + sde::short_number(l), double(q.study.runs), l * double(o.sgd_steps));
    const bool richardson = analysis::uses_richardson(mc.integrator);
    work.add("SME", double(q.study.runs), (richardson ? 3.0 : 1.0) * double(o.sgd_steps) * double(mc.substeps));
    work.check();
    q.progress.start(int(o.ls.size()) + (richardson ? 2 : 1));
    mc.ensemble.progress = q.progress.update;
    out.svag = analysis::detail::with_statistic(f, x0, o.functional, [&](const auto& statistic) {
      return analysis::monte_carlo_svag_weak_error_of(f, x0, statistic, o, mc);
    });
  }
  out.wall_seconds = seconds_since(start);
  out.mode = out.svag->mode;
  finish(out, q, out.svag->to_json(), out.svag->brief_report());
}

// The schedule's parameters that its profile reads (rate_profile.hpp); the others are refused.
void check_schedule_options(const weak_error_request& q) {
  const std::string& name = q.study.schedule.name;
  const struct { const char* option; bool read; } parameters[] = {
      {"--alpha", name == "inverse_power"},
      {"--decay-time", name == "inverse_power" || name == "exponential" || name == "step_decay"},
      {"--end-ratio", name == "linear"},
      {"--decay-factor", name == "step_decay"}};
  for (const auto& p : parameters)
    if (q.given(p.option) && !p.read)
      throw std::invalid_argument(std::string(p.option) + " is not read by --schedule " + name + "; it would be ignored here");
  std::string error;
  if (!q.study.schedule.is_valid(&error)) throw std::invalid_argument("--schedule: " + error);
}

template <class Objective>
void run_sweep(weak_error_outcome& out, const weak_error_request& q, const Objective& f, const sgd::vector& x0) {
  check_schedule_options(q);
  analysis::weak_error_study_options st = q.study;
  st.sampler = sgd::sampling_from_string(q.sampler);
  st.functional = analysis::moment_functional::parse(q.functional);
  const std::string mode = st.resolved_mode(analysis::has_affine(f));
  if (mode == "exact" && !st.integrator.empty())
    throw std::invalid_argument("--integrator " + st.integrator + ": the exact mode integrates no SDE (it solves the moment "
                                "equations); use it with --mode monte_carlo");
  if (mode == "exact" && !analysis::has_affine(f))
    throw std::invalid_argument("--mode exact needs a problem with affine per-sample gradients "
                                "(least_squares, li_tai_e, non_commuting, random_feature); use --mode monte_carlo");
  if (st.functional.coordinate_read() >= f.dim())
    throw std::invalid_argument("--functional " + q.functional + ": the problem has d = " + std::to_string(f.dim()));
  work_plan work(q.max_path_steps);
  const bool richardson = analysis::uses_richardson(st.monte_carlo_integrator());
  for (std::uint64_t K : st.resolved_steps(mode)) {
    if (mode == "exact") {
      work.add("exact moments", 1, double(K));
    } else {  // per K: SGD, and each SME order at s (and 2s for Richardson) substeps
      work.add("SGD K=" + std::to_string(K), double(st.runs), double(K));
      work.add("SME", 2.0 * double(st.runs), (richardson ? 3.0 : 1.0) * double(K) * double(st.substeps));
    }
  }
  work.check();
  q.progress.start(mode == "exact" ? 0 : int((richardson ? 5 : 3) * st.resolved_steps(mode).size()));
  st.ensemble.progress = q.progress.update;
  const auto start = std::chrono::steady_clock::now();
  out.sweep = analysis::run_weak_error_study(f, x0, st);
  out.wall_seconds = seconds_since(start);
  out.mode = out.sweep->mode;
  finish(out, q, out.sweep->to_json(), out.sweep->brief_report());
}

}  // namespace

study_table weak_error_outcome::table() const {
  study_table t;
  using cell = std::optional<double>;
  auto value = [](bool ok, double v) { return ok ? cell(v) : cell(); };
  if (svag) {
    t.columns = {"l", "steps", "svag", "svag_se", "sme1", "sme1_se", "error", "error_se"};
    const bool sme_ok = svag->sme_divergence.empty();
    for (const auto& p : svag->points) {
      const bool ok = p.svag_divergence.empty();
      t.rows.push_back({p.l, double(p.steps), value(ok, p.svag), value(ok, p.svag_se), value(sme_ok, svag->sme), value(sme_ok, svag->sme_se),
                        value(ok && sme_ok, p.error()), value(ok && sme_ok, p.error_se())});
    }
  } else if (sweep) {
    t.columns = {"eta", "steps", "sgd", "sgd_se", "sme1", "sme1_se", "sme2", "sme2_se", "error1", "error1_se", "error2", "error2_se"};
    const bool exact = sweep->mode == "exact", with_max = exact || sweep->options.max_over_t;
    const bool scheduled = !sweep->options.schedule.is_constant();
    if (exact) t.columns.insert(t.columns.end(), {"max_error1", "max_time1", "max_error2", "max_time2"});
    else if (with_max)
      t.columns.insert(t.columns.end(), {"max_error1", "max_error1_se", "max_time1", "max_error2", "max_error2_se", "max_time2"});
    if (scheduled) t.columns.push_back("sde_time");
    for (const auto& p : sweep->rows) {
      const bool sgd_ok = p.sgd_divergence.empty(), sme1_ok = p.sme_divergence[0].empty(), sme2_ok = p.sme_divergence[1].empty();
      t.rows.push_back({p.eta, double(p.steps), value(sgd_ok, p.sgd), value(sgd_ok, p.sgd_se), value(sme1_ok, p.sme[0]),
                        value(sme1_ok, p.sme_se[0]), value(sme2_ok, p.sme[1]), value(sme2_ok, p.sme_se[1]),
                        value(p.side_ok(1), p.error(1)), value(p.side_ok(1), p.error_se(1)), value(p.side_ok(2), p.error(2)),
                        value(p.side_ok(2), p.error_se(2))});
      if (exact)
        for (int k = 0; k < 2; ++k)
          for (double v : {p.max_error[k], p.max_time[k]}) t.rows.back().push_back(value(std::isfinite(v), v));
      else if (with_max)
        for (int k = 0; k < 2; ++k)
          for (double v : {p.max_error[k], p.max_error_se[k], p.max_time[k]}) t.rows.back().push_back(value(std::isfinite(v), v));
      if (scheduled) t.rows.back().push_back(p.sde_time);
    }
  }
  return t;
}

weak_error_outcome run_weak_error(const weak_error_request& request) {
  if (request.svag_l.empty() && request.given("--eta"))
    throw std::invalid_argument("--eta is read only with --svag-l (the SGD sweep takes eta = T/K from --steps); it would be ignored here");
  weak_error_outcome out;
  catalogue::with_problem(request.problem, [&](const auto& f, const sgd::vector& x0) {
    out.description = f.description();
    if (!request.svag_l.empty()) run_svag(out, request, f, x0);
    else run_sweep(out, request, f, x0);
  });
  return out;
}

}  // namespace sgdsde::catalogue
