#pragma once
// One figure of `sgdsde figures`: how its data is made (sgdsde subcommands, run as child processes so
// every number comes from a documented command the metadata records) and the gnuplot script that
// draws it from the CSVs written beside it.
#include <sgdsde/io/output_format.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sgdsde::figures {

class figure_context {
 public:
  // threads: passed as --threads to every subcommand that runs an ensemble (0 = all cores); the
  // results do not depend on it, which the CI check verifies.
  figure_context(std::string dir, std::string self, std::uint64_t seed, bool quick, int threads = 0)
      : dir_(std::move(dir)), self_(std::move(self)), seed_(seed), quick_(quick), threads_(threads) {}

  const std::string& dir() const { return dir_; }
  std::uint64_t seed() const { return seed_; }
  bool quick() const { return quick_; }
  // quick ? small : full — the figure's sizes at --quick and at default quality.
  template <class T>
  T size(T small, T full) const { return quick_ ? small : full; }

  // Runs `sgdsde args...` in the figure's directory and returns its standard output; a failure
  // throws with the command and its standard error.
  std::string sgdsde(const std::vector<std::string>& args);
  // As sgdsde(), but a run that stops with status 1 (e.g. SGD diverged) returns false and leaves
  // its message in *message instead of throwing.
  bool sgdsde_may_fail(const std::vector<std::string>& args, std::string* out, std::string* message);
  // Writes a file of the figure atomically and lists it in the metadata.
  void write(const std::string& name, const std::string& contents);
  // Records a file written by a subcommand (--csv) in the metadata.
  void note_file(const std::string& name) { files_.push_back(name); }

  nlohmann::json& parameters() { return parameters_; }
  const nlohmann::json& commands() const { return commands_; }
  const std::vector<std::string>& files() const { return files_; }

 private:
  std::string dir_, self_;
  std::uint64_t seed_;
  bool quick_;
  int threads_;
  nlohmann::json parameters_ = nlohmann::json::object();
  nlohmann::json commands_ = nlohmann::json::array();
  std::vector<std::string> files_;
};

struct figure_recipe {
  std::string name;   // --only NAME, and the directory and file stem
  std::string title;
  int width = 1200, height = 800;  // pixels of the PNG (the SVG uses the same size)
  // Makes the data (CSV files in ctx.dir()) and returns the gnuplot script that plots them.
  std::function<std::string(figure_context&)> make;
  // The figure's point in one sentence, stated in its metadata and checked from its CSVs by the
  // figure test (tests/figures/figures_quick.sh), so that a figure cannot quietly contradict it.
  std::string claim;
};

// Every figure, in the README's order.
const std::vector<figure_recipe>& figure_recipes();

}  // namespace sgdsde::figures
