#pragma once
// The built-in problems as the front ends see them, without their objectives: the parameters (each
// declared once: option and keyword, the field it sets, range, help, and which problems read it),
// the problems' names and help, their JSON, and the checks made before anything is built. The CLI's
// options, the Python keywords, `--help`, `sgdsde help problems` and the tests all read these tables.
// Light on purpose (front ends include it); the definitions iterate the problem list of
// problem_catalog.hpp in problem_registry.cpp, compiled once.
#include <sgdsde/catalogue/problem_settings.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sgdsde::catalogue {

// Where a parameter's value lives in problem_settings.
using problem_field = std::variant<std::string problem_settings::*, bool problem_settings::*, int problem_settings::*,
                                   long long problem_settings::*, std::uint64_t problem_settings::*,
                                   double problem_settings::*, std::vector<double> problem_settings::*>;

// A real parameter's range (each value of a list), where the built-in problems' numerics hold.
struct real_range {
  double lo, hi;
  bool lo_open = false, hi_open = false;
  bool contains(double v) const { return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi); }
  std::string text() const;  // "[1e-06, 1e+06]", "(-1, 1)"
};

// An integer parameter's range; -1, where a field uses it, means "the problem's default" and is not checked.
struct integer_range {
  std::uint64_t lo, hi;
};

struct problem_parameter {
  const char* option;  // the CLI's spelling, "--tilt-sd"; Python's keyword is keyword(), "tilt_sd"
  problem_field field;
  const char* help;
  std::optional<real_range> reals;
  std::optional<integer_range> integers;
  std::vector<std::string> choices;               // the words a text parameter takes (empty: any)
  bool (*read)(const problem_settings&) = nullptr;  // who reads it; null: every problem
  const char* readers = "";                        // the same, in words, for the refusal

  std::string keyword() const;
  bool is_read_by(const problem_settings& p) const { return !read || read(p); }
};

// Every parameter, in the order the CLI lists them.
const std::vector<problem_parameter>& problem_parameters();
// The parameter spelled `option` ("--sigma") or keyword ("sigma"); std::logic_error if none is.
const problem_parameter& problem_parameter_named(const std::string& name);

// The names --problem accepts, in the registry's order.
const std::vector<std::string>& problem_names();
// Each problem with its formula and its parameters' defaults, for --help and `sgdsde help problems`.
std::string problem_help();
// d as the problem reads it: --dim or its default, or the problem's own (a --data file's is only
// known once it is read).
int problem_dimension(const problem_settings& p);
// The problem's parameters as a study's document reports them.
nlohmann::json problem_json(const problem_settings& p);

// A parameter given for a problem that never reads it is refused rather than ignored (e.g.
// `weak-error --data my.csv` would otherwise run the default problem on generated data); an unknown
// problem is refused with the valid names.
void refuse_unread_problem_options(const problem_settings& p);
// The ranges of the parameters the problem reads (the CLI's options check the same ranges when they
// are parsed; a front end without such checks, Python, gets them here), and the caps on generated
// data: std::invalid_argument naming the option, the value and the range.
void check_problem_values(const problem_settings& p);

}  // namespace sgdsde::catalogue
