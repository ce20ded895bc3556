// The figure book: renders every figure of the toolkit with gnuplot. Each figure gets a directory
// with its CSVs, its gnuplot script, the PNG and SVG, and a metadata JSON (seed, parameters, every
// sgdsde command run, version, git revision, wall time). Same seed ⇒ the same CSVs, bit for bit.
#include <sgdsde/figures/figure_book.hpp>

#include "figure_recipe.hpp"

#include <sgdsde/io/child_process.hpp>
#include <sgdsde/io/output_files.hpp>

#include <sgdsde_git_revision.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <iostream>
#include <limits.h>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::figures {

using io::child_result;
using io::run_child;
using io::write_output_file;

// --- figure_context -------------------------------------------------------------------------------

namespace {
std::string join_command(const std::vector<std::string>& args) {
  std::string s = "sgdsde";
  for (const auto& a : args) s += " " + a;
  return s;
}
}  // namespace

bool figure_context::sgdsde_may_fail(const std::vector<std::string>& given, std::string* out, std::string* message) {
  static const std::set<std::string> threaded{"sgd", "sme", "weak-error", "convergence", "stationary", "escape"};
  std::vector<std::string> args = given;
  const bool exact_svag = std::find(args.begin(), args.end(), "--svag-l") != args.end();  // moment recursions: no ensemble
  if (threads_ > 0 && !args.empty() && threaded.count(args[0]) && !exact_svag)
    args.insert(args.end(), {"--threads", std::to_string(threads_)});
  std::vector<std::string> argv{self_};
  argv.insert(argv.end(), args.begin(), args.end());
  commands_.push_back(join_command(args));
  const child_result r = run_child(argv, dir_);
  if (r.exit_code == 0) {
    if (out) *out = r.out;
    return true;
  }
  if (r.exit_code == 1) {
    if (message) *message = r.err;
    return false;
  }
  throw std::runtime_error("`" + join_command(args) + "` failed (exit " + std::to_string(r.exit_code) + "): " + r.err);
}

std::string figure_context::sgdsde(const std::vector<std::string>& args) {
  std::string out, message;
  if (!sgdsde_may_fail(args, &out, &message))
    throw std::runtime_error("`" + join_command(args) + "` failed: " + message);
  return out;
}

void figure_context::write(const std::string& name, const std::string& contents) {
  write_output_file(dir_ + "/" + name, contents);
  files_.push_back(name);
}

// --- the command ----------------------------------------------------------------------------------

namespace {

std::string self_path() {
  char buffer[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n <= 0) throw std::runtime_error("cannot find the sgdsde executable (/proc/self/exe)");
  return std::string(buffer, std::size_t(n));
}

void make_directory(const std::string& path) {
  std::string partial;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || (path[i] == '/' && i > 0)) {
      partial = path.substr(0, i);
      if (::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
        throw std::invalid_argument("--out: cannot create directory " + partial + ": " + std::strerror(errno));
    }
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) throw std::invalid_argument("--out: " + path + " is not a directory");
}

void require_gnuplot() {
  child_result r;
  try {
    r = run_child({"gnuplot", "--version"}, "");
  } catch (const std::exception&) {
    r.exit_code = 127;
  }
  if (r.exit_code != 0)
    throw std::runtime_error("gnuplot is not installed; run scripts/install-deps.sh (Debian package gnuplot-nox)");
}

// Renders the script to NAME.png and NAME.svg in the figure's directory, each atomically.
void render(const figure_recipe& recipe, const std::string& dir) {
  const std::string size = std::to_string(recipe.width) + "," + std::to_string(recipe.height);
  for (const std::string ext : {"png", "svg"}) {
    const std::string terminal = ext == "png" ? "pngcairo size " + size + " enhanced font 'DejaVu Sans,11'"
                                              : "svg size " + size + " enhanced font 'DejaVu Sans,11' background '#ffffff'";
    const std::string target = recipe.name + "." + ext;
    const std::string temp_name = ".sgdsde-" + std::to_string(::getpid()) + "-" + ext + ".tmp";
    io::interruption::temporary_file temp(dir + "/" + temp_name);
    const child_result r =
        run_child({"gnuplot", "-e", "set terminal " + terminal + "; set output '" + temp_name + "'", recipe.name + ".gp"}, dir);
    if (r.exit_code != 0) throw std::runtime_error("gnuplot failed on " + dir + "/" + recipe.name + ".gp: " + r.err);
    if (std::rename(temp.path().c_str(), (dir + "/" + target).c_str()) != 0)
      throw std::runtime_error("cannot rename " + temp.path() + " to " + target + ": " + std::strerror(errno));
    temp.keep();
  }
}

