#pragma once
// The weak-error study's options and result (weak_error_study.hpp runs it): plain data, JSON and the
// brief report, without the moment equations or the integrators, so that a front end holding a result
// does not compile the study.
#include <sgdsde/analysis/order_fit_report.hpp>
#include <sgdsde/analysis/weak_error/weak_error_options.hpp>
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
  bool max_over_t = false;  // Monte Carlo: also the maximum over t of the error (the exact mode always)
  rate_profile schedule;    // η_k = η u(kη) at every point (rate_profile.hpp); constant by default
  double confidence = 0.95;
  double bound = sde::default_divergence_bound;
  sde::ensemble_options ensemble;  // threads and progress (n_paths is set from runs)

  std::string monte_carlo_integrator() const { return integrator.empty() ? "euler_maruyama" : integrator; }
  // The mode that runs on an objective with (or without) affine per-sample gradients.
  // auto: exact for an affine objective and a functional of the first two moments, else monte_carlo.
  std::string resolved_mode(bool affine) const {
    return mode == "auto" ? (affine && functional.closes_on_two_moments() ? "exact" : "monte_carlo") : mode;
  }
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
  // Max over t = kη ≤ T of |E φ(X_t) − E φ(x_k)| and where it is reached (weak_error.hpp), with its
  // standard error in the Monte Carlo mode (max_over_t; monte_carlo_weak_error.hpp). NaN where not
  // computed and where a side diverged.
  double max_error[2] = {std::nan(""), std::nan("")}, max_time[2] = {std::nan(""), std::nan("")};
  double max_error_se[2] = {std::nan(""), std::nan("")};
  double sde_time = std::nan("");  // the SME's time at the end, Σ η_k (T under a constant rate)
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
  std::optional<order_fit> max_order1, max_order2;  // exact mode, or max_over_t: fitted on the maximum over t

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

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
    if (!o.schedule.is_constant()) point["sde_time"] = p.sde_time;
    for (int k = 0; k < 2; ++k) {
      if (p.rounding_level[k]) point["rounding_level"].push_back("sme" + std::to_string(k + 1));
      if (std::isfinite(p.max_error[k]))
        point.update({{"max_error" + std::to_string(k + 1), p.max_error[k]}, {"max_time" + std::to_string(k + 1), p.max_time[k]}});
      if (std::isfinite(p.max_error_se[k])) point["max_error" + std::to_string(k + 1) + "_se"] = p.max_error_se[k];
    }
    points.push_back(point);
  }
  nlohmann::json doc = {{"mode", mode}, {"functional", o.functional.name()}, {"horizon", o.horizon}, {"batch", o.batch},
                        {"sampler", sgd::to_string(o.sampler)}, {"points", points}, {"order_sme1", fit_json(order1)},
                        {"order_sme2", fit_json(order2)}};
  if (!o.schedule.is_constant()) {
    doc["schedule"] = {{"name", o.schedule.name}, {"rates", o.schedule.description()}};
    const auto& q = o.schedule;
    if (q.name == "inverse_power") doc["schedule"].update({{"alpha", q.alpha}, {"decay_time", q.decay_time}});
    if (q.name == "exponential") doc["schedule"]["decay_time"] = q.decay_time;
    if (q.name == "linear") doc["schedule"]["end_ratio"] = q.end_ratio;
    if (q.name == "step_decay") doc["schedule"].update({{"decay_factor", q.factor}, {"decay_time", q.decay_time}});
  }
  if (mode == "monte_carlo")
    doc.update({{"runs", o.runs}, {"substeps", o.substeps}, {"seed", o.seed}, {"integrator", o.monte_carlo_integrator()},
                {"richardson", uses_richardson(o.monte_carlo_integrator())}, {"max_over_t", o.max_over_t}});
  if (local1 && std::isfinite(local1->order)) doc["local_order_sme1"] = {{"estimate", local1->order}, {"drift", local1->drift}};
  if (local2 && std::isfinite(local2->order)) doc["local_order_sme2"] = {{"estimate", local2->order}, {"drift", local2->drift}};
  if (max_order1) doc["max_order_sme1"] = fit_json(*max_order1);
  if (max_order2) doc["max_order_sme2"] = fit_json(*max_order2);
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
  std::string out = sde::formatted("phi = %s, T = %g, B = %zu, %s\n", o.functional.name().c_str(), o.horizon, o.batch,
                                   sgd::to_string(o.sampler));
  if (!o.schedule.is_constant())
    out += "schedule: eta_k = " + o.schedule.description() + " at s = k eta; the SME runs to t = sum of eta_k (sde_time)\n";
  out += "\n";
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
  if (max_order1 && max_order2 && !rows.empty()) {
    const weak_error_row& p = rows.back();
    out += sde::formatted("max over 0 <= t <= T of |error|, fitted order: SME-1 %s, SME-2 %s\n", fit_text(*max_order1).c_str(),
                          fit_text(*max_order2).c_str());
    if (std::isfinite(p.max_error[0]) && std::isfinite(p.max_error[1]))
      out += sde::formatted("  at eta = %g: SME-1 %.4e (t = %g), SME-2 %.4e (t = %g)\n", p.eta, p.max_error[0], p.max_time[0],
                            p.max_error[1], p.max_time[1]);
    if (mode == "monte_carlo")
      out += "  (the largest of K + 1 noisy errors: biased up by about a standard error where the error is flat in t)\n";
  }
  return out;
}

}  // namespace sgdsde::analysis
