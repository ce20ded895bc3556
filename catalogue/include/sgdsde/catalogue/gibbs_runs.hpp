#pragma once
// `gibbs` on a catalogue problem: Gibbs versus non-Gibbs stationary laws of SGD and its SME on a 2-D
// quadratic with constant gradient noise (li_tai_e with two curvatures, non_commuting), with the
// probability current exact and estimated from one long trajectory.
#include <sgdsde/analysis/gibbs_study_result.hpp>
#include <sgdsde/catalogue/study_request.hpp>

#include <string>

namespace sgdsde::catalogue {

struct gibbs_request : study_request {
  gibbs_request() { problem.name = "non_commuting"; }
  analysis::gibbs_study_options study;  // its sampler is set from the name below
  std::string sampler = "with_replacement";
};

struct gibbs_outcome : study_outcome {
  analysis::gibbs_study_result result;
};

gibbs_outcome run_gibbs(const gibbs_request& request);

}  // namespace sgdsde::catalogue
