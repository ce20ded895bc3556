#pragma once
// What one SGD run does, with Ceres-style validation (is_valid names the parameter and its range).
//
// Updates (x_k the iterate, g_k the minibatch gradient (1/B) Σ_j ∇f(x_k; w_{j,k}), η_k the schedule):
//   plain                      x_{k+1} = x_k − η_k g_k                                 (seed 000 eq. 4)
//   momentum                   v_{k+1} = β v_k − η_k g_k,  x_{k+1} = x_k + v_{k+1}     (heavy ball, v_0 = 0)
//   injected_noise             x_{k+1} = x_k − η_k (∇f(x_k) + ξ_k)                     (seed 000 eq. 5)
//       ξ_k = −L z_k/√B with L Lᵀ = Σ(x_k) and z_k standard normal (gaussian: covariance Σ/B; the sign
//       makes the same normals drive Euler–Maruyama on the SME identically), or the same with z_k
//       multivariate Student-t scaled to unit covariance (student_t, ν > 2), or a user law.
//   stochastic_approximation   x_{k+1} = (1 − η_k) x_k + η_k G(x_k; batch)             (seed 000 eq. 13)
//       G defaults to x − g (which makes it plain SGD); pass your own field to simulate_sgd.
//   svag                       x_{k+1} = x_k − (η_k/l)[a g_{k,1} + b g_{k,2}],  a, b = (1 ± √(2l − 1))/2
//       with two independent minibatch gradients (Li, Malladi, Arora, "On the validity of modeling SGD
//       with SDEs", NeurIPS 2021): a + b = 1 and a² + b² = l, so the step's gradient has mean ∇f and
//       covariance l c Σ/B, and SVAG(l) with step η/l is Euler–Maruyama-like on the SME of rate η with
//       dt = η/l: it converges weakly to the SME as l → ∞, with error O(1/l), at SGD's cost per step
//       (two minibatches). Step k uses η_j/l, j = ⌊k/l⌋: l steps stand in for one SGD step, so K·l
//       steps reach SGD's time Σ_{j<K} η_j on any schedule. l = 1 is plain SGD (using two batches).
//       Reshuffling is refused: two batches of one permutation are not independent.
// Averaging (Theorem 2.5 of seed 000): after k > s steps x̄_k = Σ_{s≤t<k} w_t x_t / Σ_{s≤t<k} w_t with
// w_t = 1 (uniform) or w_t = η_t (eta_weighted) and s = average_from (a burn-in, default 0); x̄_k = x_k
// for k ≤ s. report_average: observers see x̄_k, not x_k.
// SDE time: t_k = Σ_{i<k} η_i.
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/objective.hpp>
#include <sgdsde/sgd/sampler.hpp>
#include <sgdsde/sgd/schedule.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

namespace sgdsde::sgd {

enum class update { plain, momentum, injected_noise, stochastic_approximation, svag };
enum class averaging { none, uniform, eta_weighted };
enum class noise_law { gaussian, student_t, user };

inline const char* to_string(update u) {
  switch (u) {
    case update::plain: return "plain";
    case update::momentum: return "momentum";
    case update::injected_noise: return "injected_noise";
    case update::stochastic_approximation: return "stochastic_approximation";
    case update::svag: return "svag";
  }
  return "?";
}
inline const char* to_string(averaging a) {
  switch (a) {
    case averaging::none: return "none";
    case averaging::uniform: return "uniform";
    case averaging::eta_weighted: return "eta_weighted";
  }
  return "?";
}

struct sgd_options {
  static constexpr double max_svag_l = 1e8;  // cap: 1e8 SVAG steps per SGD step is already beyond any run
  learning_rate_schedule schedule = learning_rate_schedule::constant(0.1);
  std::size_t batch = 1;
  sampling sampler = sampling::with_replacement;
  update method = update::plain;
  double momentum = 0.9;  // β for update::momentum
  double svag_l = 1.0;    // l ≥ 1 for update::svag
  averaging average = averaging::none;
  std::uint64_t average_from = 0;  // s: the average starts at step s (burn-in), in this simulator's steps
  bool report_average = false;
  noise_law injected = noise_law::gaussian;
  double student_dof = 5.0;  // ν for noise_law::student_t
  // noise_law::user: writes ξ (size d, mean zero) given the iterate; draw from the stream only.
  std::function<void(sde::random_stream&, const vector& x, vector& xi)> user_noise;
  std::uint64_t n_steps = 1000;
  std::uint64_t seed = 1;
  double bound = sde::default_divergence_bound;  // |x|∞ above this counts as divergence (+inf: only non-finite)
  sde::ensemble_options ensemble;

  // The SDE time step k advances: η_k, or under SVAG η_j/l with j = ⌊k/l⌋ the SGD step it stands in
  // for (l SVAG steps cover one SGD step, so a schedule is followed on SGD's clock).
  double clock_step(std::uint64_t k) const {
    if (method != update::svag) return schedule(k);
    return schedule(std::uint64_t(double(k) / svag_l)) / svag_l;
  }

  // `n` is the objective's size (0 for population objectives).
  bool is_valid(std::size_t n, std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    try {
      check_batch(sampler, n, batch);
    } catch (const std::invalid_argument& e) {
      return fail(e.what());
    }
    if (n_steps < 1) return fail("n_steps must be >= 1");
    if (method == update::momentum && !(momentum >= 0.0 && momentum < 1.0))
      return fail("momentum beta must be in [0, 1), got " + std::to_string(momentum));
    if (method == update::injected_noise && injected == noise_law::student_t && !(student_dof > 2.0 && std::isfinite(student_dof)))
      return fail("student_dof must be finite and > 2 (finite variance), got " + std::to_string(student_dof));
    if (method == update::injected_noise && injected == noise_law::user && !user_noise)
      return fail("noise_law::user needs user_noise");
    if (method == update::svag) {
      if (!(svag_l >= 1.0 && svag_l <= max_svag_l))
        return fail("svag_l must be in [1, 1e8], got " + std::to_string(svag_l));
      if (sampler == sampling::reshuffling)
        return fail("svag needs two independent minibatches per step: use sampling with or without replacement, "
                    "not reshuffling (two batches of one permutation are dependent)");
    }
    if (report_average && average == averaging::none) return fail("report_average needs averaging uniform or eta_weighted");
    if (average_from > 0 && average == averaging::none) return fail("average_from needs averaging uniform or eta_weighted");
    if (average_from > 0 && average_from >= n_steps)
      return fail("average_from must be below the run's " + std::to_string(n_steps) + " steps, got " + std::to_string(average_from));
    if (!(bound > 0.0)) return fail("bound must be > 0");
    return ensemble.is_valid(error);
  }
};

}  // namespace sgdsde::sgd
