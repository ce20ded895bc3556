#pragma once
// The learning-rate schedule of a weak-error sweep, given in time so that every η of the sweep follows
// the same one: η_k = η u(kη), k = 0..K−1, with K = T/η (Li, Tai & E's adjusted rates η u_k, u_k =
// u(kη)). As η → 0 the profile u on the clock s = kη ∈ [0, T] stays fixed, which a schedule in steps
// (sgd::learning_rate_schedule's factories) would not: η/(k+1)^α decays within ever fewer units of time.
// The SME runs on its own clock t = Σ_{i<k} η_i (sgd::pair_with_sme), which ends near ∫₀ᵀ u(s) ds.
//   constant        u = 1
//   inverse_power   u = (1 + s/τ)^(−α)
//   exponential     u = exp(−s/τ)
//   linear          u = 1 + (r − 1) s/T      (r = end_ratio: u at T)
//   step_decay      u = factor^⌊s/τ⌋
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/schedule.hpp>
#include <sgdsde/sgd/schedule_kinds.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct rate_profile {
  std::string name = "constant";  // constant | inverse_power | exponential | linear | step_decay
  double alpha = 0.5;             // inverse_power's exponent, in [0, 16]
  double decay_time = 1.0;        // τ > 0: inverse_power, exponential, step_decay
  double end_ratio = 0.1;         // linear: u(T), in (0, 100]
  double factor = 0.5;            // step_decay: in (0, 1]

  bool is_constant() const { return name == "constant"; }

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (!sgd::is_schedule_name(name)) return fail("schedule must be " + sgd::schedule_names_text() + ", got '" + name + "'");
    if (!(alpha >= 0.0 && alpha <= 16.0)) return fail("alpha must be in [0, 16], got " + sde::short_number(alpha));
    if (!(decay_time > 0.0) || !std::isfinite(decay_time))
      return fail("decay time must be finite and > 0, got " + sde::short_number(decay_time));
    if (!(end_ratio > 0.0 && end_ratio <= 100.0)) return fail("end ratio must be in (0, 100], got " + sde::short_number(end_ratio));
    if (!(factor > 0.0 && factor <= 1.0)) return fail("decay factor must be in (0, 1], got " + sde::short_number(factor));
    return true;
  }

  // u at time s of a sweep over [0, horizon].
  double u(double s, double horizon) const {
    if (name == "inverse_power") return std::pow(1.0 + s / decay_time, -alpha);
    if (name == "exponential") return std::exp(-s / decay_time);
    if (name == "linear") return 1.0 + (end_ratio - 1.0) * s / horizon;
    // A step boundary s = jτ hit by kη up to rounding counts as reached.
    if (name == "step_decay") return std::pow(factor, std::floor(s / decay_time * (1.0 + 1e-12)));
    return 1.0;
  }

  // The rates of the sweep's point η over [0, horizon]: η_k = η u(kη).
  sgd::learning_rate_schedule rates(double eta, double horizon) const {
    if (is_constant()) return sgd::learning_rate_schedule::constant(eta);
    const rate_profile profile = *this;
    return sgd::learning_rate_schedule::custom(
        [profile, eta, horizon](std::uint64_t k) { return eta * profile.u(double(k) * eta, horizon); }, description());
  }

  // The SME's clock at SGD's steps, t_k = Σ_{i<k} η_i for k = 0..K (kη under a constant rate).
  std::vector<double> sme_clock(double eta, double horizon, std::uint64_t K) const {
    const auto eta_k = rates(eta, horizon);
    std::vector<double> t(K + 1, 0.0);
    for (std::uint64_t k = 0; k < K; ++k) t[k + 1] = is_constant() ? double(k + 1) * eta : t[k] + eta_k(k);
    return t;
  }

  std::string description() const {
    if (name == "inverse_power") return "eta (1 + s/" + sde::short_number(decay_time) + ")^-" + sde::short_number(alpha);
    if (name == "exponential") return "eta exp(-s/" + sde::short_number(decay_time) + ")";
    if (name == "linear") return "eta -> " + sde::short_number(end_ratio) + " eta linearly over [0, T]";
    if (name == "step_decay") return "eta " + sde::short_number(factor) + "^floor(s/" + sde::short_number(decay_time) + ")";
    return "constant eta";
  }
};

}  // namespace sgdsde::analysis
