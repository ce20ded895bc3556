#pragma once
// The options of an sgd/sme run (run_request.hpp), one row each: the CLI's `sgd`/`sme` options and
// the Python keywords of sgdsde.sgd/sgdsde.sme come from these rows, and so do the refusals of an
// option that only another choice reads ("--momentum is read only with --method momentum").
#include <sgdsde/catalogue/option_schema.hpp>

#include <string>
#include <vector>

namespace sgdsde::catalogue {

struct run_request;

using run_option = option_row<run_request>;

// Every option of a run, in the order `sgd --help` lists them; taken_by("sgd"/"sme") says which engine's.
const std::vector<run_option>& run_options();

// An option given that the request's other choices do not read is refused, naming the choice that would.
void refuse_unread_run_options(const run_request& r);

}  // namespace sgdsde::catalogue
