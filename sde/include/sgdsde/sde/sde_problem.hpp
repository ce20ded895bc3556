#pragma once
// An Itô SDE dX = a(X,t) dt + b(X,t) dW in d dimensions with m noise dimensions.
//
// The problem only describes the equation; steppers integrate it and never draw random numbers.
// Functors (any callables; lambdas are fine):
//   drift(x, t, out)             out = a(x,t)                          (d-vector)
//   diffusion(x, t, out)         out = b(x,t)   in the tag's storage:  scalar / diagonal: d-vector,
//                                                                      commutative / general: d×m
//   derivative(x, t, v, out)     optional: out = Σ_l v_l ∂b/∂x_l (x,t), the directional derivative of
//                                b along v, in the same storage. Milstein uses it with v = b_j to form
//                                L^j b; without it Milstein uses its derivative-free form.
// Fixed sizes D, M (e.g. 1 or 2) make states Eigen fixed-size vectors: no heap, fully unrolled.
#include <sgdsde/sde/across_paths.hpp>
#include <sgdsde/sde/noise_structure.hpp>

#include <Eigen/Core>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace sgdsde::sde {

struct no_diffusion_derivative {};

// A diffusion functor may also apply b(x, t) to a noise vector without forming b: it offers
// applies(), true when it does so for this problem, and apply(x, t, dW, out) with out = b(x, t) dW.
// The per-sample SME (b is d×n, one column per sample) uses it so that Euler–Maruyama costs O(nd)
// time and O(d + n) memory per step (sgd/sme.hpp).
template <class Diffusion, class = void>
struct offers_diffusion_action : std::false_type {};
template <class Diffusion>
struct offers_diffusion_action<Diffusion, std::void_t<decltype(std::declval<const Diffusion&>().applies())>>
    : std::true_type {};

template <class NoiseTag, int D, int M>
struct sde_types {
  using state_type = Eigen::Matrix<double, D, 1>;
  using noise_vector = Eigen::Matrix<double, M, 1>;
  using diffusion_type = std::conditional_t<stores_diffusion_as_vector<NoiseTag>, state_type,
                                            Eigen::Matrix<double, D, M>>;
};

template <class NoiseTag, int D, int M, class Drift, class Diffusion, class Derivative = no_diffusion_derivative>
class sde_problem {
 public:
  using noise_tag = NoiseTag;
  using types = sde_types<NoiseTag, D, M>;
  using state_type = typename types::state_type;
  using noise_vector = typename types::noise_vector;
  using diffusion_type = typename types::diffusion_type;
  static constexpr int fixed_dim = D;
  static constexpr int fixed_noise_dim = M;
  static constexpr bool has_diffusion_derivative = !std::is_same_v<Derivative, no_diffusion_derivative>;
  // Fixed sizes and functors wrapped in across_paths(): paths can be advanced N at a time on lanes.
  static constexpr bool runs_across_paths =
      D != Eigen::Dynamic && M != Eigen::Dynamic && is_lane_generic_v<Drift> && is_lane_generic_v<Diffusion>;

  sde_problem(int dim, int noise_dim, Drift drift, Diffusion diffusion, Derivative derivative = {})
      : dim_(dim), noise_dim_(noise_dim), drift_(std::move(drift)), diffusion_(std::move(diffusion)),
        derivative_(std::move(derivative)) {
    if (dim < 1) throw std::invalid_argument("sde_problem: dimension d must be >= 1, got " + std::to_string(dim));
    if (noise_dim < 1)
      throw std::invalid_argument("sde_problem: noise dimension m must be >= 1, got " + std::to_string(noise_dim));
    if (D != Eigen::Dynamic && dim != D)
      throw std::invalid_argument("sde_problem: dimension d = " + std::to_string(dim) +
                                  " does not match the fixed size " + std::to_string(D));
    if (M != Eigen::Dynamic && noise_dim != M)
      throw std::invalid_argument("sde_problem: noise dimension m = " + std::to_string(noise_dim) +
                                  " does not match the fixed size " + std::to_string(M));
    if (std::is_same_v<NoiseTag, scalar_noise> && noise_dim != 1)
      throw std::invalid_argument("sde_problem: scalar noise needs m = 1, got m = " + std::to_string(noise_dim));
    if (std::is_same_v<NoiseTag, diagonal_noise> && noise_dim != dim)
      throw std::invalid_argument("sde_problem: diagonal noise needs m = d, got d = " + std::to_string(dim) +
                                  ", m = " + std::to_string(noise_dim));
  }

