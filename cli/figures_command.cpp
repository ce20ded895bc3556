// `sgdsde figures`: the figure book's options (figure_book/).
#include "commands.hpp"
#include "option_checks.hpp"

#include <sgdsde/figures/figure_book.hpp>

#include <memory>

namespace sgdsde::cli {

void register_figures(CLI::App& app) {
  auto s = std::make_shared<figures::figures_settings>();
  auto* cmd = app.add_subcommand("figures",
                                 "Render every figure (PNG and SVG, with gnuplot) with its CSV data, gnuplot script and\n"
                                 "metadata JSON, one directory per figure under --out. Same seed: the same CSVs, bit for bit.");
  cmd->add_option("--out,-o", s->out, "Output directory (created if missing)");
  cmd->add_option("--only", s->only, "Render only these figures (comma-separated names; see --list)")->delimiter(',');
  cmd->add_flag("--quick", s->quick, "Reduced sizes (the CI check; about 2 minutes on 2 cores)");
  add_integer_option(cmd, "--seed", s->seed, 0, limits::seed, "Seed of every run")->capture_default_str();
  add_integer_option(cmd, "--threads", s->threads, 0, limits::threads,
                     "Worker threads of each run (0 = all cores); the figures do not depend on it")
      ->capture_default_str();
  cmd->add_flag("--list", s->list, "List the figures and exit");
  cmd->callback([s] { figures::run_figures(*s); });
}

}  // namespace sgdsde::cli
