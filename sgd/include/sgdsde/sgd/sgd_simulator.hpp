#pragma once
// The exact SGD simulator: an ensemble of independent runs of the discrete recursion (sgd_options.hpp)
// through the shared ensemble runner, so the reproducibility guarantee (same seed ⇒ bit-identical
// observers for any thread count) and the observers are the SDE engine's. Run r draws its minibatches
// from the `sampling` substream of (seed, r) and injected noise from its Brownian stream
// (sde::brownian_stream(seed, r, d)): the increments Euler–Maruyama would use for path r of the SME.
#include <sgdsde/sde/brownian_stream.hpp>
#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/early_stop.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/path_loop.hpp>
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/sgd_options.hpp>

#include <boost/random/chi_squared_distribution.hpp>

#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace sgdsde::sgd {

// The default stochastic-approximation field G(x; batch) = x − g: plain SGD in eq.-13 form.
struct gradient_step_field {
  void operator()(const vector& x, const vector& minibatch_gradient, vector& G) const { G = x - minibatch_gradient; }
};

template <class Objective, class Observer, class Field>
class sgd_runner {
 public:
  sgd_runner(const Objective& f, const vector& x0, const sgd_options& options, const Observer& prototype, Field field)
      : f_(&f), x0_(x0), o_(options), prototype_(prototype), field_(std::move(field)) {
    const int d = f.dim();
    x_.resize(d);
    g_.resize(d);
    v_.resize(d);
    sum_.resize(d);
    report_.resize(d);
    tmp_.resize(d);
    if constexpr (Objective::is_finite_sum) sampler_.emplace(o_.sampler, f.size(), o_.batch);
    if constexpr (!Objective::is_finite_sum && !has_drawn_minibatch_gradient<Objective>::value) samples_.resize(o_.batch);
  }

  // Every run streams into its own fresh copy of the prototype, merged into the chunk's observer in
  // run order (as in the SDE engine), so observers may keep per-run state (first passage, time averages).
  void operator()(sde::path_range range, Observer& chunk_observer) {
    for (std::uint64_t run = range.begin; run < range.end; ++run) {
      run_observer_.emplace(prototype_);  // copy-constructed: observers holding lambdas are not assignable
      run_one(run, *run_observer_);
      chunk_observer.merge(*run_observer_);
    }
  }

 private:
  // SGD's clock: step k has length η_k, t_k = Σ_{i<k} η_i (SVAG: η_k/l, which is also the
  // factor of its gradient step).
  struct schedule_steps {
    const sgd_options& o;
    double start() const { return 0.0; }
    std::uint64_t steps() const { return o.n_steps; }
    double step(std::uint64_t k) const { return o.clock_step(k); }
    double after(std::uint64_t, double t, double eta) const { return t + eta; }
  };

  // One run as a process of the path loop (sde/path_loop.hpp).
  struct run_process {
    sgd_runner& r;
    Observer& observer;
    std::uint64_t run;
    sde::random_stream sampling_stream;
    sde::brownian_stream<> noise;  // the SME's Brownian path r: injected noise is its unit-time increments
    double weight = 0.0;
    void advance(std::uint64_t k, double, double eta) {
      if (r.o_.average != averaging::none && k >= r.o_.average_from) {
        const double w = r.o_.average == averaging::uniform ? 1.0 : eta;
        r.sum_.noalias() += w * r.x_;
        weight += w;
      }
      r.step(eta, sampling_stream, noise);
    }
    bool within(double limit) const { return sde::state_within(r.x_, limit); }
    [[noreturn]] void diverged(std::uint64_t step, double t) const {
      if (!r.x_.allFinite()) throw sde::divergence_error(run, step, t, "non-finite iterate", "run");
      throw sde::divergence_error(run, step, t, "iterate beyond the bound " + sde::bound_text(r.o_.bound), "run");
    }
    const vector& reported() {
      if (!r.o_.report_average || weight == 0.0) return r.x_;
      r.report_ = r.sum_ / weight;
      return r.report_;
    }
    void observe(std::uint64_t k, double t) { observer.observe(k, t, reported()); }
    bool done() const { return sde::path_done(observer); }
    void finish(double t) { observer.finish(reported(), t); }
  };

  void run_one(std::uint64_t run, Observer& observer) {
    if constexpr (Objective::is_finite_sum) sampler_->restart();
    x_ = x0_;
    v_.setZero();
    sum_.setZero();
    run_process process{*this, observer, run, sde::random_stream(o_.seed, run, sde::substream::sampling),
                        sde::brownian_stream<>(o_.seed, run, int(x0_.size()))};
    sde::run_path_loop(process, schedule_steps{o_}, o_.bound);
  }

