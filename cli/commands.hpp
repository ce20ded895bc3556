#pragma once
// The sgdsde subcommands: each registers its options on the app and runs when selected.
#include <CLI/CLI.hpp>

namespace sgdsde::cli {

// `sgdsde convergence`: strong and weak orders of Euler–Maruyama and Milstein.
void register_convergence(CLI::App& app);

}  // namespace sgdsde::cli
