#pragma once
// The work a study does unasked is capped, so that a typo (-T 1e300, --eta 1e-9) is refused up front
// with the numbers instead of running for years. Work is counted in path-steps: one step of one path
// of one method (an SGD step, or an SDE step including substeps), summed over every ensemble the
// study runs. The default cap, 1e11 path-steps, is tens of minutes to hours on one core for the
// built-in problems; a request's max_path_steps (the CLI's --max-path-steps) raises or lowers it.
#include <sgdsde/sde/text_format.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace sgdsde::catalogue {

constexpr double default_max_path_steps = 1e11;
// --max-path-steps, as every command's help states it.
constexpr const char* work_cap_help = "Refuse runs needing more path-steps (paths x steps x substeps, all ensembles) than this";

// Ranges of the counts a front end passes. Each is far beyond what a run can use; the work itself is
// capped separately, in path-steps.
namespace limits {
constexpr std::uint64_t threads = 4096;
constexpr std::uint64_t runs = 1'000'000'000;
constexpr std::uint64_t steps = 1'000'000'000'000'000;
constexpr std::uint64_t substeps = 1'000'000;
constexpr std::uint64_t batch = 1'000'000'000;
constexpr double max_path_steps = 1e18;  // step counts (steps x substeps) then stay far inside 64 bits
constexpr double record_bytes = 4e9;     // all copies of a run's per-record statistics in flight
}  // namespace limits

// A step count from a real quotient (a horizon over a step size), checked before the cast: finite,
// and at most limits::steps; rounded, and at least at_least. what names the inputs ("-T / --eta").
inline std::uint64_t checked_step_count(double count, const std::string& what, std::uint64_t at_least = 1) {
  if (!std::isfinite(count) || count > double(limits::steps))
    throw std::invalid_argument(what + " asks for " + (std::isfinite(count) ? sde::short_number(count) : "more than 1e308") +
                                " steps; at most " + sde::short_number(double(limits::steps)) + " are possible");
  return std::max<std::uint64_t>(at_least, std::uint64_t(std::llround(count)));
}

class work_plan {
 public:
  explicit work_plan(double cap) : cap_(cap) {
    if (!(cap >= 1.0 && cap <= limits::max_path_steps))
      throw std::invalid_argument("--max-path-steps " + sde::short_number(cap) + " is out of range [1, 1e+18]");
  }
  // One ensemble: paths x steps_per_path path-steps, described as what ("SGD", "Euler-Maruyama").
  void add(const std::string& what, double paths, double steps_per_path) {
    total_ += paths * steps_per_path;
    parts_ += (parts_.empty() ? "" : " + ") + what + " " + sde::short_number(paths) + " x " + sde::short_number(steps_per_path);
  }
  // Usage error when the total exceeds the cap.
  void check() const {
    if (total_ > cap_)
      throw std::invalid_argument("this run needs " + sde::short_number(total_) + " path-steps (" + parts_ +
                                  "), more than the cap of " + sde::short_number(cap_) +
                                  "; reduce the work or raise the cap with --max-path-steps");
  }

 private:
  double cap_, total_ = 0.0;
  std::string parts_;
};

}  // namespace sgdsde::catalogue
