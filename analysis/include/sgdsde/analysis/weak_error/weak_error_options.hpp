#pragma once
// The options of the weak-error sweeps (exact: weak_error.hpp; Monte Carlo: monte_carlo_weak_error.hpp),
// the functional φ they estimate, and the local order of an exact curve: plain data, without the
// moment equations or the integrators, so that a front end holding them does not compile the studies.
#include <sgdsde/analysis/weak_error/eta_sweep.hpp>
#include <sgdsde/analysis/weak_error/rate_profile.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

// The test function φ of a weak error. The first three depend on the first two moments only, so the
// exact mode (moment equations) follows them; the others need an ensemble (the Monte Carlo mode).
// kurtosis is no expectation E φ but a ratio of a coordinate's central moments, E(y − μ)⁴/(E(y − μ)²)²,
// estimated with a delta-method standard error (monte_carlo_statistic.hpp).
struct moment_functional {
  enum class kind { loss, second_moment, coordinate, fourth_moment, norm_power, kurtosis } what = kind::loss;
  int coordinate = 0;  // coordinate, kurtosis: x_{coordinate + 1}
  double power = 2.0;  // norm_power: |x|^power
  static constexpr double max_power = 16.0;

  std::string name() const {
    switch (what) {
      case kind::loss: return "loss";
      case kind::second_moment: return "second_moment";
      case kind::coordinate: return "x" + std::to_string(coordinate + 1);
      case kind::fourth_moment: return "fourth_moment";
      case kind::norm_power: {
        char text[32];
        std::snprintf(text, sizeof text, "norm^%g", power);
        return text;
      }
      case kind::kurtosis: return "kurtosis_x" + std::to_string(coordinate + 1);
    }
    return "?";
  }
  // Whether the functional is E φ for a φ of the state (all but the kurtosis).
  bool is_expectation() const { return what != kind::kurtosis; }
  // The coordinate it reads, or -1.
  int coordinate_read() const { return what == kind::coordinate || what == kind::kurtosis ? coordinate : -1; }
  // Whether E φ is a function of the mean and second moment (what the exact mode follows).
  bool closes_on_two_moments() const { return what == kind::loss || what == kind::second_moment || what == kind::coordinate; }
  // Model: affine_gradient_model, State: moment_state (exact_moments.hpp); a template so that this
  // header stays free of them. Only for closes_on_two_moments().
  template <class Model, class State>
  double expectation(const Model& model, const State& s) const {
    switch (what) {
      case kind::loss: return model.expected_loss(s.m, s.M);
      case kind::second_moment: return s.M.trace();
      case kind::coordinate: return s.m[coordinate];
      case kind::fourth_moment:
      case kind::norm_power:
      case kind::kurtosis: break;
    }
    throw std::logic_error("the functional " + name() + " is not a function of the first two moments");
  }
  // φ at one point x (a vector with squaredNorm and operator[]).
  template <class Vector>
  double at(const Vector& x) const {
    switch (what) {
      case kind::second_moment: return x.squaredNorm();
      case kind::coordinate: return x[coordinate];
      case kind::fourth_moment: {
        const double r2 = x.squaredNorm();
        return r2 * r2;
      }
      case kind::norm_power: return std::pow(x.squaredNorm(), 0.5 * power);
      case kind::loss: throw std::logic_error("the loss needs its objective");
      case kind::kurtosis: break;
    }
    throw std::logic_error("the kurtosis is not an expectation of a function of one state");
  }
  static moment_functional parse(const std::string& text) {
    moment_functional f;
    if (text == "loss") return f;
    if (text == "second_moment") {
      f.what = kind::second_moment;
      return f;
    }
    if (text == "fourth_moment") {
      f.what = kind::fourth_moment;
      return f;
    }
    if (text.rfind("norm^", 0) == 0 && text.size() > 5) {
      const std::string p = text.substr(5);
      char* end = nullptr;
      const double power = std::strtod(p.c_str(), &end);
      if (end == p.c_str() + p.size() && power > 0.0 && power <= max_power) {
        f.what = kind::norm_power;
        f.power = power;
        return f;
      }
    }
    // x<i> and kurtosis_x<i>: a coordinate i >= 1 ("kurtosis" alone: of x1).
    auto coordinate_of = [](const std::string& digits) -> int {
      try {
        std::size_t used = 0;
        const int i = std::stoi(digits, &used);
        if (used == digits.size() && i >= 1 && digits[0] != '+' && digits[0] != ' ') return i - 1;
      } catch (const std::exception&) {
      }
      return -1;
    };
    if (text == "kurtosis") {
      f.what = kind::kurtosis;
      return f;
    }
    const std::string kurtosis_prefix = "kurtosis_x";
    if (text.rfind(kurtosis_prefix, 0) == 0 && text.size() > kurtosis_prefix.size()) {
      const int i = coordinate_of(text.substr(kurtosis_prefix.size()));
      if (i >= 0) {
        f.what = kind::kurtosis;
        f.coordinate = i;
        return f;
      }
    }
    if (text.size() > 1 && text[0] == 'x') {
      const int i = coordinate_of(text.substr(1));
      if (i >= 0) {
        f.what = kind::coordinate;
        f.coordinate = i;
        return f;
      }
    }
    throw std::invalid_argument("functional must be loss, second_moment, x<i> (i >= 1), fourth_moment, norm^p (|x|^p, "
                                "0 < p <= 16) or kurtosis_x<i> (kurtosis: of x1), got '" + text + "'");
  }
};

