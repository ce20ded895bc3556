#pragma once
// `sgd` and `sme` on a catalogue problem, or on a user's objective given at run time: the request
// (run_request.hpp) resolved for the problem's n, the work and the records' memory checked
// against their caps up front, the ensemble run.
#include <sgdsde/analysis/ensemble_run.hpp>
#include <sgdsde/catalogue/run_request.hpp>
#include <sgdsde/catalogue/study_request.hpp>

#include <memory>
#include <string>

namespace sgdsde::sgd {
class batched_finite_sum;
}  // namespace sgdsde::sgd

namespace sgdsde::catalogue {

struct ensemble_request : study_request {
  // A user's objective (sgd/batched_finite_sum.hpp) instead of a catalogue problem: then the problem's
  // only parameter read is x0 (default 0), and any other given is refused.
  std::shared_ptr<const sgd::batched_finite_sum> objective;
  catalogue::run_request run;  // run.keep_paths: runs whose iterates are kept (and counted as work)
  // The Hessian's spectrum at the ensemble's final mean (one full Hessian: O(n d^2) on a data set, plus
  // O(d^3) for the eigenvalues), in the document ("hessian") and the report.
  bool hessian_spectrum = false;
};

struct ensemble_outcome : study_outcome {
  catalogue::run_request::resolved plan;
  analysis::ensemble_run_result result;
  int d = 0;
};

// engine: "sgd" or "sme". The document is run_request::document's (and "hessian" when asked).
ensemble_outcome run_ensemble(const std::string& engine, const ensemble_request& request);

}  // namespace sgdsde::catalogue
