#pragma once
// The stationary study's options and result (stationary_study.hpp runs it): plain data, JSON and the
// brief report, without the integrators, so that a front end holding a result does not compile the
// study.
#include <sgdsde/analysis/json_eigen.hpp>
#include <sgdsde/analysis/stationary/stationary_reference.hpp>
#include <sgdsde/analysis/tail_index.hpp>
#include <sgdsde/sde/ensemble.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sgdsde::analysis {

struct stationary_study_options {
  double eta = 0.05;
  std::uint64_t steps = 1000;      // SGD steps to T = steps·η (ensembles), or each chain's length
  std::uint64_t chains = 0;        // > 0: this many long chains (d = 1), time-averaged after burn_in
  std::uint64_t burn_in = 0;       // chains: SGD steps discarded at the start
  std::uint64_t runs = 20000;      // ensemble size (chains = 0)
  std::size_t batch = 1;
  sgd::sampling sampler = sgd::sampling::with_replacement;
  std::uint64_t substeps = 4;      // SDE steps per SGD step
  std::uint64_t seed = 1;
  std::uint64_t hill_k = 0;        // order statistics for Hill (0: max(10, runs/50))
  int bins = 60;                   // coarse bins of the distances (fine bins: 20 per coarse bin)
  std::optional<std::pair<double, double>> range;  // default: the exact density's central 1 − 10⁻⁴
  std::vector<std::string> integrators;            // the SME's; empty: every registered one
  sde::ensemble_options ensemble;                  // threads and progress (n_paths is set from runs/chains)

  static constexpr int fine_factor = 20;

  // "sgd", then the chosen integrators in the registry's order.
  std::vector<std::string> methods() const {
    std::vector<std::string> names{"sgd"};
    for (const auto& n : sde::integrators::names())
      if (integrators.empty() || std::find(integrators.begin(), integrators.end(), n) != integrators.end())
        names.push_back(n);
    return names;
  }
  double horizon() const { return double(steps) * eta; }

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (!(eta > 0.0) || !std::isfinite(eta)) return fail("eta must be finite and > 0, got " + sde::short_number(eta));
    if (steps < 1) return fail("steps must be >= 1");
    if (chains > 0 && (burn_in >= steps || steps - burn_in < 16))
      return fail("the burn-in must leave at least 16 SGD steps of the horizon (one per batch)");
    if (chains == 0 && runs < 10) return fail("runs must be >= 10, got " + std::to_string(runs));
    if (batch < 1) return fail("batch must be >= 1");
    if (substeps < 1) return fail("substeps must be >= 1");
    if (bins < 2 || bins > 10000) return fail("bins must be in [2, 10000], got " + std::to_string(bins));
    if (range && !(range->first < range->second && std::isfinite(range->first) && std::isfinite(range->second)))
      return fail("the range needs finite lo < hi");
    for (const auto& n : integrators)
      if (!sde::integrators::contains(n)) return fail("unknown integrator '" + n + "'; valid: " + sde::integrators::names_text());
    return ensemble.is_valid(error);
  }
};

// One method's law, or the divergence that stopped it.
struct stationary_method_law {
  std::string method;
  std::string divergence;  // non-empty: the method diverged and nothing else is set
  // d = 1
  std::vector<double> density, density_se;  // coarse bin probabilities / width, and their standard errors
  binned_comparison comparison;
  std::uint64_t outside_range = 0;
  double effective_samples = std::nan("");
  double autocorrelation_time = std::nan(""), batch_over_tau = std::nan("");  // chains: τ in SGD steps
  std::optional<hill_result> hill;                                           // ensembles
  // d > 1
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  std::optional<Eigen::MatrixXd> exact_covariance;
  double covariance_relative_error = std::nan(""), mean_error = std::nan(""), sliced_w1_to_sgd = std::nan("");
};

struct stationary_study_result {
  stationary_study_options options;
  int dim = 1;
  std::optional<stationary_reference> reference;  // d = 1
  std::optional<double> sgd_tail_index_exact, sme_tail_index_exact;
  std::string exact_moments;                      // d > 1: which exact moments, or why none
  std::vector<stationary_method_law> methods;

  bool chains() const { return options.chains > 0; }
  // Bin centres of the d = 1 densities.
  std::vector<double> bin_centres() const {
    std::vector<double> x;
    const double w = (reference->hi - reference->lo) / options.bins;
    for (int i = 0; i < options.bins; ++i) x.push_back(reference->lo + (i + 0.5) * w);
    return x;
  }
  nlohmann::json to_json() const;
  std::string brief_report() const;
};

