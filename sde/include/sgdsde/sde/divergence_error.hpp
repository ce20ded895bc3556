#pragma once
// A path whose state stopped being finite (or left a user bound): names the path, step and time.
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>

namespace sgdsde::sde {

// The default divergence bound on |x|∞ for SDE paths and SGD runs. No problem of interest lives
// beyond it, and there the statistics of a path (the loss, its square, x xᵀ) would overflow double:
// a run that leaves it is reported as diverged, with its path and step, instead of printing inf.
// Options take +inf to switch the bound off (non-finite states still count as divergence).
inline constexpr double default_divergence_bound = 1e30;

// The bound as messages show it ("1e+30", "10").
inline std::string bound_text(double bound) {
  std::ostringstream s;
  s << bound;
  return s.str();
}

class divergence_error : public std::runtime_error {
 public:
  // `unit` names what a path is to the user: an SDE "path", an SGD "run".
  divergence_error(std::uint64_t path, std::uint64_t step, double time, const std::string& what = "non-finite state",
                   const char* unit = "path")
      : std::runtime_error(describe(path, step, time, what, unit)), path_(path), step_(step), time_(time) {}
  std::uint64_t path() const { return path_; }
  std::uint64_t step() const { return step_; }
  double time() const { return time_; }

 private:
  static std::string describe(std::uint64_t path, std::uint64_t step, double time, const std::string& what,
                              const char* unit) {
    std::ostringstream msg;
    msg << what << " in " << unit << " " << path << " at step " << step << " (t = " << time << ")";
    return msg.str();
  }
  std::uint64_t path_, step_;
  double time_;
};

}  // namespace sgdsde::sde
