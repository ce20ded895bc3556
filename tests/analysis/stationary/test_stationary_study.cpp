#include <sgdsde/analysis/stationary/stationary_study.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>

#include <catch2/catch.hpp>

#include "sample_scale.hpp"

using namespace sgdsde;
using namespace sgdsde::analysis;

namespace {
// The 1-D Li–Tai–E quadratic f = ½hx² on n = 20 drawn samples: an OU SME whose stationary law is
// Gibbs at T = ηcΣ/(2B), Σ the samples' gradient variance and c the sampler's factor.
sgd::sampled_finite_sum<sgd::noisy_quadratic> one_dimensional_quadratic() {
  return sgd::sampled_finite_sum<sgd::noisy_quadratic>(sgd::li_tai_e_quadratic(sgd::matrix::Constant(1, 1, 1.0)), 20, 5);
}
}  // namespace

TEST_CASE("Stationary study, d = 1: the reference uses the sampler's c; the SME's laws match it within their errors",
          "[stationary_study][oracle]") {
  const auto f = one_dimensional_quadratic();
  stationary_study_options o;
  o.eta = 0.1;
  o.batch = 5;
  o.sampler = sgd::sampling::without_replacement;
  o.steps = 100;  // T = 10: the variance is within e^{-20} of its limit
  o.runs = testing::scaled(20000, 2000);
  o.substeps = 4;
  o.bins = 30;
  o.seed = 11;
  const auto r = run_stationary_study(f, sgd::vector::Zero(1), o);
  sgd::matrix S;
  f.gradient_covariance(sgd::vector::Zero(1), S);
  const double c = (20.0 - 5.0) / (20.0 - 1.0);
  // OU: the Fokker–Planck density is the Gibbs density at T = ηcΣ/(2B), residual KL ~ 0.
  CHECK(r.reference->gibbs_temperature == Approx(o.eta * c * S(0, 0) / (2.0 * o.batch)).epsilon(1e-5));
  CHECK(r.reference->gibbs_residual_kl < 1e-9);
  REQUIRE(r.methods.size() == 1 + sde::integrators::names().size());
  for (const auto& m : r.methods) {
    INFO(m.method << ": max |z| " << m.comparison.max_bin_z << ", KS p " << m.comparison.ks_p_value);
    REQUIRE(m.divergence.empty());
    CHECK(m.density.size() == 30);
    CHECK(m.hill.has_value());
    if (m.method == "sgd") continue;  // SGD's law differs from the SME's at O(η)
    // 30 bins, each within 4.5 standard errors (family-wise about 2e-4 by chance), and the binned KS
    // not rejecting at 1e-3; with c left out the variance would be 27% too large and both fail.
    CHECK(m.comparison.max_bin_z < 4.5);
    CHECK(m.comparison.ks_p_value > 1e-3);
  }
  // The densities integrate to the mass inside the range.
  double mass = 0;
  for (double p : r.methods[1].density) mass += p * (r.reference->hi - r.reference->lo) / o.bins;
  CHECK(mass == Approx(1.0).margin(1e-3));
  const auto j = r.to_json();
  CHECK(j["sampler"] == "without_replacement");
  CHECK(j["methods"][1]["ks_p_value"].get<double>() == r.methods[1].comparison.ks_p_value);
  CHECK(r.brief_report().find("best-fit Gibbs temperature") != std::string::npos);
}

TEST_CASE("Stationary study, d = 2: covariances at T against the exact moments with the sampler's c",
          "[stationary_study][oracle]") {
  const auto f = sgd::sampled_finite_sum<sgd::noisy_quadratic>(sgd::non_commuting_quadratic(1.0, 4.0, 0.6), 20, 3);
  stationary_study_options o;
  o.eta = 0.1;
  o.batch = 5;
  o.sampler = sgd::sampling::without_replacement;
  o.steps = 20;
  o.runs = testing::scaled(4000, 500);
  o.substeps = 8;  // measured errors 0.016-0.027 (sampling-dominated) against the tolerance 0.089
  o.seed = 3;
  const auto r = run_stationary_study(f, sgd::vector::Zero(2), o);
  CHECK(r.exact_moments == "SGD's moment recursion and the SME's moment equation");
  // The sample covariance of N runs has a relative standard error near √(2/N) (2.2% at N = 4000); the
  // tolerance is four of them. Leaving out c = 15/19 would make the exact covariance 27% larger (tolerance 8.9%).
  const double tolerance = 4 * std::sqrt(2.0 / double(o.runs));
  for (const auto& m : r.methods) {
    INFO(m.method << ": relative covariance error " << m.covariance_relative_error);
    REQUIRE(m.divergence.empty());
    CHECK(m.covariance_relative_error < tolerance);
    if (m.method != "sgd") CHECK(m.sliced_w1_to_sgd > 0);
  }
  CHECK(std::isnan(r.methods[0].sliced_w1_to_sgd));
  // Reshuffled batches are not independent: no exact moments, the ensembles still run.
  o.sampler = sgd::sampling::reshuffling;
  o.runs = 200;
  o.integrators = {"euler_maruyama"};
  const auto reshuffled = run_stationary_study(f, sgd::vector::Zero(2), o);
  CHECK(reshuffled.exact_moments.find("not independent") != std::string::npos);
  CHECK(reshuffled.methods.size() == 2);
  CHECK(std::isnan(reshuffled.methods[1].covariance_relative_error));
}

