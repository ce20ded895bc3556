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
// Finite sums derive from finite_sum<Derived> (finite_sum.hpp), which supplies the full-data
// quantities by summing the per-sample ones; population objectives give them in closed form.
#include <Eigen/Core>

#include <stdexcept>
#include <string>

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

}  // namespace sgdsde::sgd
