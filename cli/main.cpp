// sgdsde: the command-line face of the toolkit. Thin: parse, call the library, print.
// Exit status: 0 success, 1 a run failed (e.g. divergence, an output that could not be written),
// 2 bad usage. SIGINT/SIGTERM leave no temporary file behind (io/interruption.hpp).
#include "commands.hpp"
#include "option_checks.hpp"
#include "subcommand_help.hpp"
#include "usage_suggestions.hpp"

#include <sgdsde/io/interruption.hpp>

#include <exception>
#include <iostream>
#include <new>

int main(int argc, char** argv) {
  CLI::App app{"sgdsde: stochastic gradient descent beside its stochastic differential equation"};
  app.set_version_flag("--version", std::string("sgdsde ") + SGDSDE_VERSION);
  app.require_subcommand(1);
  sgdsde::cli::register_convergence(app);
  sgdsde::cli::register_sgd(app);
  sgdsde::cli::register_sme(app);
  sgdsde::cli::register_weak_error(app);
  sgdsde::cli::register_gibbs(app);
  sgdsde::cli::register_stationary(app);
  sgdsde::cli::register_escape(app);
  sgdsde::cli::register_figures(app);
  sgdsde::cli::register_help(app);
  sgdsde::cli::one_line_per_subcommand(
      app, {{"convergence", "Strong and weak orders of every integrator on SDEs with known solutions"},
            {"sgd", "Exact minibatch SGD (GD, momentum, averaging, injected noise) on a built-in problem or a CSV"},
            {"sme", "The stochastic modified equation (order 1 or 2) of the same run, by any integrator"},
            {"weak-error", "Finite-time weak error of the SME-1 and SME-2 against SGD over a sweep of eta"},
            {"gibbs", "Gibbs versus non-Gibbs: stationary covariances (exact in any d, or Gaussian beside SGD), current"},
            {"stationary", "Long-time laws of SGD and its SME against exact densities; tail indices"},
            {"escape", "Escape times of SGD and its SME from a well against quadrature and Kramers"},
            {"figures", "Regenerate every figure (CSVs, gnuplot scripts, PNGs)"},
            {"help", "The catalogues (help problems, help integrators, help schedules), or a subcommand's help"}});
  sgdsde::cli::check_every_value(app);
  sgdsde::io::interruption::install();
  if (const auto unknown = sgdsde::cli::unknown_subcommand(app, argc, argv)) {
    std::cerr << "sgdsde: " << *unknown << "\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
    sgdsde::io::finish_standard_output();
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    if (const auto unknown = sgdsde::cli::unknown_option(app)) std::cerr << *unknown << "\n";
    else app.exit(e);
    return 2;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "sgdsde: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "sgdsde: error: out of memory; make the run smaller (--n, --dim, --runs, --record-every)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "sgdsde: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
