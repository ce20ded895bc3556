#pragma once
// The problem catalogue's parameters (catalogue/problem_registry.hpp) as options of a subcommand.
#include "schema_options.hpp"

#include <sgdsde/catalogue/problem_registry.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace sgdsde::cli {

using catalogue::problem_help;
using catalogue::problem_settings;

// data_target: register --target (a data file's target column); `escape` keeps --target for its level.
inline void add_problem_options(CLI::App* cmd, problem_settings& p, bool data_target = true) {
  p.given = [cmd, data_target](const std::string& option) {  // also asked of the command's own options
    const CLI::Option* o = cmd->get_option_no_throw(option);
    return o && o->count() > 0 && (data_target || option != "--target");
  };
  add_schema_options(cmd, p, catalogue::problem_parameters(), cmd->get_name(),
                     data_target ? std::vector<std::string>{} : std::vector<std::string>{"--target"});
}

}  // namespace sgdsde::cli
