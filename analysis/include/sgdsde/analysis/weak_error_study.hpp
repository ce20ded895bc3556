#pragma once
// The weak-error study: |E φ(x_K) − E φ(X_T)| of the SME-1 and SME-2 against SGD over η = T/K, with
// fitted orders, in one of two modes behind one result:
//   exact        the moment equations (weak_error.hpp): no Monte Carlo, for objectives with affine
//                per-sample gradients; adds the local slope at the smallest η;
//   monte_carlo  ensembles (monte_carlo_weak_error.hpp), for every objective and any registered
//                integrator (weak order 1: Richardson-extrapolated; weak order 2: once).
// "auto" takes exact where it applies. A side that diverges at some η is reported there and left out
// of the fits.
#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/monte_carlo_weak_error.hpp>
#include <sgdsde/analysis/order_fit_report.hpp>
#include <sgdsde/analysis/weak_error.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct weak_error_study_options {
  std::string mode = "auto";  // auto | exact | monte_carlo
  moment_functional functional;
  double horizon = 1.0;
  std::vector<std::uint64_t> steps;  // K per point; empty: exact 8..256, Monte Carlo 4, 8, 16, 32
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  std::uint64_t runs = 10000, substeps = 8, seed = 1;  // Monte Carlo
  std::string integrator;                              // Monte Carlo; empty: euler_maruyama
  double confidence = 0.95;
  double bound = sde::default_divergence_bound;
  sde::ensemble_options ensemble;  // threads and progress (n_paths is set from runs)

  std::string monte_carlo_integrator() const { return integrator.empty() ? "euler_maruyama" : integrator; }
  // The mode that runs on an objective with (or without) affine per-sample gradients.
  std::string resolved_mode(bool affine) const { return mode == "auto" ? (affine ? "exact" : "monte_carlo") : mode; }
  // The step counts of the sweep in the given mode.
  std::vector<std::uint64_t> resolved_steps(const std::string& m) const {
    if (!steps.empty()) return steps;
    return m == "exact" ? weak_error_options().steps : monte_carlo_weak_error_options().steps;
  }
  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (mode != "auto" && mode != "exact" && mode != "monte_carlo")
      return fail("mode must be auto, exact or monte_carlo, got '" + mode + "'");
    if (mode == "exact" && !integrator.empty())
      return fail("integrator " + integrator + ": the exact mode integrates no SDE (it solves the moment equations)");
    if (runs < 2) return fail("runs must be >= 2");
    return true;  // the rest is checked by the mode's own options
  }
};

// One η: E φ on each side with standard errors (0 in the exact mode), or why a side diverged.
struct weak_error_row {
  double eta = 0;
  std::uint64_t steps = 0;
  double sgd = std::nan(""), sgd_se = 0, sme[2] = {std::nan(""), std::nan("")}, sme_se[2] = {0, 0};
  std::string sgd_divergence, sme_divergence[2];
  bool rounding_level[2] = {false, false};  // exact mode: error within rounding, not fitted
  bool diverged() const { return !sgd_divergence.empty() || !sme_divergence[0].empty() || !sme_divergence[1].empty(); }
  double error(int order) const { return sme[order - 1] - sgd; }
  double error_se(int order) const { return std::hypot(sgd_se, sme_se[order - 1]); }
  bool side_ok(int order) const { return sgd_divergence.empty() && sme_divergence[order - 1].empty(); }
};

