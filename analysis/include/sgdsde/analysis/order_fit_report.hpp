#pragma once
// An order fit as every report shows it: the slope with its interval, or why there is none
// (fewer than 3 usable points: diverged or zero errors, or too short a sweep). Never a bare nan.
#include <sgdsde/analysis/order_fit.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace sgdsde::analysis {

inline bool has_interval(const order_fit& f) {
  return f.points >= 3 && std::isfinite(f.order) && std::isfinite(f.ci_low) && std::isfinite(f.ci_high);
}

inline std::string not_fitted_reason(const order_fit& f) {
  return "not enough points: " + std::to_string(f.points) + " usable, 3 needed";
}

// "1.002 [0.990, 1.014] on 6 points", or "not enough points: 2 usable, 3 needed".
inline std::string fit_text(const order_fit& f) {
  if (!has_interval(f)) return not_fitted_reason(f);
  char b[96];
  std::snprintf(b, sizeof b, "%.3f [%.3f, %.3f] on %d points", f.order, f.ci_low, f.ci_high, f.points);
  return b;
}

// The estimate, its standard errors, the interval, the confidence and the points used; without an
// interval, the estimate and interval are null and "not_fitted" says why.
inline nlohmann::json fit_json(const order_fit& f) {
  if (!has_interval(f))
    return {{"estimate", nullptr}, {"ci", nullptr}, {"confidence", f.confidence}, {"points", f.points},
            {"not_fitted", not_fitted_reason(f)}};
  return {{"estimate", f.order},
          {"standard_error", f.standard_error},
          {"mc_standard_error", f.mc_standard_error},
          {"residual_standard_error", f.residual_standard_error},
          {"ci", {f.ci_low, f.ci_high}},
          {"confidence", f.confidence},
          {"points", f.points}};
}

}  // namespace sgdsde::analysis
