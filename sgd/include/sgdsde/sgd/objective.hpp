#pragma once
// Objectives f(x) = E_w f(x; w): the finite sums (1/n) Σ_i f_i(x) of a data set, and population
// objectives whose samples w are drawn afresh from a law. Everything in sgd/ is written against
// this interface (duck-typed, so the simulator inlines it):
//
//   using sample_type = ...;                 std::size_t (an index) for finite sums
//   static constexpr bool is_finite_sum;
//   int dim() const;                         d
//   std::size_t size() const;                n (finite sums); 0 for population objectives
//   void draw(random_stream&, sample_type&) const;                 population objectives only
//   double sample_value(const vector& x, const sample_type& w) const;            f(x; w)
//   void add_sample_gradient(const vector& x, const sample_type& w, double s, vector& g) const;
//                                                                   g += s ∇f(x; w)
//   void add_sample_hessian(const vector& x, const sample_type& w, double s, matrix& H) const;
//                                                                   H += s ∇²f(x; w)
//   double value(const vector& x) const;          f(x)
//   void gradient(const vector& x, vector& g) const;               g = ∇f(x)
//   void hessian(const vector& x, matrix& H) const;                H = ∇²f(x)
//   void gradient_covariance(const vector& x, matrix& S) const;
//        S = Σ(x) = E_w[(∇f(x;w) − ∇f(x))(∇f(x;w) − ∇f(x))ᵀ] (population normalisation, 1/n)
//   std::string description() const;
//
// Optional, read where present:
//   static constexpr bool constant_gradient_covariance;   Σ(x) is the same at every x (sme.hpp caches
//                                                         its factor); or, for an objective whose type
//                                                         decides at run time (erased objectives),
//   bool has_constant_gradient_covariance() const;
//   void add_minibatch_gradient(const vector& x, const std::vector<std::size_t>& idx, double s, vector& g) const;
//                                         finite sums: g += s Σ_{i ∈ idx} ∇f_i(x) in one call
//   void add_drawn_minibatch_gradient(random_stream&, const vector& x, std::size_t B, double s, vector& g) const;
//                                         population objectives: B fresh draws, g += s Σ_j ∇f(x; w_j),
//                                         in the order draw, gradient, draw, … (the same stream reads)
//
// Finite sums derive from finite_sum<Derived> (finite_sum.hpp), which supplies the full-data
// quantities by summing the per-sample ones; population objectives give them in closed form.
#include <Eigen/Core>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace sgdsde::sgd {

using vector = Eigen::VectorXd;
using matrix = Eigen::MatrixXd;

// Throws unless x has dimension `dim` and finite entries.
inline void check_point(const vector& x, int dim, const char* what = "x") {
  if (x.size() != dim)
    throw std::invalid_argument(std::string(what) + " has dimension " + std::to_string(x.size()) +
                                ", the objective has d = " + std::to_string(dim));
  if (!x.allFinite()) throw std::invalid_argument(std::string(what) + " has a non-finite entry");
}

// Does the objective sum a finite sum's minibatch of gradients in one call (batched_finite_sum.hpp,
// erased objectives)? Then a minibatch costs one call, not B.
template <class Objective, class = void>
struct has_minibatch_gradient : std::false_type {};
template <class Objective>
struct has_minibatch_gradient<Objective, std::void_t<decltype(std::declval<const Objective&>().add_minibatch_gradient(
                                             std::declval<const vector&>(), std::declval<const std::vector<std::size_t>&>(), 1.0,
                                             std::declval<vector&>()))>> : std::true_type {};

// Does a population objective draw and sum a minibatch in one call (erased objectives)?
template <class Objective, class = void>
struct has_drawn_minibatch_gradient : std::false_type {};
template <class Objective>
struct has_drawn_minibatch_gradient<Objective, std::void_t<decltype(&Objective::add_drawn_minibatch_gradient)>> : std::true_type {};

// Does the objective's type declare that its gradient covariance Σ does not depend on x (additive
// noise: `static constexpr bool constant_gradient_covariance = true;`)?
template <class Objective, class = void>
struct has_constant_noise : std::false_type {};
template <class Objective>
struct has_constant_noise<Objective, std::void_t<decltype(Objective::constant_gradient_covariance)>>
    : std::bool_constant<Objective::constant_gradient_covariance> {};

template <class Objective, class = void>
struct decides_constant_noise_at_run_time : std::false_type {};
template <class Objective>
struct decides_constant_noise_at_run_time<
    Objective, std::void_t<decltype(std::declval<const Objective&>().has_constant_gradient_covariance())>> : std::true_type {};

// Is Σ(x) the same at every x for this objective: declared by its type, or by the object.
template <class Objective>
bool noise_is_constant(const Objective& f) {
  if constexpr (decides_constant_noise_at_run_time<Objective>::value) return f.has_constant_gradient_covariance();
  else return has_constant_noise<Objective>::value;
}

}  // namespace sgdsde::sgd
