#pragma once
// The problem catalogue's parameters (catalogue/problem_registry.hpp) as options of a subcommand:
// each registered from its row of the registry, with the registry's help, range and choices.
#include "option_checks.hpp"

#include <sgdsde/catalogue/problem_registry.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <type_traits>
#include <variant>

namespace sgdsde::cli {

using catalogue::problem_help;
using catalogue::problem_settings;

// data_target: register --target (a data file's target column); `escape` keeps --target for its level.
inline void add_problem_options(CLI::App* cmd, problem_settings& p, bool data_target = true) {
  p.given = [cmd, data_target](const std::string& option) {  // also asked of the command's own options
    const CLI::Option* o = cmd->get_option_no_throw(option);
    return o && o->count() > 0 && (data_target || option != "--target");
  };
  for (const auto& parameter : catalogue::problem_parameters()) {
    if (!data_target && std::string(parameter.option) == "--target") continue;
    std::visit(
        [&](auto member) {
          auto& value = p.*member;
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, bool>) {
            cmd->add_flag(parameter.option, value, parameter.help);
          } else if constexpr (std::is_integral_v<T>) {
            CLI::Option* o = add_integer_option(cmd, parameter.option, value, parameter.integers->lo, parameter.integers->hi, parameter.help);
            if (std::is_unsigned_v<T>) o->capture_default_str();  // the signed ones default to -1: the problem's own
          } else {
            CLI::Option* o = cmd->add_option(parameter.option, value, parameter.help);
            if constexpr (std::is_same_v<T, double>) o->capture_default_str();
            if constexpr (std::is_same_v<T, std::vector<double>>) o->delimiter(',');
            if (parameter.reals) o->check(real_in(parameter.reals->lo, parameter.reals->hi, parameter.reals->lo_open, parameter.reals->hi_open));
            if (!parameter.choices.empty()) o->capture_default_str()->check(one_of(parameter.choices));
          }
        },
        parameter.field);
  }
}

}  // namespace sgdsde::cli
