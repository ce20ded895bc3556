#pragma once
// SVAG's weak-error sweep, its options and result (exact: svag_weak_error.hpp; Monte Carlo:
// monte_carlo_svag_weak_error.hpp): plain data, JSON and the brief report, without the moment
// equations or the integrators, so that a front end holding a result does not compile them.
#include <sgdsde/analysis/order_fit_report.hpp>
#include <sgdsde/analysis/weak_error/weak_error_options.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct svag_weak_error_options {
  double eta = 0.1;                         // SGD's rate: SVAG steps η/l
  std::uint64_t sgd_steps = 10;             // K: the horizon is T = Kη; SVAG(l) takes K·l steps
  std::vector<double> ls{1, 2, 4, 8, 16, 32};  // increasing, ≥ 1, K·l whole numbers
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  moment_functional functional;
  double confidence = 0.95;
  double bound = sde::default_divergence_bound;  // root-mean-square coordinate beyond this: diverged
  static constexpr double max_total_steps = 1e8;  // K·l at the largest l (one d×d update per step)

  double horizon() const { return double(sgd_steps) * eta; }
  // K for a horizon T given in time: T/η must be a whole number of SGD steps (std::invalid_argument).
  static std::uint64_t steps_for_horizon(double T, double eta) {
    const double K = T / eta;
    if (!(std::abs(K - std::round(K)) <= 1e-9 * K) || std::round(K) < 1)
      throw std::invalid_argument("--horizon " + sde::short_number(T) + " must be a whole number of SGD steps of --eta " +
                                  sde::short_number(eta) + " (T/eta = " + sde::short_number(K) + ")");
    return std::uint64_t(std::llround(K));
  }
  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (!(eta > 0.0) || !std::isfinite(eta)) return fail("eta must be finite and > 0, got " + sde::short_number(eta));
    if (sgd_steps < 1) return fail("sgd_steps K must be >= 1");
    if (ls.size() < 3) return fail("need at least 3 values of l to fit an order, got " + std::to_string(ls.size()));
    for (std::size_t i = 0; i < ls.size(); ++i) {
      const double steps = ls[i] * double(sgd_steps);
      if (!(ls[i] >= 1.0) || !std::isfinite(ls[i])) return fail("l must be finite and >= 1, got " + sde::short_number(ls[i]));
      if (i > 0 && !(ls[i] > ls[i - 1])) return fail("the values of l must be strictly increasing");
      if (steps != std::round(steps))
        return fail("K·l must be a whole number of SVAG steps: K = " + std::to_string(sgd_steps) + ", l = " + sde::short_number(ls[i]));
      if (steps > max_total_steps)
        return fail("K·l = " + sde::short_number(steps) + " SVAG steps exceeds the cap of 1e8");
    }
    if (batch < 1) return fail("batch size B must be >= 1");
    if (!(confidence > 0.0 && confidence < 1.0)) return fail("confidence must be in (0, 1)");
    if (!(bound > 0.0)) return fail("bound must be > 0");
    return true;
  }
};

struct svag_weak_error_point {
  double l = 1;
  std::uint64_t steps = 0;        // K·l
  double svag = std::nan("");     // E φ after K·l SVAG steps
  double svag_se = 0.0;           // its Monte Carlo standard error (0 in the exact mode)
  std::string svag_divergence;    // empty unless SVAG's moments (or a path) diverged
  bool rounding_level = false;    // |error| within rounding of E φ: shown, not fitted
  double sme = std::nan(""), sme_se = 0.0;
  double error() const { return sme - svag; }
  double error_se() const { return std::hypot(svag_se, sme_se); }
  bool usable() const { return svag_divergence.empty() && !rounding_level; }
};

