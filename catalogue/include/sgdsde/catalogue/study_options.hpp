#pragma once
// Each study's own options, one row each (option_schema.hpp): the CLI's `weak-error`, `stationary`,
// `gibbs`, `escape` and `convergence` options and the Python keywords of the functions of the same
// names come from these tables (a problem's parameters come from problem_registry.hpp).
#include <sgdsde/catalogue/option_schema.hpp>

#include <vector>

namespace sgdsde::catalogue {

struct weak_error_request;
struct stationary_request;
struct gibbs_request;
struct escape_request;
struct convergence_request;

const std::vector<option_row<weak_error_request>>& weak_error_options();
const std::vector<option_row<stationary_request>>& stationary_options();
const std::vector<option_row<gibbs_request>>& gibbs_options();
const std::vector<option_row<escape_request>>& escape_options();
const std::vector<option_row<convergence_request>>& convergence_options();

}  // namespace sgdsde::catalogue
