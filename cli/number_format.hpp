#pragma once
// How the command writes numbers, in one place: every CSV cell round-trips (17 significant digits;
// NaN as "nan", which gnuplot and pandas read as missing); messages and tables show 3 digits.
#include <cmath>
#include <cstdio>
#include <string>

namespace sgdsde::cli {

inline std::string csv_number(double v) {
  if (std::isnan(v)) return "nan";
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

// A number as messages show it: three significant digits ("1e+11", "2.43e+29").
inline std::string short_number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

}  // namespace sgdsde::cli
