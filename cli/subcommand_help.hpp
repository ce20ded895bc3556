#pragma once
// `sgdsde --help` lists each subcommand on one line; the subcommand's own --help keeps its whole
// description (problem catalogue, method notes) as a footer under its options.
#include <CLI/CLI.hpp>

#include <map>
#include <stdexcept>
#include <string>

namespace sgdsde::cli {

inline void one_line_per_subcommand(CLI::App& app, const std::map<std::string, std::string>& summaries) {
  for (CLI::App* sub : app.get_subcommands({})) {
    const auto it = summaries.find(sub->get_name());
    if (it == summaries.end()) throw std::logic_error("no one-line summary for subcommand " + sub->get_name());
    sub->footer("\n" + sub->get_description());
    sub->description(it->second);
  }
}

}  // namespace sgdsde::cli
