#pragma once
// `gibbs` on a catalogue problem: Gibbs versus non-Gibbs stationary laws of SGD and its SME.
//   trajectory  a 2-D quadratic with constant gradient noise (li_tai_e with two curvatures,
//               non_commuting): exact covariances, and the probability current exact and estimated
//               from one long trajectory (gibbs_study.hpp);
//   exact       any problem with affine per-sample gradients in d <= 32 (least_squares, also on a
//               data file; li_tai_e; non_commuting), state-dependent noise included: the exact
//               stationary moments of both sides, no simulation (gibbs_exact.hpp);
//   gaussian    any problem with a strict minimum (logistic, also on a data file; the double well
//               from a start in a well): the Gaussian approximation at the minimizer beside an SGD
//               ensemble's stationary covariance (gibbs_gaussian.hpp).
// mode auto: trajectory where it applies, else exact where the gradients are affine, else gaussian.
#include <sgdsde/analysis/gibbs/gibbs_exact.hpp>
#include <sgdsde/analysis/gibbs/gibbs_gaussian_result.hpp>
#include <sgdsde/analysis/gibbs/gibbs_study_result.hpp>
#include <sgdsde/catalogue/study_request.hpp>

#include <optional>
#include <string>

namespace sgdsde::catalogue {

struct gibbs_request : study_request {
  gibbs_request() { problem.name = "non_commuting"; }
  analysis::gibbs_study_options study;  // its sampler is set from the name below
  std::string sampler = "with_replacement";
  std::string mode = "auto";  // auto | trajectory | exact | gaussian
  std::uint64_t runs = 32;    // gaussian: independent SGD chains
  unsigned threads = 0;       // gaussian: worker threads (0: all cores)
};

struct gibbs_outcome : study_outcome {
  std::string mode;                                        // trajectory | exact | gaussian
  analysis::gibbs_study_result result;                     // trajectory
  std::optional<analysis::gibbs_exact_result> exact;        // exact
  std::optional<analysis::gibbs_gaussian_result> gaussian;  // gaussian
};

gibbs_outcome run_gibbs(const gibbs_request& request);

}  // namespace sgdsde::catalogue
