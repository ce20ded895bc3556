#pragma once
// The figure book: every figure of the toolkit, made by documented sgdsde subcommands (run as child
// processes of the sgdsde executable, so the metadata records each command) and drawn by gnuplot.
#include <cstdint>
#include <string>
#include <vector>

namespace sgdsde::figures {

struct figures_settings {
  std::string out;                // the directory the figures are written to (created if missing)
  std::vector<std::string> only;  // render only these figures (empty: all)
  bool quick = false;             // reduced sizes (the CI check)
  bool list = false;              // print the figures' names and titles instead
  std::uint64_t seed = 1;
  int threads = 0;                // --threads of each subcommand (0 = all cores); the figures do not depend on it
};

// Renders the figures under s.out, printing a line per figure (std::invalid_argument for bad
// settings, std::runtime_error when a subcommand or gnuplot fails). Must run inside the sgdsde
// executable: the recipes run its subcommands.
void run_figures(const figures_settings& s);

}  // namespace sgdsde::figures
