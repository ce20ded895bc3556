#pragma once
// Strict option values, so that a typo never becomes a default, a wrapped negative or an endless run:
// - integers are decimal digits only (no sign, no 0x, no blanks) within a range the message names;
// - reals are one whole finite double (nan never; inf only where an option says so; 1e400 is
//   out of range rather than inf);
// - no value may be empty: `--steps ''` is an error, not the default.
// check_every_value() applies the last two rules to every option of every subcommand and refuses
// (std::logic_error, at start-up) an integer option registered without a range.
#include <sgdsde/io/output_files.hpp>
#include <sgdsde/io/output_format.hpp>
#include <sgdsde/catalogue/work_plan.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace sgdsde::cli {

// The commands write through the front ends' output layer (io/: number formats, atomic files, signals).
using namespace io;

// Adds an integer option (any unsigned or signed integer type, or a vector of them) taking values in
// [lo, hi]; the help text gets the range appended.
template <class T>
CLI::Option* add_integer_option(CLI::App* cmd, const std::string& name, T& value, std::uint64_t lo, std::uint64_t hi,
                                const std::string& help);

// Marks a real option as accepting inf (e.g. --bound, whose default is "no bound").
CLI::Option* accept_infinity(CLI::Option* option);

// The rules above for every option of app's subcommands; main calls it after registration.
void check_every_value(CLI::App& app);


// A real number > 0 (the message quotes what was typed).
CLI::Validator positive_real();

// A real number in [lo, hi] (open at an end when the flag says so), e.g. a problem parameter kept
// where the built-in problems' numerics hold.
CLI::Validator real_in(double lo, double hi, bool lo_open = false, bool hi_open = false);

// One of the given words; the message quotes what was typed and lists the choices.
CLI::Validator one_of(const std::vector<std::string>& choices);

// Adds an output-file option whose target is checked (io::why_not_writable) when the command line is
// parsed, before any computation.
CLI::Option* add_output_file_option(CLI::App* cmd, const std::string& name, std::string& path, const std::string& help);

// The validator behind add_integer_option, exposed for its own use.
CLI::Validator integer_in(std::uint64_t lo, std::uint64_t hi);

template <class T>
CLI::Option* add_integer_option(CLI::App* cmd, const std::string& name, T& value, std::uint64_t lo, std::uint64_t hi,
                                const std::string& help) {
  // transform, not check: the validator rewrites "010" as "10" (CLI11 would read it as octal).
  return cmd->add_option(name, value, help + " [" + std::to_string(lo) + ", " + std::to_string(hi) + "]")
      ->transform(integer_in(lo, hi));
}

}  // namespace sgdsde::cli

namespace sgdsde::cli::limits {
// Ranges of the integer options: the catalogue studies' (threads, runs, steps, substeps, batch,
// record_bytes), each far beyond what a run can use; the work itself is capped separately
// (work_cap.hpp), in path-steps. The data's cap is the problem catalogue's, catalogue::problem_limits.
using namespace catalogue::limits;
constexpr std::uint64_t seed = std::numeric_limits<std::uint64_t>::max();
}  // namespace sgdsde::cli::limits
