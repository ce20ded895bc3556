#pragma once
// The weak error of SVAG(l) against the SME-1, exactly (no Monte Carlo), for objectives with affine
// per-sample gradients: E φ after K·l SVAG steps against E φ(X_T) of the SME of rate η at T = Kη.
//
// SVAG (sgd_options.hpp; Li, Malladi, Arora 2021) takes steps τ = η/l whose gradient has mean ∇f and
// covariance l c Σ(x)/B, so its exact moments are SGD's moment recursion (exact_moments.hpp) with rate
// τ and noise scale l c/B. As l grows it is Euler–Maruyama-like on the SME with dt = η/l: the error
// is O(1/l) and its fitted order in 1/l is 1 (Li, Malladi, Arora, Theorem 4.3). l = 1 is SGD.
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/weak_error/svag_weak_error_result.hpp>
#include <sgdsde/analysis/weak_error/weak_error.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

inline svag_weak_error_result exact_svag_weak_error(const affine_gradient_model& model, const vector& x0,
                                                    const svag_weak_error_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("svag weak error: " + error);
  detail::check_moment_inputs(model, x0, options.functional, "svag weak error");
  svag_weak_error_result r;
  r.options = options;
  r.problem = model.name();
  const double c_over_b = exact_noise_scale(model, options.sampler, options.batch);
  const moment_state sme = sme_moment_flow(model, options.eta, c_over_b, 1).advance(point_mass(x0), options.horizon());
  r.sme = options.functional.expectation(model, sme);
  r.sme_divergence = detail::moment_divergence(sme, r.sme, options.bound);
  std::vector<double> inverse_l, errors;
  for (double l : options.ls) {
    svag_weak_error_point p;
    p.l = l;
    p.steps = std::uint64_t(std::llround(l * double(options.sgd_steps)));
    moment_state s = point_mass(x0);
    for (std::uint64_t k = 0; k < p.steps && s.M.allFinite(); ++k) s = sgd_moment_step(model, s, options.eta / l, l * c_over_b);
    p.svag = options.functional.expectation(model, s);
    p.svag_divergence = detail::moment_divergence(s, p.svag, options.bound);
    if (!p.svag_divergence.empty()) p.svag = std::nan("");
    p.sme = r.sme;
    p.rounding_level = p.svag_divergence.empty() &&
                       std::abs(p.error()) <= rounding_relative_error * std::max(std::abs(r.sme), std::abs(p.svag));
    if (r.sme_divergence.empty() && p.usable()) {
      inverse_l.push_back(1.0 / l);
      errors.push_back(p.error());
    }
    r.points.push_back(p);
  }
  if (inverse_l.size() >= 3) r.order = fit_order(inverse_l, errors, options.confidence);
  r.local = finest_local_order(inverse_l, errors);
  r.order.confidence = options.confidence;
  if (inverse_l.size() < 3) r.order.points = int(inverse_l.size());
  return r;
}

}  // namespace sgdsde::analysis
