#pragma once
// Minibatch index sampling for finite sums (seed 000 eq. 4 and its variants):
//   with_replacement     B indices i.i.d. uniform on {0..n−1} (the lectures' definition);
//   without_replacement  a uniformly random B-subset each step (partial Fisher–Yates);
//   reshuffling          random reshuffling: a fresh permutation per epoch, cut into ⌊n/B⌋
//                        consecutive batches (the n mod B left-over indices sit the epoch out).
// The minibatch-gradient noise covariance is c·Σ(x)/B with c = 1 with replacement and
// c = (n − B)/(n − 1) otherwise (each step's batch is a uniform B-subset in both other cases).
// Population objectives draw every sample afresh, which is sampling with replacement.
#include <sgdsde/sde/random_stream.hpp>

#include <boost/random/uniform_int_distribution.hpp>

#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::sgd {

enum class sampling { with_replacement, without_replacement, reshuffling };

inline const char* to_string(sampling s) {
  switch (s) {
    case sampling::with_replacement: return "with_replacement";
    case sampling::without_replacement: return "without_replacement";
    case sampling::reshuffling: return "reshuffling";
  }
  return "?";
}

inline sampling sampling_from_string(const std::string& s) {
  if (s == "with_replacement" || s == "with") return sampling::with_replacement;
  if (s == "without_replacement" || s == "without") return sampling::without_replacement;
  if (s == "reshuffling" || s == "rr") return sampling::reshuffling;
  throw std::invalid_argument("sampler must be with_replacement, without_replacement or reshuffling, got '" + s + "'");
}

// n = 0 means a population objective. Throws with the parameter named when (n, B, kind) is invalid.
inline void check_batch(sampling kind, std::size_t n, std::size_t batch) {
  if (batch < 1) throw std::invalid_argument("batch size B must be >= 1, got 0");
  if (n == 0) {
    if (kind != sampling::with_replacement)
      throw std::invalid_argument(std::string("sampler ") + to_string(kind) +
                                  " needs a finite data set; population objectives draw fresh samples "
                                  "(use with_replacement)");
    return;
  }
  if (kind != sampling::with_replacement && batch > n)
    throw std::invalid_argument("batch size B = " + std::to_string(batch) + " exceeds n = " + std::to_string(n) +
                                " (sampling " + to_string(kind) + " needs B in [1, n])");
}

// c in Cov(minibatch gradient) = c·Σ(x)/B.
inline double batch_covariance_factor(sampling kind, std::size_t n, std::size_t batch) {
  check_batch(kind, n, batch);
  if (kind == sampling::with_replacement || n <= 1) return 1.0;
  return double(n - batch) / double(n - 1);
}

// c/B: the factor on Σ(x) in a minibatch gradient's covariance, and on ηΣ(x) in the SME's diffusion
// ηcΣ(x)/B. Every study, the SME itself and the exact moment equations take it from here.
inline double minibatch_noise_scale(sampling kind, std::size_t n, std::size_t batch) {
  return batch_covariance_factor(kind, n, batch) / double(batch);
}

// Draws one run's batches from its `sampling` substream.
class index_sampler {
 public:
  index_sampler(sampling kind, std::size_t n, std::size_t batch) : kind_(kind), n_(n), batch_(batch) {
    check_batch(kind, n, batch);
    if (n == 0) throw std::invalid_argument("index_sampler needs n >= 1");
    if (kind != sampling::with_replacement) {
      order_.resize(n);
      std::iota(order_.begin(), order_.end(), std::size_t(0));
    }
    steps_per_epoch_ = kind == sampling::reshuffling ? n / batch : 0;
  }

  // Restarts for a new run (the permutation state is reset so runs do not depend on each other).
  void restart() {
    if (!order_.empty()) std::iota(order_.begin(), order_.end(), std::size_t(0));
    step_in_epoch_ = 0;
  }

  std::size_t batch_size() const { return batch_; }

  // Fills `batch` (size B) with the next minibatch's indices.
  void next(sde::random_stream& stream, std::vector<std::size_t>& batch) {
    batch.resize(batch_);
    switch (kind_) {
      case sampling::with_replacement: {
        boost::random::uniform_int_distribution<std::size_t> index(0, n_ - 1);
        for (auto& i : batch) i = index(stream);
        return;
      }
      case sampling::without_replacement:
        partial_shuffle(stream, batch_);
        std::copy(order_.begin(), order_.begin() + std::ptrdiff_t(batch_), batch.begin());
        return;
      case sampling::reshuffling:
        if (step_in_epoch_ == 0) partial_shuffle(stream, n_ - 1);
        std::copy(order_.begin() + std::ptrdiff_t(step_in_epoch_ * batch_),
                  order_.begin() + std::ptrdiff_t((step_in_epoch_ + 1) * batch_), batch.begin());
        step_in_epoch_ = (step_in_epoch_ + 1) % steps_per_epoch_;
        return;
    }
  }

 private:
  // Fisher–Yates on the first `count` positions: order_[0..count) becomes a uniform random
  // ordered selection whatever order_ held before.
  void partial_shuffle(sde::random_stream& stream, std::size_t count) {
    for (std::size_t j = 0; j < count; ++j) {
      boost::random::uniform_int_distribution<std::size_t> pick(j, n_ - 1);
      std::swap(order_[j], order_[pick(stream)]);
    }
  }

  sampling kind_;
  std::size_t n_, batch_;
  std::vector<std::size_t> order_;
  std::size_t steps_per_epoch_ = 0, step_in_epoch_ = 0;
};

}  // namespace sgdsde::sgd
