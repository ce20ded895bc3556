#pragma once
// `escape` on a catalogue problem (1-D): mean first-passage times of SGD and of its SME from x0 to a
// target over a sweep of eta, beside the SME's exact value and Kramers' asymptotic. The study is
// planned first (the exact times fix each run's horizon), so its work is checked before any run.
// The start is the left well's bottom, -1, unless the problem's x0 is given.
#include <sgdsde/analysis/escape/escape_study_result.hpp>
#include <sgdsde/catalogue/study_request.hpp>

#include <string>

namespace sgdsde::catalogue {

struct escape_request : study_request {
  escape_request() { catalogue::default_to_mixing_double_well(problem); }
  analysis::escape_study_options study;  // its sampler, ensemble size and threads are set from below
  std::string sampler = "with_replacement";
  std::uint64_t runs = 2000;
  unsigned threads = 0;
};

struct escape_outcome : study_outcome {
  analysis::escape_study_result result;
  double x0 = 0;

  // Per eta: eta, temperature, exact, kramers, sgd, sgd_se, sgd_censored, <integrator>,
  // <integrator>_se, <integrator>_censored (mean first-passage times; censored: runs that had not
  // escaped by the horizon).
  study_table table() const;
};

escape_outcome run_escape(const escape_request& request);

}  // namespace sgdsde::catalogue
