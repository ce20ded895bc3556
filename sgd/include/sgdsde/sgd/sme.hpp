#pragma once
// The bridge: from an objective, a learning-rate schedule, a batch size and a sampler to the
// stochastic modified equation (Li, Tai, E) as an sde::sde_problem (general noise):
//   SME-1  dX = −∇f(X) dt                 + √(η(t) c Σ(X)/B) dW
//   SME-2  dX = −(∇f + (η(t)/2) H∇f)(X) dt + √(η(t) c Σ(X)/B) dW
// with c the sampler's factor (1 with replacement, (n−B)/(n−1) without; sampler.hpp) and time
// t = Σ_{i<k} η_i, so η(t) = η_k on [t_k, t_{k+1}): a schedule makes the SDE time-dependent.
// Beyond the horizon t_K the rate stays η_K.
//
// The diffusion is one of two factors of the same covariance (equal in law, tested):
//   per_sample   the d×n matrix of centred per-sample gradients (finite sums), m = n noise dims;
//   covariance   a Cholesky / PSD-safe factor of the d×d matrix Σ(x) (sde::psd_factor), m = d.
// automatic picks the cheaper by an operation count (n normals ≈ 20 flops each against the
// n d² + d³/3 flops of forming and factoring Σ); population objectives always use covariance.
#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/sde_problem.hpp>
#include <sgdsde/sgd/objective.hpp>
#include <sgdsde/sgd/sampler.hpp>
#include <sgdsde/sgd/schedule.hpp>

#include <algorithm>
#include <memory>
#include <vector>

namespace sgdsde::sgd {

enum class diffusion_form { automatic, per_sample, covariance };

struct sme_options {
  int order = 1;  // 1 or 2
  learning_rate_schedule schedule = learning_rate_schedule::constant(0.1);
  std::size_t batch = 1;
  sampling sampler = sampling::with_replacement;
  diffusion_form form = diffusion_form::automatic;
  std::uint64_t horizon_steps = 1;  // SGD steps the time-dependent rate is tabulated for

  bool is_valid(std::size_t n, std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (order != 1 && order != 2) return fail("order must be 1 or 2, got " + std::to_string(order));
    try {
      check_batch(sampler, n, batch);
    } catch (const std::invalid_argument& e) {
      return fail(e.what());
    }
    if (form == diffusion_form::per_sample && n == 0)
      return fail("the per_sample diffusion needs a finite data set; population objectives use covariance");
    if (horizon_steps < 1) return fail("horizon_steps must be >= 1");
    return true;
  }
};

// t ↦ η(t) for SDE time t = Σ_{i<k} η_i.
class schedule_clock {
 public:
  schedule_clock(const learning_rate_schedule& schedule, std::uint64_t horizon_steps) {
    if (schedule.is_constant()) {
      rates_ = {schedule(0)};
      times_ = {0.0};
      return;
    }
    rates_.reserve(horizon_steps + 1);
    times_.reserve(horizon_steps + 1);
    double t = 0.0;
    for (std::uint64_t k = 0; k <= horizon_steps; ++k) {
      times_.push_back(t);
      rates_.push_back(schedule(k));
      t += rates_.back();
    }
  }
  double rate(double t) const {
    if (rates_.size() == 1) return rates_[0];
    // the last k with t_k <= t (a tiny tolerance keeps t = t_k, reached by summation, on step k)
    const double tolerance = 1e-12 * std::max(1.0, std::abs(t));
    auto it = std::upper_bound(times_.begin(), times_.end(), t + tolerance);
    const std::size_t k = it == times_.begin() ? 0 : std::size_t(it - times_.begin()) - 1;
    return rates_[k];
  }
  // t_k for k within the horizon.
  double time_of_step(std::uint64_t k) const { return rates_.size() == 1 ? double(k) * rates_[0] : times_.at(k); }