inline nlohmann::json stationary_study_result::to_json() const {
  const auto& o = options;
  nlohmann::json methods_json = nlohmann::json::array();
  for (const auto& m : methods) {
    nlohmann::json j = {{"method", m.method}};
    if (!m.divergence.empty()) {
      j["diverged"] = m.divergence;
    } else if (dim == 1) {
      const auto& c = m.comparison;
      j.update({{"outside_range", m.outside_range},
                {"total_variation", c.total_variation},
                {"hellinger", c.hellinger},
                {"kl", std::isfinite(c.kl.value) ? nlohmann::json(c.kl.value) : nlohmann::json("infinite")},
                {"kl_empty_exact_bins", c.kl.infinite_bins},
                {"wasserstein1", c.wasserstein1},
                {"ks_statistic", c.ks_statistic},
                {"ks_p_value", c.ks_p_value},
                {"max_bin_z", c.max_bin_z},
                {"effective_samples", m.effective_samples}});
      if (chains()) j.update({{"autocorrelation_time", m.autocorrelation_time}, {"batch_length_over_tau", m.batch_over_tau}});
      if (m.hill) j.update({{"hill_tail_index", m.hill->alpha}, {"hill_standard_error", m.hill->standard_error}, {"hill_k", m.hill->k}});
    } else {
      j["mean"] = json_vector(m.mean);
      j["covariance"] = json_matrix(m.covariance);
      if (m.exact_covariance) {
        j["exact_covariance"] = json_matrix(*m.exact_covariance);
        j["covariance_relative_error"] = m.covariance_relative_error;
        j["mean_error"] = m.mean_error;
      }
      if (std::isfinite(m.sliced_w1_to_sgd)) j["sliced_w1_to_sgd"] = m.sliced_w1_to_sgd;
    }
    methods_json.push_back(j);
  }
  nlohmann::json doc = {{"eta", o.eta}, {"batch", o.batch}, {"sampler", sgd::to_string(o.sampler)},
                        {"horizon", o.horizon()}, {"steps", o.steps}, {"mode", chains() ? "chains" : "ensemble"},
                        {"runs", chains() ? o.chains : o.runs}, {"substeps", o.substeps}, {"seed", o.seed}};
  if (dim == 1) {
    doc.update({{"range", {reference->lo, reference->hi}}, {"bins", o.bins},
                {"gibbs_temperature", reference->gibbs_temperature}, {"gibbs_residual_kl", reference->gibbs_residual_kl}});
    if (chains()) doc["burn_in"] = double(o.burn_in) * o.eta;
    if (sgd_tail_index_exact) doc["tail_index"] = {{"sgd_exact", *sgd_tail_index_exact}, {"sme_exact", *sme_tail_index_exact}};
  } else {
    doc["dim"] = dim;
    doc["exact_moments"] = exact_moments;
  }
  doc["methods"] = methods_json;
  return doc;
}

inline std::string stationary_study_result::brief_report() const {
  const auto& o = options;
  std::string out;
  auto diverged = [&](const stationary_method_law& m) {
    out += sde::formatted("%-16s diverged: %s\n", m.method.c_str(), m.divergence.c_str());
  };
  if (dim > 1) {
    out += sde::formatted("eta = %g, B = %zu (%s), T = %g, %llu runs, d = %d\n", o.eta, o.batch, sgd::to_string(o.sampler),
                          o.horizon(), static_cast<unsigned long long>(o.runs), dim);
    out += "exact moments at T: " + exact_moments + "\n\n";
    out += sde::formatted("%-16s %26s %14s %18s\n", "method", "|cov - exact|/|exact|", "|mean - exact|", "sliced W1 to SGD");
    auto cell = [](double v) { return std::isfinite(v) ? sde::formatted("%.4g", v) : std::string("-"); };
    for (const auto& m : methods) {
      if (!m.divergence.empty()) { diverged(m); continue; }
      out += sde::formatted("%-16s %26s %14s %18s\n", m.method.c_str(), cell(m.covariance_relative_error).c_str(),
                            cell(m.mean_error).c_str(), cell(m.sliced_w1_to_sgd).c_str());
    }
    return out;
  }
  const auto& ref = *reference;
  if (chains())
    out += sde::formatted("eta = %g, B = %zu (%s), %llu chains to T = %g, time-averaged after a burn-in of %g, range [%.4g, %.4g]\n",
                          o.eta, o.batch, sgd::to_string(o.sampler), static_cast<unsigned long long>(o.chains), o.horizon(),
                          double(o.burn_in) * o.eta, ref.lo, ref.hi);
  else
    out += sde::formatted("eta = %g, B = %zu (%s), T = %g, %llu runs, range [%.4g, %.4g]\n", o.eta, o.batch,
                          sgd::to_string(o.sampler), o.horizon(), static_cast<unsigned long long>(o.runs), ref.lo, ref.hi);
  out += sde::formatted("exact reference: the SME's Fokker-Planck density; best-fit Gibbs temperature %.5g (residual KL %.3e)\n\n",
                        ref.gibbs_temperature, ref.gibbs_residual_kl);
  out += sde::formatted("%-16s %10s %10s %12s %10s %10s %9s %s\n", "method", "TV", "Hellinger", "W1", "KS", "KS p", "max |z|",
                        chains() ? "tau (steps)" : "Hill alpha (se)");
  for (const auto& m : methods) {
    if (!m.divergence.empty()) { diverged(m); continue; }
    const auto& c = m.comparison;
    out += sde::formatted("%-16s %10.4f %10.4f %12.4e %10.4f %10.3g %9.2f", m.method.c_str(), c.total_variation, c.hellinger,
                          c.wasserstein1, c.ks_statistic, c.ks_p_value, c.max_bin_z);
    if (chains()) out += sde::formatted("   %.1f", m.autocorrelation_time);
    if (m.hill) out += sde::formatted("   %.3f (%.3f)", m.hill->alpha, m.hill->standard_error);
    out += "\n";
  }
  for (const auto& m : methods)
    if (m.batch_over_tau < 10)
      out += sde::formatted("%s: batches are only %.1f autocorrelation times long, so its error bars are unreliable: lengthen -T\n",
                            m.method.c_str(), m.batch_over_tau);
  if (sgd_tail_index_exact)
    out += sde::formatted("\nexact tail index: SGD (Kesten) %.4f, SME %.4f\n", *sgd_tail_index_exact, *sme_tail_index_exact);
  return out;
}

}  // namespace sgdsde::analysis
