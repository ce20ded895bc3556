#pragma once
// One switch for the sample sizes of statistical tests: the environment variable SGDSDE_TEST_SCALE,
// a number in (0, 1], default 1. ctest sets it from the CMake cache variable of the same name; the
// sanitizer build in CI sets 1/8, because instrumented code runs 10-30x slower and the point of that
// build is memory and undefined-behaviour errors, not statistical power.
//
// A scaled test keeps every assertion. Tolerances written as k standard errors scale by themselves;
// a bound that is a fixed number at full size (an interval width, a relative error) is multiplied by
// standard_error_growth(), i.e. sqrt(full / scaled), the growth of a standard error with 1/sample size.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sgdsde::testing {

inline double sample_scale() {
  const char* text = std::getenv("SGDSDE_TEST_SCALE");
  if (text == nullptr || *text == '\0') return 1.0;
  char* end = nullptr;
  const double scale = std::strtod(text, &end);
  if (*end != '\0' || !(scale > 0.0 && scale <= 1.0))
    throw std::invalid_argument("SGDSDE_TEST_SCALE must be a number in (0, 1], got '" + std::string(text) + "'");
  return scale;
}

// n scaled down, never below `minimum` (a floor the test's logic needs, e.g. enough paths for a covariance).
inline std::uint64_t scaled(std::uint64_t n, std::uint64_t minimum = 1) {
  const auto m = std::uint64_t(std::llround(double(n) * sample_scale()));
  return m < minimum ? (n < minimum ? n : minimum) : m;
}

// How much a standard error grows when a sample of `full` becomes one of `used`.
inline double standard_error_growth(std::uint64_t full, std::uint64_t used) { return std::sqrt(double(full) / double(used)); }

}  // namespace sgdsde::testing