TEST_CASE("Stationary study: the same numbers for any thread count; chains; divergence; exact tail indices",
          "[stationary_study]") {
  const auto f = one_dimensional_quadratic();
  stationary_study_options o;
  o.eta = 0.1;
  o.steps = 200;
  o.runs = 300;
  o.bins = 20;
  o.sampler = sgd::sampling::reshuffling;
  o.batch = 4;
  o.ensemble.threads = 1;
  const auto one = run_stationary_study(f, sgd::vector::Zero(1), o).to_json();
  o.ensemble.threads = 2;
  CHECK(run_stationary_study(f, sgd::vector::Zero(1), o).to_json() == one);

  o.chains = 2;
  o.steps = 4000;
  o.burn_in = 400;
  o.integrators = {"milstein"};
  const auto chains = run_stationary_study(f, sgd::vector::Zero(1), o);
  CHECK(chains.to_json()["mode"] == "chains");
  for (const auto& m : chains.methods) {
    CHECK(m.autocorrelation_time > 0);
    CHECK(!m.hill.has_value());
  }

  // η = 2.5 > 2/h: SGD diverges and says where; the SME still has its law.
  o = stationary_study_options();
  o.eta = 2.5;
  o.steps = 1000;  // |1 − ηh|^K = 1.5^1000 passes the bound 1e30
  o.runs = 20;
  o.integrators = {"euler_maruyama"};
  const auto diverged = run_stationary_study(sgd::li_tai_e_quadratic(sgd::matrix::Constant(1, 1, 1.0)), sgd::vector::Zero(1), o);
  CHECK(diverged.methods[0].divergence.find("step") != std::string::npos);
  CHECK(diverged.methods[1].divergence.empty());
  CHECK(diverged.to_json()["methods"][0].contains("diverged"));

  // Random-feature regression: SGD's Kesten index and the SME's 1 + B/η.
  o = stationary_study_options();
  o.eta = 0.2;
  o.steps = 50;
  o.runs = 200;
  o.integrators = {"euler_maruyama"};
  const auto tails = run_stationary_study(sgd::random_feature_regression(), sgd::vector::Zero(1), o);
  CHECK(*tails.sme_tail_index_exact == Approx(6.0).epsilon(1e-12));
  CHECK(*tails.sgd_tail_index_exact == Approx(8.3026).margin(1e-3));
}

TEST_CASE("Stationary study: invalid options are refused with the parameter named", "[stationary_study][input]") {
  const auto f = one_dimensional_quadratic();
  stationary_study_options o;
  std::string why;
  o.eta = -1;
  CHECK(!o.is_valid(&why));
  CHECK(why.find("eta") != std::string::npos);
  o = stationary_study_options();
  o.chains = 2;
  o.steps = 100;
  o.burn_in = 90;
  CHECK_THROWS_WITH(run_stationary_study(f, sgd::vector::Zero(1), o), Catch::Contains("burn-in"));
  o = stationary_study_options();
  o.integrators = {"rk4"};
  CHECK_THROWS_WITH(run_stationary_study(f, sgd::vector::Zero(1), o), Catch::Contains("unknown integrator 'rk4'"));
  o = stationary_study_options();
  o.chains = 2;
  CHECK_THROWS_WITH(run_stationary_study(sgd::non_commuting_quadratic(), sgd::vector::Zero(2), o), Catch::Contains("1-D"));
  o = stationary_study_options();
  o.range = std::make_pair(1.0, 0.0);
  CHECK(!o.is_valid(&why));
  CHECK(why.find("range") != std::string::npos);
}
