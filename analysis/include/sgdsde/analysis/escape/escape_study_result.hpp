#pragma once
// The escape study's options, plan and result (escape_study.hpp plans and runs it): plain data, JSON
// and the brief report, without the integrators or the quadrature, so that a front end holding a
// result does not compile the study.
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct escape_study_options {
  std::vector<double> etas{0.03, 0.04, 0.05, 0.07, 0.1};
  double target = 1.0;
  std::optional<double> reflect_at;  // default x0 ∓ 4|target − x0|, behind x0
  double horizon_factor = 30.0;      // runs stop at this multiple of the exact time
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  std::uint64_t substeps = 4;
  std::string integrator = "euler_maruyama";
  std::uint64_t seed = 1;
  std::uint64_t max_steps = 1000000000000000ull;  // per run, in SGD steps
  sde::ensemble_options ensemble;

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (etas.empty()) return fail("eta needs at least one value");
    for (double eta : etas)
      if (!(eta > 0.0) || !std::isfinite(eta)) return fail("eta values must be finite and > 0");
    if (!std::isfinite(target)) return fail("target must be finite");
    if (!(horizon_factor >= 2.0) || !std::isfinite(horizon_factor)) return fail("horizon factor must be finite and >= 2");
    if (substeps < 1) return fail("substeps must be >= 1");
    if (!sde::integrators::contains(integrator))
      return fail("unknown integrator '" + integrator + "'; valid: " + sde::integrators::names_text());
    return ensemble.is_valid(error);
  }
};

// One method's estimate at one η: the mean over runs that hit, or the divergence message.
struct passage_estimate {
  double mean = std::nan(""), standard_error = std::nan("");
  std::uint64_t hit = 0, censored = 0;
  std::string divergence;

  nlohmann::json to_json() const {
    if (!divergence.empty()) return {{"diverged", divergence}};
    return {{"mean", mean}, {"standard_error", standard_error}, {"hit", hit}, {"censored", censored}};
  }
};

struct escape_point {
  double eta = 0, temperature = 0, exact = 0, kramers = std::nan("");  // kramers NaN where it does not apply
  std::uint64_t steps = 0;                                             // the horizon in SGD steps
  passage_estimate sgd, sme;
};

struct escape_plan {
  double x0 = 0, target = 0, wall = 0;
  bool upward = true;
  double minimum = 0, minimum_curvature = 0, saddle = 0, saddle_curvature = 0, barrier = 0;
  bool additive_noise = false;
  std::string kramers_not_applicable;  // empty when Kramers applies, else why not
  std::vector<escape_point> points;    // eta, temperature, exact, kramers, steps filled
};

struct escape_study_result {
  escape_study_options options;
  escape_plan plan;

  nlohmann::json to_json() const;
  std::string brief_report() const;
};

inline nlohmann::json escape_study_result::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : plan.points)
    rows.push_back({{"eta", p.eta}, {"temperature", p.temperature}, {"steps", p.steps}, {"exact", p.exact},
                    {"kramers", std::isfinite(p.kramers) ? nlohmann::json(p.kramers) : nlohmann::json(nullptr)},
                    {"sgd", p.sgd.to_json()}, {options.integrator, p.sme.to_json()}});
  return {{"batch", options.batch}, {"sampler", sgd::to_string(options.sampler)}, {"integrator", options.integrator},
          {"x0", plan.x0}, {"target", plan.target}, {"reflect_at", plan.wall}, {"runs", options.ensemble.n_paths},
          {"substeps", options.substeps}, {"seed", options.seed}, {"horizon_factor", options.horizon_factor},
          {"minimum", {{"x", plan.minimum}, {"curvature", plan.minimum_curvature}}},
          {"saddle", {{"x", plan.saddle}, {"curvature", plan.saddle_curvature}}},
          {"barrier", plan.barrier}, {"additive_noise", plan.additive_noise},
          {"kramers_applies", plan.kramers_not_applicable.empty()}, {"points", rows}};
}

inline std::string escape_study_result::brief_report() const {
  const bool kramers = plan.kramers_not_applicable.empty();
  auto cell = [](const passage_estimate& e) -> std::string {
    if (!e.divergence.empty()) return "diverged";
    char b[64];
    std::snprintf(b, sizeof b, "%.5g (%.2g)%s", e.mean, e.standard_error, e.censored ? "*" : "");
    return b;
  };
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "well bottom %.4g (f'' = %.4g), top between x0 and target %.4g (f'' = %.4g), barrier %.4g; Kramers %s\n\n",
                plan.minimum, plan.minimum_curvature, plan.saddle, plan.saddle_curvature, plan.barrier,
                kramers ? "with the temperature eps = eta c sigma^2/(2B)" : ("n/a (" + plan.kramers_not_applicable + ")").c_str());
  out += line;
  const std::string short_label = options.integrator == "euler_maruyama" ? "EM" : options.integrator;
  const std::string sme_label = short_label + " mean (se)";
  std::snprintf(line, sizeof line, "%8s %9s %8s %12s %12s %22s %22s\n", "eta", "eps", "dF/eps", "exact SME", "Kramers",
                "SGD mean (se)", sme_label.c_str());
  out += line;
  bool censored = false;
  for (const auto& p : plan.points) {
    char ratio[32] = "-", kramers_cell[32] = "-";
    if (kramers) {
      std::snprintf(ratio, sizeof ratio, "%.3g", plan.barrier / p.temperature);
      std::snprintf(kramers_cell, sizeof kramers_cell, "%.5g", p.kramers);
    }
    std::snprintf(line, sizeof line, "%8.4g %9.4g %8s %12.5g %12s %22s %22s\n", p.eta, p.temperature, ratio, p.exact,
                  kramers_cell, cell(p.sgd).c_str(), cell(p.sme).c_str());
    out += line;
    censored = censored || p.sgd.censored || p.sme.censored;
  }
  for (const auto& p : plan.points) {
    const std::string eta = sde::formatted("%g", p.eta);
    if (!p.sgd.divergence.empty()) out += "eta = " + eta + ", SGD: " + p.sgd.divergence + "\n";
    if (!p.sme.divergence.empty()) out += "eta = " + eta + ", " + short_label + ": " + p.sme.divergence + "\n";
  }
  if (censored) out += "* some runs had not escaped by the horizon: that mean is biased low (raise --horizon-factor)\n";
  return out;
}

}  // namespace sgdsde::analysis
