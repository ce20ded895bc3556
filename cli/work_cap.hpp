#pragma once
// The work a command does unasked is capped, so that a typo (-T 1e300, --eta 1e-9) is refused up
// front with the numbers instead of running for years. Work is counted in path-steps: one step of
// one path of one method (an SGD step, or an SDE step including substeps), summed over every
// ensemble the command runs. The default cap, 1e11 path-steps, is tens of minutes to hours on one
// core for the built-in problems; --max-path-steps raises (or lowers) it.
#include "option_checks.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace sgdsde::cli {

constexpr double default_max_path_steps = 1e11;

inline CLI::Option* add_work_cap_option(CLI::App* cmd, double& cap) {
  return cmd->add_option("--max-path-steps", cap,
                         "Refuse runs needing more path-steps (paths x steps x substeps, all ensembles) than this")
      ->capture_default_str()
      ->check(real_in(1, 1e18));  // step counts (steps x substeps) then stay far inside 64 bits
}

// A step count from a real quotient (a horizon over a step size), checked before the cast: finite,
// and at most limits::steps; rounded, and at least at_least. what names the inputs ("-T / --eta").
inline std::uint64_t checked_step_count(double count, const std::string& what, std::uint64_t at_least = 1) {
  if (!std::isfinite(count) || count > double(limits::steps))
    throw std::invalid_argument(what + " asks for " + (std::isfinite(count) ? short_number(count) : "more than 1e308") +
                                " steps; at most " + short_number(double(limits::steps)) + " are possible");
  return std::max<std::uint64_t>(at_least, std::uint64_t(std::llround(count)));
}

class work_plan {
 public:
  explicit work_plan(double cap) : cap_(cap) {}
  // One ensemble: paths x steps_per_path path-steps, described as what ("SGD", "Euler-Maruyama").
  void add(const std::string& what, double paths, double steps_per_path) {
    const double work = paths * steps_per_path;
    total_ += work;
    parts_ += (parts_.empty() ? "" : " + ") + what + " " + short_number(paths) + " x " + short_number(steps_per_path);
  }
  // Usage error when the total exceeds the cap.
  void check() const {
    if (total_ > cap_)
      throw std::invalid_argument("this run needs " + short_number(total_) + " path-steps (" + parts_ +
                                  "), more than the cap of " + short_number(cap_) +
                                  "; reduce the work or raise the cap with --max-path-steps");
  }

 private:
  double cap_, total_ = 0.0;
  std::string parts_;
};

}  // namespace sgdsde::cli