struct svag_weak_error_result {
  svag_weak_error_options options;
  std::string mode = "svag_exact";  // svag_exact | svag_monte_carlo
  monte_carlo_sme_settings monte_carlo;  // svag_monte_carlo: the ensembles (n_paths runs each) and the SME's integrator
  std::string sme_diffusion;             // svag_monte_carlo: the SME's factor of Σ (per_sample | covariance | ...)
  std::string problem;
  double sme = std::nan("");      // E φ(X_T) of the SME-1
  double sme_se = 0.0;            // its Monte Carlo standard error (Richardson-extrapolated for weak order 1)
  std::string sme_divergence;
  std::vector<svag_weak_error_point> points;
  // Slope of |error| against 1/l over the sweep (1 expected). Monte Carlo: weighted by the errors'
  // covariance, diag(se_l²) + se_SME² (every point shares the one SME estimate).
  order_fit order;
  local_order local;              // exact mode: slope at the two largest l, with its Richardson drift
  bool monte_carlo_mode() const { return mode == "svag_monte_carlo"; }

  nlohmann::json to_json() const {
    nlohmann::json points_json = nlohmann::json::array();
    for (const auto& p : points) {
      nlohmann::json j = {{"l", p.l}, {"steps", p.steps}};
      if (p.svag_divergence.empty()) {
        j.update({{"svag", p.svag}, {"error", p.error()}});
        if (monte_carlo_mode()) j.update({{"svag_se", p.svag_se}, {"error_se", p.error_se()}});
      } else {
        j["diverged"] = p.svag_divergence;
      }
      if (p.rounding_level) j["rounding_level"] = true;
      points_json.push_back(j);
    }
    nlohmann::json doc = {{"mode", mode}, {"functional", options.functional.name()}, {"eta", options.eta},
                          {"sgd_steps", options.sgd_steps}, {"horizon", options.horizon()}, {"batch", options.batch},
                          {"sampler", sgd::to_string(options.sampler)}, {"points", points_json},
                          {"order_in_inverse_l", fit_json(order)},
                          {"local_order_in_inverse_l", {{"order", std::isfinite(local.order) ? nlohmann::json(local.order) : nlohmann::json()},
                                                        {"drift", std::isfinite(local.drift) ? nlohmann::json(local.drift) : nlohmann::json()}}}};
    if (sme_divergence.empty()) doc["sme1"] = sme;
    else doc["sme1_diverged"] = sme_divergence;
    if (monte_carlo_mode()) {
      doc.erase("local_order_in_inverse_l");
      doc.update({{"runs", monte_carlo.ensemble.n_paths}, {"seed", monte_carlo.seed}, {"substeps", monte_carlo.substeps},
                  {"integrator", monte_carlo.integrator}, {"sme_diffusion", sme_diffusion}});
      if (sme_divergence.empty()) doc["sme1_se"] = sme_se;
    }
    return doc;
  }

  std::string brief_report() const {
    const bool mc = monte_carlo_mode();
    std::string sme_text = sme_divergence;
    if (sme_divergence.empty()) sme_text = mc ? sde::formatted("%.8g (se %.2g)", sme, sme_se) : sde::formatted("%.10g", sme);
    std::string out = sde::formatted("SME-1 at T = %g: E %s = %s\n", options.horizon(), options.functional.name().c_str(), sme_text.c_str());
    if (mc)
      out += sde::formatted("%llu runs per ensemble; the SME by %s, %llu substeps per SGD step%s\n",
                            static_cast<unsigned long long>(monte_carlo.ensemble.n_paths), monte_carlo.integrator.c_str(),
                            static_cast<unsigned long long>(monte_carlo.substeps),
                            uses_richardson(monte_carlo.integrator) ? " and twice that (Richardson)" : "");
    out += sde::formatted("%10s %12s %24s %24s%s\n", "l", "steps", "E phi (SVAG)", "SME-1 - SVAG", mc ? "   (se)" : "");
    for (const auto& p : points) {
      if (!p.svag_divergence.empty()) {
        out += sde::formatted("%10g %12llu diverged: %s\n", p.l, static_cast<unsigned long long>(p.steps), p.svag_divergence.c_str());
        continue;
      }
      out += sde::formatted("%10g %12llu %24.12g %24.6e", p.l, static_cast<unsigned long long>(p.steps), p.svag, p.error());
      out += mc ? sde::formatted("   (%.1e)\n", p.error_se()) : std::string("\n");
    }
    out += "order in 1/l: " + fit_text(order) + "\n";
    if (std::isfinite(local.order))
      out += sde::formatted("local order at the largest l: %.4f (drift %.2g)\n", local.order, local.drift);
    return out;
  }
};

}  // namespace sgdsde::analysis
