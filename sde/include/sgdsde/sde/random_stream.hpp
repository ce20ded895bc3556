#pragma once
// Per-path random streams: Philox4x64-10 (Salmon et al., SC'11) keyed by (seed, path).
// Counter-based, so creating the stream of path 10^7 costs nothing and is independent of which
// thread or process runs it; the substream word separates uses within a path (Brownian
// increments, Lévy-area variates, index sampling) so that adding one never shifts another.
#include <Eigen/Core>
#include <Random123/philox.h>
#include <boost/random/normal_distribution.hpp>
#include <algorithm>
#include <cstddef>
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

  // The next n values, as n calls of operator() give them; whole Philox blocks go straight to out
  // (516M values/s in a tight loop of independent blocks, against 398M for one value per call).
  void generate(result_type* out, std::size_t n) {
    std::size_t i = 0;
    while (i < n && next_ < 4) out[i++] = block_.v[next_++];
    auto counter = counter_;
    for (; i + 4 <= n; i += 4) {
      const auto block = philox_(counter, key_);
      if (++counter.v[0] == 0) ++counter.v[1];
      out[i] = block.v[0], out[i + 1] = block.v[1], out[i + 2] = block.v[2], out[i + 3] = block.v[3];
    }
    counter_ = counter;
    if (i < n) {
      refill();
      while (i < n) out[i++] = block_.v[next_++];
    }
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

namespace detail {
// Boost's ziggurat restarted on a draw u whose fast path failed. Its engine replays u, then serves
// the already generated values raw[pos..n) (advancing pos), then draws from the stream: exactly the
// variates Boost's own loop would consume, in the same order.
#if defined(__GNUC__)
__attribute__((noinline))
#endif
inline double standard_normal_slow(std::uint64_t u, const std::uint64_t* raw, std::size_t& pos, std::size_t n,
                                   random_stream& stream) {
  struct replay {
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
    result_type operator()() {
      if (!replayed) {
        replayed = true;
        return first;
      }
      if (*pos < n) return raw[(*pos)++];
      return (*stream)();
    }
    std::uint64_t first;
    bool replayed;
    const std::uint64_t* raw;
    std::size_t* pos;
    std::size_t n;
    random_stream* stream;
  } engine{u, false, raw, &pos, n, &stream};
  return boost::random::normal_distribution<double>()(engine);
}

inline double standard_normal_slow(std::uint64_t u, random_stream& stream) {
  std::size_t none = 0;
  return standard_normal_slow(u, nullptr, none, 0, stream);
}
}  // namespace detail

namespace detail {
// The fast path of standard_normal on a drawn u; false when u needs Boost's slow path.
inline bool standard_normal_fast(std::uint64_t u, double& out) {
  const double* table_x = boost::random::detail::normal_table<double>::table_x;
  // boost::random::detail::generate_int_float_pair<double, 8> for a 64-bit engine: the low 8 bits
  // pick layer and sign; bits 8..63, with bit 11 cleared, give the uniform in [0, 1).
  const int bucket = int(u & 0xff);
  const double uniform = double((u & ~(std::uint64_t(1) << 11)) >> 8) * (1.0 / 72057594037927936.0);  // 2^-56
  const int layer = bucket >> 1;
  const double x = uniform * table_x[layer];
  out = x * double((bucket & 1) * 2 - 1) * 1.0 + 0.0;  // normal_distribution: x·σ + μ
  return x < table_x[layer + 1];
}
}  // namespace detail

// Standard normal variates by Boost's ziggurat (boost::random::normal_distribution<double>, 128
// layers): stateless, identical on every platform, about twice as fast as libstdc++'s. The common
// case (one 64-bit draw, 97% of draws) is spelled out here so it inlines into the caller's loop; the
// rest is Boost's own code. The result is bit for bit Boost's (tests/sde/test_random_stream.cpp).
inline double standard_normal(random_stream& stream) {
  const std::uint64_t u = stream();
  double x;
  if (detail::standard_normal_fast(u, x)) return x;
  return detail::standard_normal_slow(u, stream);
}

// count calls of standard_normal(stream), into out[0..count), faster (294M against 202M normals/s in
// a tight loop, where the two steps no longer stall each other): the raw 64-bit values
// are generated in whole Philox blocks first, then turned into normals in a second tight loop.
// Exactly the values, and exactly the stream state afterwards, of the one-at-a-time calls: each
// normal takes at least one raw value, so no value is generated that those calls would not draw.
// With a stride, the i-th normal goes to out[i * stride] (e.g. one lane of a lane-major block).
inline void fill_standard_normal(random_stream& stream, double* out, std::size_t count, std::size_t stride = 1) {
  constexpr std::size_t chunk = 256;
  std::uint64_t raw[chunk];
  std::size_t done = 0;
  while (done < count) {
    const std::size_t n = std::min(chunk, count - done);
    stream.generate(raw, n);
    std::size_t pos = 0;
    while (pos < n) {
      const std::uint64_t u = raw[pos++];
      double& x = out[done * stride];
      if (!detail::standard_normal_fast(u, x)) {
        std::size_t slow_pos = pos;  // only this copy's address escapes: pos stays in a register
        x = detail::standard_normal_slow(u, raw, slow_pos, n, stream);
        pos = slow_pos;
      }
      ++done;
    }
  }
}

template <class Vector>
void fill_standard_normal(random_stream& stream, Vector& out) {
  for (Eigen::Index i = 0; i < out.size(); ++i) out[i] = standard_normal(stream);
}

}  // namespace sgdsde::sde
