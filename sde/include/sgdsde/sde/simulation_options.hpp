#pragma once
// The options of an ensemble simulation: time grid (constant or variable steps), seed, Lévy-area
// accuracy, divergence bound, and the ensemble's paths/threads/chunks.
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/ensemble.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace sgdsde::sde {

struct simulation_options {
  double t0 = 0.0;
  double dt = 1e-2;
  std::uint64_t n_steps = 100;
  std::uint64_t seed = 1;
  double levy_area_tolerance = 1.0;                        // see levy_area.hpp
  double bound = default_divergence_bound;  // |x|_∞ above this counts as divergence (+inf: only non-finite)
  ensemble_options ensemble;
  // Variable steps: if non-empty, step k has length step_sizes[k] and there are step_sizes.size()
  // steps (dt and n_steps are then ignored). An SME driven by a learning-rate schedule uses this to
  // land exactly on the SGD times t_k = Σ_{i<k} η_i.
  std::vector<double> step_sizes;

  std::uint64_t steps() const { return step_sizes.empty() ? n_steps : step_sizes.size(); }
  double step_size(std::uint64_t k) const { return step_sizes.empty() ? dt : step_sizes[k]; }

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (!std::isfinite(t0)) return fail("t0 must be finite");
    for (std::size_t k = 0; k < step_sizes.size(); ++k)
      if (!(step_sizes[k] > 0.0) || !std::isfinite(step_sizes[k]))
        return fail("step_sizes[" + std::to_string(k) + "] must be finite and > 0, got " + std::to_string(step_sizes[k]));
    if (step_sizes.empty()) {
      if (!(dt > 0.0) || !std::isfinite(dt)) return fail("dt must be finite and > 0, got " + std::to_string(dt));
      if (n_steps < 1) return fail("n_steps must be >= 1");
    }
    if (!(levy_area_tolerance > 0.0)) return fail("levy_area_tolerance must be > 0");
    if (!(bound > 0.0)) return fail("bound must be > 0");
    return ensemble.is_valid(error);
  }
};

}  // namespace sgdsde::sde
