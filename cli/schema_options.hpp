#pragma once
// A request's option rows (catalogue/option_schema.hpp) registered as a subcommand's options: each
// with the row's help, range or choices, and its default in --help where the row shows one.
#include "option_checks.hpp"

#include <sgdsde/catalogue/option_schema.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace sgdsde::cli {

// The rows that `command` takes, except those named in `skip`, bound to the fields of `settings`.
template <class Settings>
void add_schema_options(CLI::App* cmd, Settings& settings, const std::vector<catalogue::option_row<Settings>>& rows,
                        const std::string& command, const std::vector<std::string>& skip = {}) {
  for (const auto& row : rows) {
    if (!row.taken_by(command) || std::find(skip.begin(), skip.end(), row.option) != skip.end()) continue;
    const std::string name = std::string(row.option) + (row.short_name ? std::string(",") + row.short_name : "");
    std::visit(
        [&](auto field) {
          auto& value = field(settings);
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, bool>) {
            cmd->add_flag(name, value, row.help);
          } else if constexpr (std::is_integral_v<T> || std::is_same_v<T, std::vector<unsigned long>>) {
            if (!row.integers) throw std::logic_error(std::string(row.option) + " has no integer range");
            CLI::Option* o = add_integer_option(cmd, name, value, row.integers->lo, row.integers->hi, row.help);
            if constexpr (std::is_integral_v<T>) {
              if (row.show_default) o->capture_default_str();
            } else {
              o->delimiter(',');
            }
          } else {
            CLI::Option* o = cmd->add_option(name, value, row.help);
            constexpr bool numbers = std::is_same_v<T, std::vector<double>>;
            if constexpr (numbers) o->delimiter(',');  // lists of words are space-separated
            if constexpr (std::is_same_v<T, double>)
              if (row.show_default) o->capture_default_str();
            if constexpr (std::is_same_v<T, std::string> || numbers)
              if (row.show_default && !value.empty()) o->capture_default_str();
            if (row.reals) {
              const auto& r = *row.reals;
              o->check(r.lo == 0 && r.lo_open && std::isinf(r.hi) ? positive_real() : real_in(r.lo, r.hi, r.lo_open, r.hi_open));
            }
            if (!row.choices.empty()) o->check(one_of(row.choices));
            if (row.accepts_infinity) accept_infinity(o);
          }
        },
        row.field);
  }
}

}  // namespace sgdsde::cli
