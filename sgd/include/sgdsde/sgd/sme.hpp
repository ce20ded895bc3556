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
// automatic weighs time and memory (choose_diffusion): the form with fewer flops per step (n normals
// ≈ 20 flops each and 2nd to apply the factor, against the n d² + d³/3 of forming and factoring Σ),
// unless its workspace is over the cap and the other's is not; population objectives use covariance.
#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/sde_problem.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/objective.hpp>
#include <sgdsde/sgd/sampler.hpp>
#include <sgdsde/sgd/schedule.hpp>

#include <algorithm>
#include <memory>
#include <type_traits>
#include <vector>

namespace sgdsde::sgd {

enum class diffusion_form { automatic, per_sample, covariance };

inline const char* to_string(diffusion_form f) {
  return f == diffusion_form::automatic ? "automatic" : f == diffusion_form::per_sample ? "per_sample" : "covariance";
}

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
  bool constant_noise;  // Σ does not depend on x (sgd::noise_is_constant)
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
    if (s_->constant_noise) {
      // Σ does not depend on x: its factor once per copy of the SDE (each worker holds its own),
      // not at every support point of Milstein's and Platen's schemes.
      if (factor_.size() == 0) {
        s_->f->gradient_covariance(x, S_);
        sde::psd_factor(S_, factor_);
      }
      out = factor_;
      out *= scale;
      return;
    }
    s_->f->gradient_covariance(x, S_);
    sde::psd_factor(S_, out);
    out *= scale;
  }
  // The per-sample form applied without being formed (sde::offers_diffusion_action): out = b(x, t) z
  // = scale · G z in one pass over the data, O(d) memory instead of the d×n factor.
  bool applies() const { return s_->per_sample; }
  void apply(const vector& x, double t, const vector& z, vector& out) const {
    if constexpr (Objective::is_finite_sum) {
      s_->f->centred_gradients_times(x, z, out);
      out *= std::sqrt(s_->clock.rate(t) * s_->c_over_b);
    } else {
      throw std::logic_error("sme_diffusion::apply: a population objective has no per-sample form");
    }
  }

 private:
  std::shared_ptr<const sme_state<Objective>> s_;
  mutable matrix S_;
  mutable matrix factor_;  // objectives with constant noise: the factor of Σ, computed on first use
};
}  // namespace detail

// Which factor of Σ an SME run uses and why, with the costs that decided it (reported by the runs).
struct diffusion_choice {
  diffusion_form form = diffusion_form::covariance;
  int noise_dims = 0;                                 // m: n (per_sample) or d (covariance)
  std::string reason;
  double per_sample_flops = 0, covariance_flops = 0;  // per SDE step and path (per_sample: 0 if n = 0)
  double per_sample_bytes = 0, covariance_bytes = 0;  // workspace per worker thread
};

// automatic does not take a form whose workspace per worker is beyond this (1 GiB) when the other's
// is within it. A fixed number, not the machine's memory, so that the same options draw the same
// noise, and give the same numbers, on every machine.
inline constexpr double diffusion_workspace_cap_bytes = 1073741824.0;

