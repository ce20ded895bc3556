#include <sgdsde/sde/random_stream.hpp>

#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

using namespace sgdsde::sde;

namespace {
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Draws from two copies of a stream agree from here on (so both were left in the same state).
bool same_continuation(random_stream a, random_stream b) {
  for (int i = 0; i < 9; ++i)
    if (a() != b()) return false;
  return true;
}
}  // namespace

TEST_CASE("standard_normal is bit for bit Boost's ziggurat on the same stream", "[random_stream]") {
  const double tail_start = boost::random::detail::normal_table<double>::table_x[1];
  std::size_t tail = 0, mismatches = 0;
  for (std::uint64_t path : {0ull, 1ull, 123456789ull}) {
    random_stream ours(7, path), boosts(7, path);
    boost::random::normal_distribution<double> normal;
    for (int i = 0; i < 400000; ++i) {
      const double x = standard_normal(ours), y = normal(boosts);
      mismatches += !same_bits(x, y);
      tail += std::abs(x) > tail_start;
    }
    CHECK(same_continuation(ours, boosts));
  }
  CHECK(mismatches == 0);
  // The tail sampler (and so Boost's slow path) ran: P(|Z| > 3.44) ≈ 5.8e-4 of 1.2e6 draws.
  CHECK(tail > 300);
}

TEST_CASE("generate gives the values of one call at a time, from any position in a block", "[random_stream]") {
  for (int offset = 0; offset < 4; ++offset)
    for (std::size_t n : {0u, 1u, 3u, 4u, 5u, 8u, 61u, 1000u}) {
      random_stream bulk(3, 11), single(3, 11);
      for (int i = 0; i < offset; ++i) (void)bulk(), (void)single();
      std::vector<std::uint64_t> out(n);
      bulk.generate(out.data(), n);
      bool equal = true;
      for (std::size_t i = 0; i < n; ++i) equal &= out[i] == single();
      CHECK(equal);
      CHECK(same_continuation(bulk, single));
    }
}

TEST_CASE("fill_standard_normal equals standard_normal calls and leaves the same stream", "[random_stream]") {
  for (std::size_t n : {0u, 1u, 3u, 255u, 256u, 257u, 1000u, 100000u})
    for (std::size_t stride : {1u, 8u}) {
      random_stream bulk(5, 2), single(5, 2);
      (void)bulk(), (void)single();  // start mid-block
      std::vector<double> out(n * stride + 1, -7.0);
      fill_standard_normal(bulk, out.data(), n, stride);
      std::size_t mismatches = 0, touched = 0;
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (i % stride == 0 && i / stride < n) mismatches += !same_bits(out[i], standard_normal(single));
        else touched += out[i] != -7.0;  // strided fill writes nothing in between
      }
      CHECK(mismatches == 0);
      CHECK(touched == 0);
      CHECK(same_continuation(bulk, single));
    }
}