struct weak_error_options {
  double horizon = 1.0;                 // T
  std::vector<std::uint64_t> steps{8, 16, 32, 64, 128, 256};  // K per point: η = T/K
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  moment_functional functional;
  double confidence = 0.95;
  // A side whose root-mean-square coordinate √max_i E x_i² exceeds this counts as diverged.
  double bound = sde::default_divergence_bound;
  rate_profile schedule;  // η_k = η u(kη) (rate_profile.hpp); constant by default

  bool is_valid(std::string* error) const {
    if (!valid_eta_sweep(horizon, steps, batch, confidence, error)) return false;
    if (!schedule.is_valid(error)) return false;
    if (!(bound > 0.0)) {
      if (error) *error = "bound must be > 0";
      return false;
    }
    return true;
  }
};

// The local slope of the two finest points, and how far it can still be from the asymptotic order:
// exact curves have no noise, only a pre-asymptotic drift q_local(η) = q + cη + O(η²), estimated
// from the change of the local slope between the two finest pairs (Richardson).
struct local_order {
  double order = std::nan("");
  double drift = std::nan("");  // |q_local(η_min) − q_local(2η_min)| ≈ |q_local(η_min) − q|
  bool consistent_with(double q) const { return std::abs(order - q) <= 2.0 * drift; }
};

inline local_order finest_local_order(const std::vector<double>& etas, const std::vector<double>& errors) {
  const std::size_t n = etas.size();
  local_order out;
  if (n < 3) return out;
  auto slope = [&](std::size_t i) {
    return std::log(std::abs(errors[i] / errors[i - 1])) / std::log(etas[i] / etas[i - 1]);
  };
  out.order = slope(n - 1);
  out.drift = std::abs(out.order - slope(n - 2));
  return out;
}

// How a Monte Carlo weak error estimates E φ(X_T) of the SME (monte_carlo_weak_error.hpp): integrator,
// substeps per SGD step, seed and ensemble. Shared by the SME-against-SGD sweep and SVAG's.
struct monte_carlo_sme_settings {
  std::uint64_t substeps = 8;  // SDE steps per SGD step (the coarser resolution under Richardson)
  std::string integrator = "euler_maruyama";  // the SME's integrator (stepper_registry.hpp)
  std::uint64_t seed = 1;
  sde::ensemble_options ensemble;  // n_paths runs per ensemble

  bool is_valid(std::string* error) const {
    if (substeps < 1) {
      if (error) *error = "substeps must be >= 1";
      return false;
    }
    if (!sde::integrators::contains(integrator)) {
      if (error) *error = "unknown integrator '" + integrator + "'; valid: " + sde::integrators::names_text();
      return false;
    }
    return ensemble.is_valid(error);
  }
};

struct monte_carlo_weak_error_options : monte_carlo_sme_settings {
  double horizon = 1.0;
  std::vector<std::uint64_t> steps{4, 8, 16, 32};  // K per point: η = T/K
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  double confidence = 0.95;
  double bound = sde::default_divergence_bound;  // |x|∞ beyond this counts as divergence (SGD and SDE)
  // Also the maximum over t = kη ≤ T of the error: φ at every SGD step on both sides (for the loss on
  // data a full pass per step, hence an option).
  bool max_over_t = false;
  rate_profile schedule;  // η_k = η u(kη) (rate_profile.hpp); constant by default

  bool is_valid(std::string* error) const {
    if (!valid_eta_sweep(horizon, steps, batch, confidence, error)) return false;
    if (!schedule.is_valid(error)) return false;
    if (!(bound > 0.0)) {
      if (error) *error = "bound must be > 0";
      return false;
    }
    return monte_carlo_sme_settings::is_valid(error);
  }
};

// Whether the SME side of `integrator` (a registry name) is Richardson-extrapolated: weak order < 2.
inline bool uses_richardson(const std::string& integrator) {
  return sde::integrators::visit(integrator, [](auto scheme) { return scheme.weak_order < 2.0; });
}

}  // namespace sgdsde::analysis
