#pragma once
// The finite-n version of a population objective: n samples w_1..w_n drawn once (from `seed`),
// then f = (1/n) Σ_i f(x; w_i). E.g. the Li–Tai–E quadratic on a fixed training set.
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/finite_sum.hpp>

#include <string>
#include <type_traits>
#include <vector>

namespace sgdsde::sgd {

namespace detail {
template <class Population, class = void>
struct declares_additive_noise : std::false_type {};
template <class Population>
struct declares_additive_noise<Population, std::void_t<decltype(Population::additive_gradient_noise)>> : std::true_type {};
}  // namespace detail

template <class Population>
class sampled_finite_sum : public finite_sum<sampled_finite_sum<Population>> {
 public:
  sampled_finite_sum(Population population, std::size_t n, std::uint64_t seed)
      : population_(std::move(population)), samples_(n) {
    if (n < 1) throw std::invalid_argument("sampled finite sum: n must be >= 1");
    sde::random_stream stream(seed, 0, sde::substream::user);
    for (auto& w : samples_) population_.draw(stream, w);
  }

  int dim() const { return population_.dim(); }
  std::size_t size() const { return samples_.size(); }
  const Population& population() const { return population_; }
  const typename Population::sample_type& sample(std::size_t i) const { return samples_[i]; }

  double sample_value(const vector& x, std::size_t i) const { return population_.sample_value(x, samples_[i]); }
  void add_sample_gradient(const vector& x, std::size_t i, double scale, vector& g) const {
    population_.add_sample_gradient(x, samples_[i], scale, g);
  }
  void add_sample_hessian(const vector& x, std::size_t i, double scale, matrix& H) const {
    population_.add_sample_hessian(x, samples_[i], scale, H);
  }
  std::string description() const { return population_.description() + ", finite n = " + std::to_string(size()); }

  // Whether Σ(x) of the n samples is the same at every x: so when the population's gradient noise is
  // additive, ∇f(x; w) = ∇f(x) + ξ(w) (it declares `additive_gradient_noise`).
  static constexpr bool sample_covariance_is_constant() {
    if constexpr (detail::declares_additive_noise<Population>::value) return Population::additive_gradient_noise;
    return false;
  }

 private:
  Population population_;
  std::vector<typename Population::sample_type> samples_;
};

}  // namespace sgdsde::sgd