  int dim() const { return dim_; }
  int noise_dim() const { return noise_dim_; }

  void drift(const state_type& x, double t, state_type& out) const { drift_(x, t, out); }
  void diffusion(const state_type& x, double t, diffusion_type& out) const { diffusion_(x, t, out); }
  // The same functors on lane states (Eigen::Matrix<lanes<N>, D, 1>); only when runs_across_paths.
  template <class LaneState, class LaneOut>
  void drift_across_paths(const LaneState& x, double t, LaneOut& out) const {
    static_assert(runs_across_paths, "wrap the drift and diffusion in across_paths() to evaluate them on lanes");
    drift_(x, t, out);
  }
  template <class LaneState, class LaneOut>
  void diffusion_across_paths(const LaneState& x, double t, LaneOut& out) const {
    static_assert(runs_across_paths, "wrap the drift and diffusion in across_paths() to evaluate them on lanes");
    diffusion_(x, t, out);
  }
  // b(x, t) dW without forming b, where the diffusion offers it (see offers_diffusion_action).
  bool applies_diffusion() const {
    if constexpr (offers_diffusion_action<Diffusion>::value) return diffusion_.applies();
    else return false;
  }
  void apply_diffusion(const state_type& x, double t, const noise_vector& dW, state_type& out) const {
    if constexpr (offers_diffusion_action<Diffusion>::value) diffusion_.apply(x, t, dW, out);
    else throw std::logic_error("apply_diffusion: this problem's diffusion has no action; form it with diffusion()");
  }
  void diffusion_derivative(const state_type& x, double t, const state_type& v, diffusion_type& out) const {
    static_assert(has_diffusion_derivative, "this problem provides no diffusion derivative");
    derivative_(x, t, v, out);
  }

  // Sized, zeroed buffers for this problem's dimensions.
  state_type make_state() const { return state_type::Zero(dim_); }
  diffusion_type make_diffusion() const {
    if (applies_diffusion()) return diffusion_type();  // never formed: Euler–Maruyama applies it
    if constexpr (stores_diffusion_as_vector<NoiseTag>) return diffusion_type::Zero(dim_);
    else return diffusion_type::Zero(dim_, noise_dim_);
  }

  // Throws if x has the wrong size or a non-finite entry (an initial state, say).
  void check_state(const state_type& x, const char* what = "initial state") const {
    if (x.size() != dim_)
      throw std::invalid_argument(std::string(what) + " has dimension " + std::to_string(x.size()) +
                                  ", the problem has d = " + std::to_string(dim_));
    if (!x.allFinite()) throw std::invalid_argument(std::string(what) + " has a non-finite entry");
  }

 private:
  int dim_;
  int noise_dim_;
  Drift drift_;
  Diffusion diffusion_;
  Derivative derivative_;
};

// make_sde<Tag, D, M>(drift, diffusion[, derivative]) for fixed sizes;
// make_sde<Tag>(d, m, drift, diffusion[, derivative]) for run-time sizes.
template <class NoiseTag, int D, int M, class Drift, class Diffusion, class Derivative = no_diffusion_derivative,
          std::enable_if_t<(D > 0 && M > 0), int> = 0>
auto make_sde(Drift drift, Diffusion diffusion, Derivative derivative = {}) {
  return sde_problem<NoiseTag, D, M, Drift, Diffusion, Derivative>(D, M, std::move(drift), std::move(diffusion),
                                                                    std::move(derivative));
}

template <class NoiseTag, class Drift, class Diffusion, class Derivative = no_diffusion_derivative>
auto make_sde(int dim, int noise_dim, Drift drift, Diffusion diffusion, Derivative derivative = {}) {
  return sde_problem<NoiseTag, Eigen::Dynamic, Eigen::Dynamic, Drift, Diffusion, Derivative>(
      dim, noise_dim, std::move(drift), std::move(diffusion), std::move(derivative));
}

}  // namespace sgdsde::sde
