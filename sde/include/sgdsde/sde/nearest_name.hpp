#pragma once
// The nearest of a list of names to what was typed, for "did you mean" in refusals: the smallest
// edit distance (insertions, deletions, substitutions and swaps of neighbours count one each), and
// only when it is small beside the word (at most a third of its length, and at most 3), so that a
// word unrelated to every name gets no suggestion.
#include <algorithm>
#include <string>
#include <vector>

namespace sgdsde::sde {

// Optimal string alignment distance between a and b, case-insensitive.
inline std::size_t edit_distance(const std::string& a, const std::string& b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

// The name nearest to `typed`, or "" when none is near (see above); the first of equals.
inline std::string nearest_name(const std::string& typed, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& name : names) {
    const std::size_t dist = edit_distance(typed, name);
    if (dist < best_distance) best_distance = dist, best = name;
  }
  const std::size_t allowed = std::min<std::size_t>(3, std::max<std::size_t>(1, typed.size() / 3));
  return best_distance <= allowed ? best : std::string();
}

// " (did you mean 'milstein'?)" or "".
inline std::string did_you_mean(const std::string& typed, const std::vector<std::string>& names) {
  const std::string near = nearest_name(typed, names);
  return near.empty() || near == typed ? std::string() : " (did you mean '" + near + "'?)";
}

}  // namespace sgdsde::sde