// The diffusion an SME run uses: `requested` unless automatic; automatic takes the form with fewer
// flops per step unless its workspace is over the cap and the other's is not. Workspaces: per_sample
// 16n bytes (n normals and n per-sample factors: Euler–Maruyama applies the d×n factor without forming
// it), covariance 16d² (Σ and its factor). A scheme that reads Lévy areas keeps m = d (m = n would
// need n(n−1)/2 areas per step); asked for per_sample, it is refused.
inline diffusion_choice choose_diffusion(diffusion_form requested, std::size_t n, int d, bool reads_levy_area = false,
                                         const std::string& integrator = "this integrator") {
  const double nn = double(n), dd = double(d);
  diffusion_choice c;
  c.per_sample_flops = nn * (2.0 * dd + 20.0);
  c.covariance_flops = nn * dd * dd + dd * dd * dd / 3.0 + 20.0 * dd;
  c.per_sample_bytes = 16.0 * nn;
  c.covariance_bytes = 16.0 * dd * dd;
  const auto flops = [&] {
    return sde::short_number(c.per_sample_flops) + " flops per step against " + sde::short_number(c.covariance_flops) +
           " for covariance";
  };
  const auto take = [&](diffusion_form form, std::string reason) {
    c.form = form;
    c.noise_dims = form == diffusion_form::per_sample ? int(n) : d;
    c.reason = std::move(reason);
    return c;
  };
  if (n == 0) {
    if (requested == diffusion_form::per_sample)
      throw std::invalid_argument("the per_sample diffusion needs a finite data set; population objectives use covariance");
    return take(diffusion_form::covariance, "a population objective has no per-sample gradients");
  }
  if (reads_levy_area) {
    if (requested == diffusion_form::per_sample)
      throw std::invalid_argument(integrator + " reads Levy areas: the per_sample diffusion has m = n = " + std::to_string(n) +
                                  " noise dimensions, " + sde::short_number(0.5 * nn * (nn - 1.0)) +
                                  " areas per step; use the covariance diffusion (m = d = " + std::to_string(d) + ") or automatic");
    return take(diffusion_form::covariance, integrator + " reads Levy areas: m = d keeps them to d(d-1)/2 per step");
  }
  if (requested == diffusion_form::per_sample) return take(requested, "requested; " + flops());
  if (requested == diffusion_form::covariance) return take(requested, "requested; per_sample: " + flops());
  const bool per_sample_cheaper = c.per_sample_flops < c.covariance_flops;
  const diffusion_form cheaper = per_sample_cheaper ? diffusion_form::per_sample : diffusion_form::covariance;
  const diffusion_form other = per_sample_cheaper ? diffusion_form::covariance : diffusion_form::per_sample;
  const double cheaper_bytes = per_sample_cheaper ? c.per_sample_bytes : c.covariance_bytes;
  const double other_bytes = per_sample_cheaper ? c.covariance_bytes : c.per_sample_bytes;
  const std::string per_sample_costs = "per_sample: " + flops();
  if (cheaper_bytes > diffusion_workspace_cap_bytes && other_bytes <= diffusion_workspace_cap_bytes)
    return take(other, per_sample_costs + "; but " + to_string(cheaper) + " needs " + sde::short_number(cheaper_bytes) +
                           " bytes of workspace per worker, over the " + sde::short_number(diffusion_workspace_cap_bytes) +
                           "-byte cap");
  return take(cheaper, per_sample_costs + "; workspace " + sde::short_number(cheaper_bytes) + " bytes per worker");
}

// The SME of `f` as an sde_problem<general_noise, Dynamic, Dynamic, …>. Integrate it with
// sde::simulate_ensemble<euler_maruyama or milstein>; with a schedule, drive it on the SGD time grid
// (sme_step_sizes) so its records line up with the simulator's.
// make_sme(f, options) copies f into the problem, which may then outlive it. make_sme(borrowed(f),
// options) shares f instead, without copying its data (a data set held twice would double the SME's
// memory at real size); f must then outlive the problem and every copy of it.
template <class Objective>
struct borrowed_objective {
  const Objective* f;
};
template <class Objective>
borrowed_objective<Objective> borrowed(const Objective& f) {
  return {&f};
}

namespace detail {
template <class Objective>
auto make_sme_sharing(std::shared_ptr<const Objective> shared, const sme_options& options) {
  const Objective& f = *shared;
  std::string error;
  if (!options.is_valid(f.size(), &error)) throw std::invalid_argument("sme options: " + error);
  bool per_sample = false;
  if constexpr (Objective::is_finite_sum)
    per_sample = choose_diffusion(options.form, f.size(), f.dim()).form == diffusion_form::per_sample;
  const double c_over_b = minibatch_noise_scale(options.sampler, f.size(), options.batch);
  auto state = std::make_shared<const sme_state<Objective>>(sme_state<Objective>{
      std::move(shared), schedule_clock(options.schedule, options.horizon_steps), c_over_b, options.order,
      per_sample, noise_is_constant(f)});
  const int m = per_sample ? int(f.size()) : f.dim();
  return sde::make_sde<sde::general_noise>(f.dim(), m, sme_drift<Objective>(state), sme_diffusion<Objective>(state));
}
}  // namespace detail

template <class Objective>
auto make_sme(const Objective& f, const sme_options& options) {
  return detail::make_sme_sharing(std::make_shared<const Objective>(f), options);
}
template <class Objective>
auto make_sme(borrowed_objective<Objective> f, const sme_options& options) {
  return detail::make_sme_sharing(std::shared_ptr<const Objective>(f.f, [](const Objective*) {}), options);
}

// Whether `integrator` (a stepper_registry name) reads Lévy areas on the SME of f (general noise).
template <class Objective>
bool sme_integrator_reads_levy_area(const Objective& f, const std::string& integrator) {
  using problem = decltype(make_sme(f, sme_options{}));
  return sde::integrators::visit(integrator, [](auto scheme) {
    return decltype(scheme)::template stepper<problem>::uses_levy_area;
  });
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
