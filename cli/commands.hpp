#pragma once
// The sgdsde subcommands: each registers its options on the app and runs when selected.
#include <CLI/CLI.hpp>

namespace sgdsde::cli {

// `sgdsde convergence`: strong and weak orders of Euler–Maruyama and Milstein.
void register_convergence(CLI::App& app);

// `sgdsde sgd`: the exact SGD simulator on a built-in problem or a CSV data set.
void register_sgd(CLI::App& app);

// `sgdsde sme`: the stochastic modified equation of the same run, same output shape.
void register_sme(CLI::App& app);

// `sgdsde weak-error`: the SME's weak error against SGD over η, exact or Monte Carlo.
void register_weak_error(CLI::App& app);

// `sgdsde gibbs`: Gibbs versus non-Gibbs stationary laws, with the probability current.
void register_gibbs(CLI::App& app);

// `sgdsde stationary`: long-time laws against the exact Fokker–Planck and Gibbs densities.
void register_stationary(CLI::App& app);

// `sgdsde escape`: mean first-passage times out of a well, SGD and SDE against quadrature and Kramers.
void register_escape(CLI::App& app);

// `sgdsde figures`: every figure (PNG, SVG) with its CSVs, gnuplot script and metadata.
void register_figures(CLI::App& app);

// `sgdsde help [TOPIC]`: the problem, integrator and schedule catalogues, or a subcommand's help.
void register_help(CLI::App& app);

}  // namespace sgdsde::cli
