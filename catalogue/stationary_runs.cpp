#include <sgdsde/catalogue/stationary_runs.hpp>

#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/catalogue/with_problem.hpp>
#include <sgdsde/analysis/stationary/stationary_study.hpp>

#include <chrono>

namespace sgdsde::catalogue {
namespace {

template <class Objective>
void run(stationary_outcome& out, const stationary_request& q, const Objective& f, const sgd::vector& x0) {
  analysis::stationary_study_options st = q.study;
  if (!(st.eta > 0.0)) throw std::invalid_argument("--eta must be > 0");
  const double horizon = q.horizon ? *q.horizon : st.chains ? 20000.0 : 50.0;
  const double burn_in_time = q.burn_in_time ? *q.burn_in_time : 0.1 * horizon;
  if (!(horizon > 0.0) || !std::isfinite(horizon)) throw std::invalid_argument("--horizon must be finite and > 0");
  if (!(burn_in_time >= 0.0)) throw std::invalid_argument("--burn-in must be >= 0");
  if (!q.range.empty() && q.range.size() != 2) throw std::invalid_argument("--range takes two values lo,hi");
  if (q.range.size() == 2) {
    if (!(q.range[0] < q.range[1])) throw std::invalid_argument("--range needs lo < hi");
    st.range = std::make_pair(q.range[0], q.range[1]);
  }
  if (st.chains && f.dim() > 1) throw std::invalid_argument("--chains: long chains are for 1-D problems; d > 1 uses ensembles");
  if (q.density_table && f.dim() > 1) throw std::invalid_argument("--csv: the per-bin table is for 1-D problems; use --json for d > 1");
  st.sampler = sgd::sampling_from_string(q.sampler);
  st.steps = checked_step_count(horizon / st.eta, "-T / --eta");
  if (st.chains) {
    st.burn_in = std::min(st.steps, checked_step_count(burn_in_time / st.eta, "--burn-in / --eta", 0));
    if (st.steps - st.burn_in < 16)
      throw std::invalid_argument("--burn-in must leave at least 16 SGD steps of the horizon (one per batch)");
  }
  work_plan work(q.max_path_steps);
  const double paths = double(st.chains > 0 ? st.chains : st.runs);
  work.add("SGD", paths, double(st.steps));
  for (const auto& name : st.methods())
    if (name != "sgd") work.add(name, paths, double(st.steps) * double(st.substeps));
  work.check();
  q.progress.start(int(st.methods().size()));
  st.ensemble.progress = q.progress.update;
  const auto start = std::chrono::steady_clock::now();
  out.result = analysis::run_stationary_study(f, x0, st);
  out.wall_seconds = seconds_since(start);
  out.description = f.description();
  out.document = study_document("stationary", q.problem, out.description, out.result.to_json());
  out.report = "Stationary law: " + out.description + ", " + out.result.brief_report();
}

}  // namespace

study_table stationary_outcome::table() const {
  study_table t;
  using cell = std::optional<double>;
  const auto& r = result;
  t.columns = {"x"};
  for (const auto& m : r.methods) t.columns.insert(t.columns.end(), {m.method, m.method + "_se"});
  t.columns.insert(t.columns.end(), {"fokker_planck", "gibbs"});
  const auto x = r.bin_centres();
  const double width = (r.reference->hi - r.reference->lo) / r.options.bins;
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::vector<cell> row{x[i]};
    for (const auto& m : r.methods) {
      const bool ok = m.divergence.empty();
      row.insert(row.end(), {ok ? cell(m.density[i]) : cell(), ok ? cell(m.density_se[i]) : cell()});
    }
    row.insert(row.end(), {r.reference->exact_coarse[i] / width, r.reference->gibbs_coarse[i] / width});
    t.rows.push_back(std::move(row));
  }
  return t;
}

stationary_outcome run_stationary(const stationary_request& request) {
  stationary_outcome out;
  catalogue::with_problem(request.problem, [&](const auto& f, const sgd::vector& x0) {
    run(out, request, f, request.problem.x0.empty() ? sgd::vector(sgd::vector::Zero(x0.size())) : x0);
  });
  return out;
}

}  // namespace sgdsde::catalogue