std::string script_header(const figure_recipe& recipe, const figure_context& ctx) {
  return "# " + recipe.title + "\n"
         "# Drawn by `sgdsde figures" + std::string(ctx.quick() ? " --quick" : "") + " --seed " + std::to_string(ctx.seed()) +
         " --only " + recipe.name + "` from the CSVs in this directory.\n"
         "# Restyle and redraw: gnuplot -e \"set terminal pngcairo size " + std::to_string(recipe.width) + "," +
         std::to_string(recipe.height) + "; set output 'mine.png'\" " + recipe.name + ".gp\n"
         "set datafile separator ','\n"
         "set datafile columnheaders\n"
         "set datafile missing 'nan'\n";
}

}  // namespace

void run_figures(const figures_settings& s) {
  const auto& recipes = figure_recipes();
  if (s.list) {
    for (const auto& r : recipes) std::cout << r.name << "  " << r.title << "\n";
    return;
  }
  if (s.out.empty()) throw std::invalid_argument("--out DIR is required (the directory the figures are written to)");
  std::set<std::string> known;
  for (const auto& r : recipes) known.insert(r.name);
  for (const auto& name : s.only)
    if (!known.count(name)) {
      std::string names;
      for (const auto& r : recipes) names += " " + r.name;
      throw std::invalid_argument("--only: unknown figure '" + name + "'; figures are:" + names);
    }
  require_gnuplot();
  make_directory(s.out);
  const std::string self = self_path();
  const bool tty = ::isatty(2);
  std::size_t todo = 0, done = 0;
  for (const auto& r : recipes) todo += s.only.empty() || std::count(s.only.begin(), s.only.end(), r.name);
  const auto all_start = std::chrono::steady_clock::now();
  for (const auto& recipe : recipes) {
    if (!s.only.empty() && !std::count(s.only.begin(), s.only.end(), recipe.name)) continue;
    const std::string dir = s.out + "/" + recipe.name;
    make_directory(dir);
    if (tty) std::cerr << "[" << done + 1 << "/" << todo << "] " << recipe.name << " ..." << std::flush;
    const auto start = std::chrono::steady_clock::now();
    figure_context ctx(dir, self, s.seed, s.quick, s.threads);
    const std::string script = script_header(recipe, ctx) + recipe.make(ctx);
    ctx.write(recipe.name + ".gp", script);
    render(recipe, dir);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json meta = {{"figure", recipe.name},
                           {"title", recipe.title},
                           {"claim", recipe.claim},
                           {"seed", s.seed},
                           {"quick", s.quick},
                           {"parameters", ctx.parameters()},
                           {"commands", ctx.commands()},
                           {"files", ctx.files()},
                           {"images", {recipe.name + ".png", recipe.name + ".svg"}},
                           {"version", SGDSDE_VERSION},
                           {"git_revision", SGDSDE_GIT_REVISION},
                           {"wall_seconds", wall}};
    write_output_file(dir + "/" + recipe.name + ".json", meta.dump(2) + "\n");
    ++done;
    if (tty) std::cerr << " " << wall << " s\n";
    std::printf("%-18s %7.1f s  %s/%s.png\n", recipe.name.c_str(), wall, dir.c_str(), recipe.name.c_str());
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - all_start).count();
  std::printf("%zu figure(s) in %.1f s under %s\n", done, total, s.out.c_str());
}

}  // namespace sgdsde::figures