struct weak_error_study_result {
  weak_error_study_options options;
  std::string mode;  // exact | monte_carlo
  std::vector<weak_error_row> rows;
  order_fit order1, order2;
  std::optional<local_order> local1, local2;  // exact mode

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

namespace detail {
template <class Objective>
std::function<double(const sgd::vector&)> functional_of(const Objective& f, const moment_functional& functional) {
  if (functional.what == moment_functional::kind::coordinate && functional.coordinate >= f.dim())
    throw std::invalid_argument("functional " + functional.name() + ": the problem has d = " + std::to_string(f.dim()));
  return [&f, functional](const sgd::vector& x) {
    switch (functional.what) {
      case moment_functional::kind::loss: return f.value(x);
      case moment_functional::kind::second_moment: return x.squaredNorm();
      case moment_functional::kind::coordinate: return x[functional.coordinate];
    }
    return 0.0;
  };
}
// The options both modes share, copied into the mode's own options.
template <class ModeOptions>
ModeOptions mode_options(const weak_error_study_options& options, const std::string& mode) {
  ModeOptions o;
  o.horizon = options.horizon;
  o.steps = options.resolved_steps(mode);
  o.batch = options.batch;
  o.sampler = options.sampler;
  o.confidence = options.confidence;
  o.bound = options.bound;
  return o;
}
}  // namespace detail

// f must outlive the call. Throws std::invalid_argument for invalid options, and for the exact mode on
// an objective whose per-sample gradients are not affine.
template <class Objective>
weak_error_study_result run_weak_error_study(const Objective& f, const sgd::vector& x0, const weak_error_study_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("weak error: " + error);
  constexpr bool affine = has_affine_model_v<Objective>;
  weak_error_study_result r;
  r.options = options;
  r.mode = options.resolved_mode(affine);
  if (r.mode == "exact") {
    if constexpr (affine) {
      auto o = detail::mode_options<weak_error_options>(options, r.mode);
      o.functional = options.functional;
      const auto e = exact_weak_error(affine_model(f), x0, o);
      for (const auto& p : e.points)
        r.rows.push_back({p.eta, p.steps, p.sgd, 0.0, {p.sme1, p.sme2}, {0.0, 0.0}, p.sgd_divergence,
                          {p.sme_divergence[0], p.sme_divergence[1]}, {p.rounding_level[0], p.rounding_level[1]}});
      r.order1 = e.order1;
      r.order2 = e.order2;
      r.local1 = e.local1;
      r.local2 = e.local2;
      return r;
    } else {
      throw std::invalid_argument("the exact mode needs a problem with affine per-sample gradients "
                                  "(least_squares, li_tai_e, non_commuting); use the monte_carlo mode");
    }
  }
  auto o = detail::mode_options<monte_carlo_weak_error_options>(options, r.mode);
  o.substeps = options.substeps;
  o.integrator = options.monte_carlo_integrator();
  o.seed = options.seed;
  o.ensemble = options.ensemble;
  o.ensemble.n_paths = options.runs;
  const auto e = monte_carlo_weak_error(f, x0, detail::functional_of(f, options.functional), o);
  for (const auto& p : e.points)
    r.rows.push_back({p.eta, p.steps, p.sgd, p.sgd_se, {p.sme[0], p.sme[1]}, {p.sme_se[0], p.sme_se[1]}, p.sgd_divergence,
                      {p.sme_divergence[0], p.sme_divergence[1]}});
  r.order1 = e.order1;
  r.order2 = e.order2;
  return r;
}

inline nlohmann::json weak_error_study_result::to_json() const {
  const auto& o = options;
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : rows) {
    nlohmann::json point = {{"eta", p.eta}, {"steps", p.steps}, {"sgd", p.sgd}, {"sgd_se", p.sgd_se},
                            {"sme1", p.sme[0]}, {"sme1_se", p.sme_se[0]}, {"sme2", p.sme[1]}, {"sme2_se", p.sme_se[1]},
                            {"error1", p.error(1)}, {"error1_se", p.error_se(1)},
                            {"error2", p.error(2)}, {"error2_se", p.error_se(2)}};
    if (p.diverged()) {
      nlohmann::json d = nlohmann::json::object();
      if (!p.sgd_divergence.empty()) d["sgd"] = p.sgd_divergence;
      if (!p.sme_divergence[0].empty()) d["sme1"] = p.sme_divergence[0];
      if (!p.sme_divergence[1].empty()) d["sme2"] = p.sme_divergence[1];
      point["diverged"] = d;
    }
    for (int k = 0; k < 2; ++k)
      if (p.rounding_level[k]) point["rounding_level"].push_back("sme" + std::to_string(k + 1));
    points.push_back(point);
  }
  nlohmann::json doc = {{"mode", mode}, {"functional", o.functional.name()}, {"horizon", o.horizon}, {"batch", o.batch},
                        {"sampler", sgd::to_string(o.sampler)}, {"points", points}, {"order_sme1", fit_json(order1)},
                        {"order_sme2", fit_json(order2)}};
  if (mode == "monte_carlo")
    doc.update({{"runs", o.runs}, {"substeps", o.substeps}, {"seed", o.seed}, {"integrator", o.monte_carlo_integrator()},
                {"richardson", uses_richardson(o.monte_carlo_integrator())}});
  if (local1 && std::isfinite(local1->order)) doc["local_order_sme1"] = {{"estimate", local1->order}, {"drift", local1->drift}};
  if (local2 && std::isfinite(local2->order)) doc["local_order_sme2"] = {{"estimate", local2->order}, {"drift", local2->drift}};
  return doc;
}

