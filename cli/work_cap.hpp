#pragma once
// --max-path-steps: the cap on the work a command does unasked (the catalogue's studies count the work
// in path-steps, catalogue/work_plan.hpp, and refuse a run beyond the cap up front, with the numbers).
#include "option_checks.hpp"

#include <sgdsde/catalogue/work_plan.hpp>

#include <CLI/CLI.hpp>

namespace sgdsde::cli {

using catalogue::default_max_path_steps;

inline CLI::Option* add_work_cap_option(CLI::App* cmd, double& cap) {
  return cmd->add_option("--max-path-steps", cap, catalogue::work_cap_help)
      ->capture_default_str()
      ->check(real_in(1, catalogue::limits::max_path_steps));
}

}  // namespace sgdsde::cli
