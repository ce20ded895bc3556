#pragma once
// Per-path random streams: Philox4x64-10 (Salmon et al., SC'11) keyed by (seed, path).
// Counter-based, so creating the stream of path 10^7 costs nothing and is independent of which
// thread or process runs it; the substream word separates uses within a path (Brownian
// increments, Lévy-area variates, index sampling) so that adding one never shifts another.
#include <Eigen/Core>
#include <Random123/philox.h>
#include <boost/random/normal_distribution.hpp>
#include <cstdint>
#include <limits>

namespace sgdsde::sde {

enum class substream : std::uint64_t { brownian = 0, levy_area = 1, sampling = 2, user = 3 };

class random_stream {
 public:
  using result_type = std::uint64_t;

  random_stream(std::uint64_t seed, std::uint64_t path, substream which = substream::brownian)
      : random_stream(seed, path, static_cast<std::uint64_t>(which)) {}
  random_stream(std::uint64_t seed, std::uint64_t path, std::uint64_t which) {
    key_ = {{seed, path}};
    counter_ = {{0, 0, which, 0}};
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (next_ == 4) refill();
    return block_.v[next_++];
  }

 private:
  void refill() {
    block_ = philox_(counter_, key_);
    if (++counter_.v[0] == 0) ++counter_.v[1];
    next_ = 0;
  }

  r123::Philox4x64 philox_;
  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type block_{};
  int next_ = 4;
};

// Standard normal variates by Boost's ziggurat: stateless, identical on every platform, and about
// twice as fast as libstdc++'s normal_distribution.
inline double standard_normal(random_stream& stream) {
  return boost::random::normal_distribution<double>()(stream);
}

template <class Vector>
void fill_standard_normal(random_stream& stream, Vector& out) {
  boost::random::normal_distribution<double> normal;
  for (Eigen::Index i = 0; i < out.size(); ++i) out[i] = normal(stream);
}

}  // namespace sgdsde::sde