inline std::string weak_error_study_result::brief_report() const {
  const auto& o = options;
  // One SME order's cell: the error and its standard error, or which side diverged.
  auto error_cell = [](const weak_error_row& p, int order) -> std::string {
    if (!p.sgd_divergence.empty()) return "SGD diverged";
    if (!p.sme_divergence[order - 1].empty()) return "SME diverged";
    return sde::formatted("%+13.4e (%.1e)", p.error(order), p.error_se(order));
  };
  std::string out = sde::formatted("phi = %s, T = %g, B = %zu, %s\n\n", o.functional.name().c_str(), o.horizon, o.batch,
                                   sgd::to_string(o.sampler));
  out += sde::formatted("%10s %7s %14s %24s %24s\n", "eta", "K", "E phi SGD", "SME-1 error (se)", "SME-2 error (se)");
  for (const auto& p : rows)
    out += sde::formatted("%10.5g %7llu %14s %24s %24s\n", p.eta, static_cast<unsigned long long>(p.steps),
                          p.sgd_divergence.empty() ? sde::formatted("%.8g", p.sgd).c_str() : "diverged",
                          error_cell(p, 1).c_str(), error_cell(p, 2).c_str());
  for (const auto& p : rows) {
    if (!p.sgd_divergence.empty()) out += sde::formatted("eta = %g: %s\n", p.eta, p.sgd_divergence.c_str());
    for (int k = 0; k < 2; ++k)
      if (!p.sme_divergence[k].empty()) out += sde::formatted("eta = %g, SME-%d: %s\n", p.eta, k + 1, p.sme_divergence[k].c_str());
    if (p.rounding_level[0] || p.rounding_level[1])
      out += sde::formatted("eta = %g: the %s at rounding level (|error| <= 1e-12 |E phi|), left out of the fit\n", p.eta,
                            p.rounding_level[0] && p.rounding_level[1] ? "SME-1 and SME-2 errors are"
                            : p.rounding_level[0]                      ? "SME-1 error is"
                                                                       : "SME-2 error is");
  }
  out += sde::formatted("\nfitted weak order (%.0f%% interval): SME-1 %s, SME-2 %s\n", 100 * o.confidence, fit_text(order1).c_str(),
                        fit_text(order2).c_str());
  if (local1 && local2 && std::isfinite(local1->order) && std::isfinite(local2->order))
    out += sde::formatted("slope at the smallest eta: SME-1 %.4f (drift %.1e), SME-2 %.4f (drift %.1e)\n", local1->order,
                          local1->drift, local2->order, local2->drift);
  return out;
}

}  // namespace sgdsde::analysis
