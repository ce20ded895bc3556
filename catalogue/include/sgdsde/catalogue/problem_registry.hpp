#pragma once
// The built-in problems as the front ends see them, without their objectives: the parameters (each
// declared once: option and keyword, the field it sets, range, help, and which problems read it),
// the problems' names and help, their JSON, and the checks made before anything is built. The CLI's
// options, the Python keywords, `--help`, `sgdsde help problems` and the tests all read these tables.
// Light on purpose (front ends include it); the definitions iterate the problem list of
// problem_catalog.hpp in problem_registry.cpp, compiled once.
#include <sgdsde/catalogue/option_schema.hpp>
#include <sgdsde/catalogue/problem_settings.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sgdsde::catalogue {

// A parameter: its option and keyword, field, help, range, and which problems read it.
using problem_parameter = option_row<problem_settings>;

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
