#pragma once
// Bit-for-bit equality of doubles (tells -0.0 from 0.0; NaN equals itself only with the same payload),
// for the tests that promise identical results, not close ones.
#include <cstring>

namespace sgdsde::testing {

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace sgdsde::testing