  // g_ = (1/B) Σ_j ∇f(x; w_j) over a fresh minibatch.
  void minibatch_gradient(sde::random_stream& stream) {
    g_.setZero();
    const double scale = 1.0 / double(o_.batch);
    if constexpr (Objective::is_finite_sum) {
      sampler_->next(stream, indices_);
      if constexpr (has_minibatch_gradient<Objective>::value) f_->add_minibatch_gradient(x_, indices_, scale, g_);
      else
        for (std::size_t i : indices_) f_->add_sample_gradient(x_, i, scale, g_);
    } else if constexpr (has_drawn_minibatch_gradient<Objective>::value) {
      f_->add_drawn_minibatch_gradient(stream, x_, o_.batch, scale, g_);
    } else {
      for (auto& w : samples_) {
        f_->draw(stream, w);
        f_->add_sample_gradient(x_, w, scale, g_);
      }
    }
  }

  void step(double eta, sde::random_stream& sampling_stream, sde::brownian_stream<>& noise_stream) {
    switch (o_.method) {
      case update::plain:
        minibatch_gradient(sampling_stream);
        x_.noalias() -= eta * g_;
        return;
      case update::momentum:
        minibatch_gradient(sampling_stream);
        v_ *= o_.momentum;
        v_.noalias() -= eta * g_;
        x_ += v_;
        return;
      case update::stochastic_approximation:
        minibatch_gradient(sampling_stream);
        field_(x_, g_, tmp_);
        x_ = (1.0 - eta) * x_ + eta * tmp_;
        return;
      case update::svag: {
        // eta is the clock's η/l; the update is (η/l)[a g₁ + b g₂].
        const double root = std::sqrt(2.0 * o_.svag_l - 1.0);
        minibatch_gradient(sampling_stream);
        tmp_ = g_;
        minibatch_gradient(sampling_stream);
        x_.noalias() -= eta * (0.5 * (1.0 + root) * tmp_ + 0.5 * (1.0 - root) * g_);
        return;
      }
      case update::injected_noise:
        f_->gradient(x_, g_);
        injected_noise(noise_stream);
        x_.noalias() -= eta * (g_ + tmp_);
        return;
    }
  }

  // tmp_ = ξ.
  void injected_noise(sde::brownian_stream<>& noise) {
    if (o_.injected == noise_law::user) {
      o_.user_noise(noise.engine(), x_, tmp_);
      if (tmp_.size() != x_.size())
        throw std::invalid_argument("user noise law returned a vector of size " + std::to_string(tmp_.size()) +
                                    ", expected d = " + std::to_string(x_.size()));
      return;
    }
    f_->gradient_covariance(x_, S_);
    sde::psd_factor(S_, L_);
    noise.next(1.0, z_);  // N(0, I): a unit-time increment of the SME's Brownian path (√1 scales exactly)
    double scale = 1.0 / std::sqrt(double(o_.batch));
    if (o_.injected == noise_law::student_t) {
      boost::random::chi_squared_distribution<double> chi2(o_.student_dof);
      scale *= std::sqrt((o_.student_dof - 2.0) / chi2(noise.engine()));
    }
    tmp_.noalias() = -scale * (L_ * z_.dW);
  }

  const Objective* f_;  // shared read-only by all workers
  vector x0_;
  sgd_options o_;
  Observer prototype_;
  std::optional<Observer> run_observer_;
  Field field_;
  std::optional<index_sampler> sampler_;
  std::vector<std::size_t> indices_;
  std::vector<typename Objective::sample_type> samples_;
  vector x_, g_, v_, sum_, report_, tmp_;
  sde::brownian_increment<> z_;
  matrix S_, L_;
};

// Runs options.ensemble.n_paths independent SGD runs from x0 and returns the merged observer.
template <class Objective, class Observer, class Field = gradient_step_field>
Observer simulate_sgd(const Objective& f, const vector& x0, const sgd_options& options, const Observer& prototype,
                      Field field = {}) {
  std::string error;
  if (!options.is_valid(f.size(), &error)) throw std::invalid_argument("sgd options: " + error);
  check_point(x0, f.dim(), "initial iterate x0");
  sgd_runner<Objective, Observer, Field> runner(f, x0, options, prototype, std::move(field));
  return sde::run_ensemble(options.ensemble, prototype, runner);
}

}  // namespace sgdsde::sgd
