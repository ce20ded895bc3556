#pragma once
// The step/epoch plan of an SGD run (and of its SME), and the names of the run's choices, so that
// every front end (the CLI, scripts) resolves "10 epochs of B = 32 on n samples" the same way:
//   steps_per_epoch = max(1, ⌊n/B⌋) for a finite sum (0 for a population objective);
//   steps = the given count, else epochs × steps_per_epoch (10 epochs by default on a data set),
//           else 1000 on a population objective;
//   record_every = the given stride, else one epoch on a data set, else steps/100 (at least 1);
//   full batch (GD): B = n, sampled without replacement;
//   SVAG with l: l simulator steps stand in for one SGD step (same horizon, same record times), so
//   steps, record_every, steps_per_epoch and average_from are counted in simulator steps.
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/sampler.hpp>
#include <sgdsde/sgd/schedule.hpp>
#include <sgdsde/sgd/schedule_kinds.hpp>
#include <sgdsde/sgd/sgd_options.hpp>
#include <sgdsde/sgd/sme.hpp>

#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

namespace sgdsde::sgd {

struct run_length {
  std::size_t batch = 1;
  sampling sampler = sampling::with_replacement;
  bool full_batch = false;           // gradient descent: B = n
  std::uint64_t steps = 0;           // 0: from epochs
  std::optional<double> epochs;      // not given: 10 on a data set
  std::uint64_t record_every = 0;    // 0: automatic
  double max_steps = 1e15;           // refuse plans beyond this many steps
  double svag_l = 1.0;               // SVAG's l (1: SGD's own steps)
  std::uint64_t average_from = 0;    // SGD steps of burn-in before an average starts
};

struct run_plan {
  std::uint64_t steps = 0, steps_per_epoch = 0, record_every = 1;
  std::uint64_t average_from = 0;  // in simulator steps
  std::uint64_t sgd_steps = 0;     // SGD steps (steps / l under SVAG): a schedule's length
  std::size_t n = 0, batch = 1;
  sampling sampler = sampling::with_replacement;
};

inline run_plan plan_run(const run_length& r, std::size_t n) {
  run_plan p;
  p.n = n;
  p.sampler = r.sampler;
  p.batch = r.batch;
  if (r.full_batch) {
    if (n == 0) throw std::invalid_argument("--gd needs a finite data set (set --n for population problems)");
    p.batch = n;
    p.sampler = sampling::without_replacement;
  }
  check_batch(p.sampler, n, p.batch);
  p.steps_per_epoch = n > 0 ? std::max<std::uint64_t>(1, n / p.batch) : 0;
  if (r.steps > 0 && r.epochs) throw std::invalid_argument("give --steps or --epochs, not both");
  if (r.epochs && !(*r.epochs > 0.0)) throw std::invalid_argument("--epochs must be > 0, got " + sde::short_number(*r.epochs));
  if (r.epochs && n == 0) throw std::invalid_argument("--epochs needs a finite data set; use --steps");
  if (r.steps > 0) {
    p.steps = r.steps;
  } else if (n > 0) {
    const double epochs = r.epochs.value_or(10.0);
    const double count = epochs * double(p.steps_per_epoch);
    if (!std::isfinite(count) || count > r.max_steps)
      throw std::invalid_argument("--epochs " + sde::short_number(epochs) + " x " + std::to_string(p.steps_per_epoch) +
                                  " steps per epoch asks for " + (std::isfinite(count) ? sde::short_number(count) : "more than 1e308") +
                                  " steps; at most " + sde::short_number(r.max_steps) + " are possible");
    p.steps = std::max<std::uint64_t>(1, std::uint64_t(std::llround(count)));
  } else {
    p.steps = 1000;
  }
  p.record_every = r.record_every > 0 ? r.record_every : (n > 0 ? p.steps_per_epoch : std::max<std::uint64_t>(1, p.steps / 100));
  if (r.average_from > 0 && r.average_from >= p.steps)
    throw std::invalid_argument("--average-from " + std::to_string(r.average_from) + " must be below the run's " +
                                std::to_string(p.steps) + " SGD steps");
  p.average_from = r.average_from;
  p.sgd_steps = p.steps;
  if (r.svag_l != 1.0) {
    const double l = r.svag_l, steps = std::round(double(p.steps) * l);
    if (steps > r.max_steps)
      throw std::invalid_argument("--svag-l " + sde::short_number(l) + " x " + std::to_string(p.steps) + " SGD steps asks for " +
                                  sde::short_number(steps) + " SVAG steps; at most " + sde::short_number(r.max_steps) +
                                  " are possible");
    p.steps = std::uint64_t(steps);
    p.record_every = std::max<std::uint64_t>(1, std::uint64_t(std::llround(double(p.record_every) * l)));
    p.steps_per_epoch = std::uint64_t(std::llround(double(p.steps_per_epoch) * l));  // epochs of SGD
    p.average_from = std::uint64_t(std::llround(double(p.average_from) * l));
  }
  return p;
}

// A learning-rate schedule by name with the parameters each reads (the CLI's --schedule and the
// options after it); linear needs the run's step count.
struct schedule_choice {
  std::string name = "constant";  // constant | inverse_power | exponential | linear | step_decay
  double eta = 0.01;              // eta_0
  double alpha = 0.5;             // inverse_power: eta/(k+1)^alpha
  std::uint64_t decay_start = 0;  // inverse_power: eta until this step, then eta/(1+(k-start)/unit)^alpha
  std::uint64_t decay_unit = 1;   //   (unit n/B: t in epochs)
  double gamma = 0.999;           // exponential: eta gamma^k
  double eta_end = 0.001;         // linear: eta -> eta_end over the run
  double decay_factor = 0.5;      // step_decay: eta factor^floor(k/every)
  std::uint64_t decay_every = 1000;

  learning_rate_schedule make(std::uint64_t steps) const {
    using S = learning_rate_schedule;
    if (name == "constant") return S::constant(eta);
    if (name == "inverse_power") return S::inverse_power(eta, alpha, decay_start, decay_unit);
    if (name == "exponential") return S::exponential(eta, gamma);
    if (name == "linear") return S::linear(eta, eta_end, steps);
    if (name == "step_decay") return S::step_decay(eta, decay_factor, decay_every);
    throw std::invalid_argument("--schedule must be " + schedule_names_text() + ", got '" + name + "'");
  }
};

// Names of the run's choices, as the CLI and scripts spell them.
inline update update_from_string(const std::string& m) {
  if (m == "plain") return update::plain;
  if (m == "momentum") return update::momentum;
  if (m == "injected_noise") return update::injected_noise;
  if (m == "svag") return update::svag;
  throw std::invalid_argument("--method must be plain, momentum, injected_noise or svag, got '" + m + "'");
}

inline averaging averaging_from_string(const std::string& a) {
  if (a == "none") return averaging::none;
  if (a == "uniform") return averaging::uniform;
  if (a == "eta_weighted") return averaging::eta_weighted;
  throw std::invalid_argument("--averaging must be none, uniform or eta_weighted, got '" + a + "'");
}

inline diffusion_form diffusion_form_from_string(const std::string& d) {
  if (d == "automatic") return diffusion_form::automatic;
  if (d == "per_sample") return diffusion_form::per_sample;
  if (d == "covariance") return diffusion_form::covariance;
  throw std::invalid_argument("--diffusion must be automatic, per_sample or covariance, got '" + d + "'");
}

}  // namespace sgdsde::sgd
