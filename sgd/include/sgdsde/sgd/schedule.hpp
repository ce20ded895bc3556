#pragma once
// Learning-rate schedules η_k, k = 0, 1, 2, … (the k-th SGD step uses η_k):
//   constant(η)                      η
//   inverse_power(η0, α)             η0 / (k + 1)^α           (α = 1, η0 = 1/μ: Theorem 2.7 of seed 000)
//   inverse_power(η0, α, s, u)       η0 for k < s, then η0 / (1 + (k − s)/u)^α  (a warm phase; t in units of u)
//   exponential(η0, γ)               η0 γ^k,  0 < γ ≤ 1
//   linear(η0, η_end, K)             η0 + (η_end − η0) k/K for k < K, then η_end (seed 001)
//   step_decay(η0, factor, every)    η0 · factor^⌊k/every⌋
//   custom(f, name)                  any f(k) > 0
// Every schedule is checked where it is used: a rate that is not finite and > 0 is an error
// naming the step.
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace sgdsde::sgd {

class learning_rate_schedule {
 public:
  learning_rate_schedule(std::function<double(std::uint64_t)> rate, std::string description, bool is_constant = false)
      : rate_(std::move(rate)), description_(std::move(description)), constant_(is_constant) {}

  static learning_rate_schedule constant(double eta) {
    require_positive("eta", eta);
    return {[eta](std::uint64_t) { return eta; }, "constant " + num(eta), true};
  }
  // With a warm phase and a time unit: η0 for k < start, then η0/(1 + (k − start)/unit)^α, so that
  // t = (k − start)/unit counts e.g. epochs after a constant phase (start 0, unit 1: η0/(k+1)^α).
  static learning_rate_schedule inverse_power(double eta0, double alpha, std::uint64_t start = 0, std::uint64_t unit = 1) {
    require_positive("eta0", eta0);
    if (!(alpha >= 0.0) || !std::isfinite(alpha)) throw std::invalid_argument("alpha must be finite and >= 0, got " + num(alpha));
    if (unit < 1) throw std::invalid_argument("the decay's time unit must be >= 1 step, got 0");
    if (start == 0 && unit == 1)
      return {[eta0, alpha](std::uint64_t k) { return eta0 / std::pow(double(k + 1), alpha); },
              num(eta0) + "/(k+1)^" + num(alpha), alpha == 0.0};
    return {[eta0, alpha, start, unit](std::uint64_t k) {
              return k < start ? eta0 : eta0 / std::pow(1.0 + double(k - start) / double(unit), alpha);
            },
            num(eta0) + " until step " + std::to_string(start) + ", then " + num(eta0) + "/(1+(k-" + std::to_string(start) +
                ")/" + std::to_string(unit) + ")^" + num(alpha),
            alpha == 0.0};
  }
  static learning_rate_schedule exponential(double eta0, double gamma) {
    require_positive("eta0", eta0);
    if (!(gamma > 0.0 && gamma <= 1.0)) throw std::invalid_argument("gamma must be in (0, 1], got " + num(gamma));
    return {[eta0, gamma](std::uint64_t k) { return eta0 * std::pow(gamma, double(k)); },
            num(eta0) + "*" + num(gamma) + "^k", gamma == 1.0};
  }
  static learning_rate_schedule linear(double eta0, double eta_end, std::uint64_t steps) {
    require_positive("eta0", eta0);
    require_positive("eta_end", eta_end);
    if (steps < 1) throw std::invalid_argument("linear schedule: steps must be >= 1");
    return {[=](std::uint64_t k) { return k < steps ? eta0 + (eta_end - eta0) * double(k) / double(steps) : eta_end; },
            "linear " + num(eta0) + " -> " + num(eta_end) + " over " + std::to_string(steps) + " steps", eta0 == eta_end};
  }
  static learning_rate_schedule step_decay(double eta0, double factor, std::uint64_t every) {
    require_positive("eta0", eta0);
    if (!(factor > 0.0 && factor <= 1.0)) throw std::invalid_argument("decay factor must be in (0, 1], got " + num(factor));
    if (every < 1) throw std::invalid_argument("step decay: 'every' must be >= 1");
    return {[=](std::uint64_t k) { return eta0 * std::pow(factor, double(k / every)); },
            num(eta0) + "*" + num(factor) + "^floor(k/" + std::to_string(every) + ")", factor == 1.0};
  }
  static learning_rate_schedule custom(std::function<double(std::uint64_t)> f, std::string name = "custom") {
    if (!f) throw std::invalid_argument("custom schedule: empty function");
    return {std::move(f), std::move(name), false};
  }

  // η_k, checked.
  double operator()(std::uint64_t k) const {
    const double eta = rate_(k);
    if (!(eta > 0.0) || !std::isfinite(eta))
      throw std::invalid_argument("learning rate at step " + std::to_string(k) + " is " + num(eta) +
                                  " (schedule " + description_ + "); it must be finite and > 0");
    return eta;
  }
  bool is_constant() const { return constant_; }
  const std::string& description() const { return description_; }

 private:
  static std::string num(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
  }
  static void require_positive(const char* name, double v) {
    if (!(v > 0.0) || !std::isfinite(v))
      throw std::invalid_argument(std::string(name) + " must be finite and > 0, got " + num(v));
  }

  std::function<double(std::uint64_t)> rate_;
  std::string description_;
  bool constant_;
};

}  // namespace sgdsde::sgd
