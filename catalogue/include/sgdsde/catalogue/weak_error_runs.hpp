#pragma once
// `weak-error` on a catalogue problem: the SME-1 and SME-2 against SGD over eta = T/K (exact moment
// equations where the per-sample gradients are affine, Monte Carlo otherwise), or with svag_l SVAG(l)
// against the SME-1 (exact or Monte Carlo in the same way). The mode is resolved from the objective
// and the functional; options that the chosen mode would not read are refused.
#include <sgdsde/analysis/weak_error/svag_weak_error_result.hpp>
#include <sgdsde/analysis/weak_error/weak_error_study_result.hpp>
#include <sgdsde/catalogue/study_request.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sgdsde::catalogue {

struct weak_error_request : study_request {
  weak_error_request() { problem.name = "li_tai_e"; }
  analysis::weak_error_study_options study;  // its sampler and functional are set from the names below
  std::string functional = "loss";           // loss | second_moment | x<i> | fourth_moment | norm^p
  std::string sampler = "with_replacement";
  std::vector<double> svag_l;  // non-empty: SVAG(l) against the SME-1 at rate svag_eta
  double svag_eta = 0.1;
};

struct weak_error_outcome : study_outcome {
  std::string mode;                                        // exact | monte_carlo | svag_exact | svag_monte_carlo
  std::optional<analysis::weak_error_study_result> sweep;  // the SME against SGD
  std::optional<analysis::svag_weak_error_result> svag;    // SVAG(l) against the SME-1

  // Per eta: eta, steps, sgd, sgd_se, sme1, sme1_se, sme2, sme2_se, error1, error1_se, error2,
  // error2_se, and in the exact mode max_error1, max_time1, max_error2, max_time2 (the largest |error|
  // over 0 <= t <= T and where it is reached). SVAG, per l: l, steps, svag, svag_se, sme1, sme1_se,
  // error, error_se (standard errors 0 in the exact mode).
  study_table table() const;
};

weak_error_outcome run_weak_error(const weak_error_request& request);

}  // namespace sgdsde::catalogue
