#pragma once
// A word the command line does not know, named with the nearest one it does: `sgdsde frobnicate`
// (a subcommand) and `sgdsde sgd --stpes 3` (an option), instead of CLI11's "A subcommand is
// required" or "The following argument was not expected".
#include <sgdsde/sde/nearest_name.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sgdsde::cli {

// argv[1] when it is neither an option nor a subcommand: the message; otherwise nothing.
inline std::optional<std::string> unknown_subcommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  const std::string typed = argv[1];
  std::vector<std::string> names;
  std::string listed;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == typed) return std::nullopt;
    names.push_back(sub->get_name());
    listed += (listed.empty() ? "" : ", ") + sub->get_name();
  }
  return "unknown subcommand '" + typed + "'" + sde::did_you_mean(typed, names) + "; the subcommands: " + listed +
         " (sgdsde --help says what each does)";
}

// After CLI::ExtrasError: the first unexpected option of the selected subcommand, with the nearest of
// its options; nothing when the extras are not options (CLI11's message says it then).
inline std::optional<std::string> unknown_option(const CLI::App& app) {
  const std::vector<CLI::App*> selected = app.get_subcommands();
  if (selected.empty()) return std::nullopt;
  const CLI::App* sub = selected.front();
  for (const std::string& extra : app.remaining(true)) {
    if (extra.size() < 2 || extra[0] != '-') continue;
    const std::string typed = extra.substr(0, extra.find('='));
    std::vector<std::string> names;
    for (const CLI::Option* o : sub->get_options()) {
      for (const auto& l : o->get_lnames()) names.push_back("--" + l);
      for (const auto& s : o->get_snames()) names.push_back("-" + s);
    }
    return "sgdsde " + sub->get_name() + ": unknown option '" + typed + "'" + sde::did_you_mean(typed, names) +
           "; 'sgdsde " + sub->get_name() + " --help' lists its options";
  }
  return std::nullopt;
}

}  // namespace sgdsde::cli