 private:
  std::vector<double> rates_, times_;
};

namespace detail {
template <class Objective>
struct sme_state {
  std::shared_ptr<const Objective> f;
  schedule_clock clock;
  double c_over_b;  // c / B
  int order;
  bool per_sample;
};

template <class Objective>
class sme_drift {
 public:
  explicit sme_drift(std::shared_ptr<const sme_state<Objective>> s) : s_(std::move(s)) {}
  void operator()(const vector& x, double t, vector& out) const {
    s_->f->gradient(x, g_);
    if (s_->order == 2) {
      s_->f->hessian(x, H_);
      out.noalias() = -(g_ + (0.5 * s_->clock.rate(t)) * (H_ * g_));
    } else {
      out = -g_;
    }
  }

 private:
  std::shared_ptr<const sme_state<Objective>> s_;
  mutable vector g_;  // workspace: each ensemble worker holds its own copy of the problem
  mutable matrix H_;
};

template <class Objective>
class sme_diffusion {
 public:
  explicit sme_diffusion(std::shared_ptr<const sme_state<Objective>> s) : s_(std::move(s)) {}
  void operator()(const vector& x, double t, matrix& out) const {
    const double scale = std::sqrt(s_->clock.rate(t) * s_->c_over_b);
    if constexpr (Objective::is_finite_sum) {
      if (s_->per_sample) {
        s_->f->centred_gradients(x, out);
        out *= scale;
        return;
      }
    }
    s_->f->gradient_covariance(x, S_);
    sde::psd_factor(S_, out);
    out *= scale;
  }

 private:
  std::shared_ptr<const sme_state<Objective>> s_;
  mutable matrix S_;
};
}  // namespace detail

// True when the per-sample factor is the cheaper diffusion for this (n, d).
inline bool per_sample_is_cheaper(std::size_t n, int d) {
  const double nn = double(n), dd = double(d);
  return nn * (2.0 * dd + 20.0) < nn * dd * dd + dd * dd * dd / 3.0 + 20.0 * dd;
}

// The SME of `f` as an sde_problem<general_noise, Dynamic, Dynamic, …>. Integrate it with
// sde::simulate_ensemble<euler_maruyama or milstein>; with a schedule, drive it on the SGD time grid
// (sme_step_sizes) so its records line up with the simulator's.
template <class Objective>
auto make_sme(const Objective& f, const sme_options& options) {
  std::string error;
  if (!options.is_valid(f.size(), &error)) throw std::invalid_argument("sme options: " + error);
  bool per_sample = false;
  if constexpr (Objective::is_finite_sum) {
    per_sample = options.form == diffusion_form::per_sample ||
                 (options.form == diffusion_form::automatic && per_sample_is_cheaper(f.size(), f.dim()));
  }
  const double c = batch_covariance_factor(options.sampler, f.size(), options.batch);
  auto state = std::make_shared<const detail::sme_state<Objective>>(detail::sme_state<Objective>{
      std::make_shared<const Objective>(f), schedule_clock(options.schedule, options.horizon_steps),
      c / double(options.batch), options.order, per_sample});
  const int m = per_sample ? int(f.size()) : f.dim();
  return sde::make_sde<sde::general_noise>(f.dim(), m, detail::sme_drift<Objective>(state),
                                           detail::sme_diffusion<Objective>(state));
}

// SDE step sizes covering SGD steps 0..n_steps−1 with `substeps` equal SDE steps per SGD step:
// step k·substeps + j has length η_k/substeps, so SDE step k·substeps lands on t_k.
inline std::vector<double> sme_step_sizes(const learning_rate_schedule& schedule, std::uint64_t n_steps,
                                          std::uint64_t substeps) {
  if (substeps < 1) throw std::invalid_argument("substeps must be >= 1");
  if (n_steps < 1) throw std::invalid_argument("n_steps must be >= 1");
  std::vector<double> sizes;
  sizes.reserve(n_steps * substeps);
  for (std::uint64_t k = 0; k < n_steps; ++k) {
    const double h = schedule(k) / double(substeps);
    for (std::uint64_t j = 0; j < substeps; ++j) sizes.push_back(h);
  }
  return sizes;
}

}  // namespace sgdsde::sgd
