#pragma once
// The η sweep shared by the weak-error studies: η = T/K for increasing step counts K.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace sgdsde::analysis {

inline bool valid_eta_sweep(double horizon, const std::vector<std::uint64_t>& steps, std::size_t batch, double confidence,
                            std::string* error) {
  auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
  if (!(horizon > 0.0) || !std::isfinite(horizon)) return fail("horizon T must be finite and > 0");
  if (steps.size() < 3) return fail("need at least 3 step counts K (η = T/K) to fit an order");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i] < 1) return fail("step counts K must be >= 1");
    if (i > 0 && steps[i] <= steps[i - 1]) return fail("step counts K must be strictly increasing");
  }
  if (batch < 1) return fail("batch size B must be >= 1");
  if (!(confidence > 0.0 && confidence < 1.0)) return fail("confidence must be in (0, 1)");
  return true;
}

}  // namespace sgdsde::analysis
