#pragma once
// Finite-time weak error of the SME against SGD, |E φ(x_K) − E φ(X_T)| with T = Kη, swept over η,
// with fitted orders. This is the exact mode: both sides come from the exact moment equations
// (exact_moments.hpp), so the curves carry no Monte Carlo noise and the fitted slope's interval
// reflects only the curvature of the pre-asymptotic range. Headline (Li, Tai, E): order 1 for the
// SME-1 and order 2 for the SME-2.
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/eta_sweep.hpp>
#include <sgdsde/analysis/order_fit.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace sgdsde::analysis {

// A test function whose expectation depends on the first two moments only.
struct moment_functional {
  enum class kind { loss, second_moment, coordinate } what = kind::loss;
  int coordinate = 0;

  std::string name() const {
    switch (what) {
      case kind::loss: return "loss";
      case kind::second_moment: return "second_moment";
      case kind::coordinate: return "x" + std::to_string(coordinate + 1);
    }
    return "?";
  }
  double expectation(const affine_gradient_model& model, const moment_state& s) const {
    switch (what) {
      case kind::loss: return model.expected_loss(s.m, s.M);
      case kind::second_moment: return s.M.trace();
      case kind::coordinate: return s.m[coordinate];
    }
    return std::nan("");
  }
  static moment_functional parse(const std::string& text) {
    moment_functional f;
    if (text == "loss") return f;
    if (text == "second_moment") {
      f.what = kind::second_moment;
      return f;
    }
    if (text.size() > 1 && text[0] == 'x') {
      try {
        std::size_t used = 0;
        const int i = std::stoi(text.substr(1), &used);
        if (used == text.size() - 1 && i >= 1) {
          f.what = kind::coordinate;
          f.coordinate = i - 1;
          return f;
        }
      } catch (const std::exception&) {
      }
    }
    throw std::invalid_argument("functional must be loss, second_moment or x<i> (i >= 1), got '" + text + "'");
  }
};

struct weak_error_options {
  double horizon = 1.0;                 // T
  std::vector<std::uint64_t> steps{8, 16, 32, 64, 128, 256};  // K per point: η = T/K
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  moment_functional functional;
  double confidence = 0.95;

  bool is_valid(std::string* error) const { return valid_eta_sweep(horizon, steps, batch, confidence, error); }
};

struct weak_error_point {
  double eta;
  std::uint64_t steps;
  double sgd, sme1, sme2;  // E φ for SGD after K steps and for each SME at T
  double error1() const { return sme1 - sgd; }
  double error2() const { return sme2 - sgd; }
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

struct weak_error_result {
  std::string problem, functional;
  double horizon;
  std::vector<weak_error_point> points;
  order_fit order1, order2;        // least-squares slopes of |error| against η over the whole sweep
  local_order local1, local2;      // slopes at the smallest η
};

inline weak_error_result exact_weak_error(const affine_gradient_model& model, const vector& x0,
                                          const weak_error_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("weak error: " + error);
  if (x0.size() != model.dim() || !x0.allFinite())
    throw std::invalid_argument("weak error: x0 must be finite with dimension " + std::to_string(model.dim()));
  if (options.functional.what == moment_functional::kind::coordinate && options.functional.coordinate >= model.dim())
    throw std::invalid_argument("weak error: coordinate " + std::to_string(options.functional.coordinate + 1) +
                                " exceeds d = " + std::to_string(model.dim()));
  weak_error_result result;
  result.problem = model.name();
  result.functional = options.functional.name();
  result.horizon = options.horizon;
  std::vector<double> etas, e1, e2;
  for (std::uint64_t K : options.steps) {
    const double eta = options.horizon / double(K);
    const auto schedule = sgd::learning_rate_schedule::constant(eta);
    const moment_state s = sgd_moments(model, x0, schedule, K, options.batch, options.sampler).back();
    const double c_over_b = exact_noise_scale(model, options.sampler, options.batch);
    const moment_state p1 = sme_moment_flow(model, eta, c_over_b, 1).advance(point_mass(x0), options.horizon);
    const moment_state p2 = sme_moment_flow(model, eta, c_over_b, 2).advance(point_mass(x0), options.horizon);
    weak_error_point point{eta, K, options.functional.expectation(model, s), options.functional.expectation(model, p1),
                           options.functional.expectation(model, p2)};
    result.points.push_back(point);
    etas.push_back(eta);
    e1.push_back(point.error1());
    e2.push_back(point.error2());
  }
  result.order1 = fit_order(etas, e1, options.confidence);
  result.order2 = fit_order(etas, e2, options.confidence);
  result.local1 = finest_local_order(etas, e1);
  result.local2 = finest_local_order(etas, e2);
  return result;
}

}  // namespace sgdsde::analysis
