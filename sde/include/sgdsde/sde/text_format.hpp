#pragma once
// Numbers in messages and reports, written the same way on every floor: short_number gives three
// significant digits ("1e+11", "0.05"); formatted is printf into a std::string (reports' table rows).
#include <cstdio>
#include <string>

namespace sgdsde::sde {

template <class... Args>
std::string formatted(const char* format, Args... args) {
  const int n = std::snprintf(nullptr, 0, format, args...);
  if (n <= 0) return {};
  std::string out(std::size_t(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), format, args...);
  out.pop_back();
  return out;
}

inline std::string short_number(double v) { return formatted("%.3g", v); }

}  // namespace sgdsde::sde
