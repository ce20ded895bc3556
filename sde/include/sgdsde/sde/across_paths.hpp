#pragma once
// across_paths(f): the promise that the functor f (a drift, a diffusion or a covariance) is written
// generically — `auto` parameters, arithmetic and sqrt/exp/... found by argument-dependent lookup
// (`using std::exp; exp(x[0])`), no branch on the state — so that it can be called on
// Eigen::Matrix<lanes<N>, D, 1> states (lanes.hpp). A fixed-size problem whose functors all carry
// the promise is integrated by Euler–Maruyama N paths at a time (lane_paths_runner.hpp), with
// results bit-identical to one path at a time. A functor that does not compile with lanes is a
// compile error, never a silent fallback.
#include <type_traits>
#include <utility>

namespace sgdsde::sde {

template <class F>
class across_paths_functor {
 public:
  explicit across_paths_functor(F f) : f_(std::move(f)) {}
  template <class... Args>
  decltype(auto) operator()(Args&&... args) const {
    return f_(std::forward<Args>(args)...);
  }

 private:
  F f_;
};

template <class F>
across_paths_functor<F> across_paths(F f) {
  return across_paths_functor<F>(std::move(f));
}

// True for functors that may be evaluated on lanes; covariance_diffusion specialises it.
template <class F> struct is_lane_generic : std::false_type {};
template <class F> struct is_lane_generic<across_paths_functor<F>> : std::true_type {};
template <class F> inline constexpr bool is_lane_generic_v = is_lane_generic<F>::value;

}  // namespace sgdsde::sde
