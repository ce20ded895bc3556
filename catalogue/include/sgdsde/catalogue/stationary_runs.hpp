#pragma once
// `stationary` on a catalogue problem: the long-time laws of SGD and its SME (each chosen integrator)
// against the exact Fokker-Planck and best-fit Gibbs densities, from ensembles at a horizon or from
// long time-averaged chains (1-D). The start is 0 unless the problem's x0 is given (on the double
// well, the barrier's top: an ensemble not yet mixed between the wells is then not lopsided).
#include <sgdsde/analysis/stationary/stationary_study_result.hpp>
#include <sgdsde/catalogue/study_request.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sgdsde::catalogue {

struct stationary_request : study_request {
  stationary_request() { catalogue::default_to_mixing_double_well(problem); }
  analysis::stationary_study_options study;  // steps and burn_in are set from the times below
  std::optional<double> horizon;             // default 50 (ensembles) or 20000 (chains)
  std::optional<double> burn_in_time;        // chains; default a tenth of the horizon
  std::string sampler = "with_replacement";
  std::vector<double> range;  // empty, or lo, hi
  bool density_table = false;  // the caller writes the per-bin table (1-D only: refused up front otherwise)
};

struct stationary_outcome : study_outcome {
  analysis::stationary_study_result result;

  // Per bin (1-D): x (the bin's centre), then each method's density and its standard error
  // (sgd, sgd_se, <integrator>, <integrator>_se, ...), fokker_planck and gibbs (the exact densities).
  study_table table() const;
};

stationary_outcome run_stationary(const stationary_request& request);

}  // namespace sgdsde::catalogue
