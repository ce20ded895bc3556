#pragma once
// The exact references of a 1-D stationary law and the binned comparison of an estimated law with
// them (the stationary study's deterministic half):
//   range            given, or the central 1 − 10⁻⁴ of the exact density on [−50, 50] (0.01 steps)
//   Fokker–Planck    the SME's stationary density on the range (fokker_planck.hpp)
//   Gibbs            the best-fit temperature T* = argmin_T KL(Fokker–Planck ‖ Gibbs_T) over twelve
//                    decades around the noise's temperature at the range's centre (Brent on log T),
//                    with its residual KL: 0 iff the stationary law is Gibbs
//   comparison       total variation, Hellinger, KL on coarse bins; W1 and the binned Kolmogorov–
//                    Smirnov statistic on fine bins (the largest CDF gap at fine bin edges, resolution
//                    one fine bin), its p-value from the effective sample size, and the largest
//                    |estimate − exact|/se over the coarse bins.
#include <sgdsde/analysis/distances.hpp>
#include <sgdsde/analysis/fokker_planck.hpp>
#include <sgdsde/sde/text_format.hpp>

#include <boost/math/tools/minima.hpp>

#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sgdsde::analysis {

struct stationary_reference {
  double lo, hi;
  int bins, fine_bins;                  // coarse bins, and fine bins (bins × fine_factor)
  tabulated_density fokker_planck;      // the SME's exact stationary density on [lo, hi]
  double gibbs_temperature, gibbs_residual_kl;
  tabulated_density gibbs;              // exp(−f/T*) normalised on [lo, hi]
  std::vector<double> exact_fine, exact_coarse, gibbs_coarse;  // bin masses
};

// drift a(x), diffusion D(x) = b(x)² of the SME, loss f(x). fine_factor fine bins per coarse bin.
inline stationary_reference make_stationary_reference(const std::function<double(double)>& drift,
                                                      const std::function<double(double)>& diffusion,
                                                      const std::function<double(double)>& loss,
                                                      std::optional<std::pair<double, double>> range, int bins,
                                                      int fine_factor = 20) {
  if (bins < 2 || fine_factor < 1) throw std::invalid_argument("stationary reference: needs bins >= 2 and fine_factor >= 1");
  double lo = -50, hi = 50;
  if (range) {
    lo = range->first, hi = range->second;
    if (!(lo < hi)) throw std::invalid_argument("--range needs lo < hi");
  } else {
    const auto wide = fokker_planck_density(drift, diffusion, -50, 50, 200001);
    for (double t = -50; t < 50; t += 0.01)
      if (wide.cdf(t) > 5e-5) { lo = t; break; }
    for (double t = 50; t > -50; t -= 0.01)
      if (wide.cdf(t) < 1 - 5e-5) { hi = t; break; }
  }
  const int fine_bins = bins * fine_factor;
  auto fokker_planck = fokker_planck_density(drift, diffusion, lo, hi, 20001);
  auto exact_fine = fokker_planck.bin_masses(lo, hi, fine_bins);
  const tabulated_loss loss_table(loss, lo, hi, 20001);  // the search below reads it ~40 times
  auto kl_to_gibbs = [&](double log_t) {
    const auto g = gibbs_density(loss_table, std::exp(log_t)).bin_masses(lo, hi, fine_bins);
    return kl_divergence(exact_fine, g).value;
  };
  // Searched over twelve decades around the temperature of the noise at the window's centre.
  const double centre_temperature = 0.5 * diffusion(0.5 * (lo + hi));
  if (!(centre_temperature > 0.0) || !std::isfinite(centre_temperature))
    throw std::runtime_error("the noise at the window's centre is " + sde::short_number(centre_temperature) +
                             ": no Gibbs temperature to fit (is the noise zero?)");
  const double log_centre = std::log(centre_temperature);
  const auto best = boost::math::tools::brent_find_minima(kl_to_gibbs, log_centre - 6 * std::log(10.0),
                                                          log_centre + 6 * std::log(10.0), 40);
  if (!std::isfinite(best.second))
    throw std::runtime_error("no Gibbs density fits the Fokker-Planck density on [" + sde::short_number(lo) + ", " + sde::short_number(hi) +
                             "] (the residual KL is not finite); give a narrower --range");
  const double temperature = std::exp(best.first);
  auto gibbs = gibbs_density(loss_table, temperature);
  auto exact_coarse = fokker_planck.bin_masses(lo, hi, bins);
  auto gibbs_coarse = gibbs.bin_masses(lo, hi, bins);
  return stationary_reference{lo, hi, bins, fine_bins, std::move(fokker_planck), temperature, best.second,
                              std::move(gibbs), std::move(exact_fine), std::move(exact_coarse), std::move(gibbs_coarse)};
}

struct binned_comparison {
  double total_variation = 0, hellinger = 0, wasserstein1 = 0, ks_statistic = 0, ks_p_value = 0, max_bin_z = 0;
  kl_result kl;
};

// fine: the estimate's fine-bin probabilities; coarse, coarse_se: its coarse-bin probabilities and
// their standard errors; effective_samples: N (independent runs) or N/τ (chains).
inline binned_comparison compare_with_reference(const stationary_reference& ref, const std::vector<double>& fine,
                                                const std::vector<double>& coarse, const std::vector<double>& coarse_se,
                                                double effective_samples) {
  if (fine.size() != ref.exact_fine.size() || coarse.size() != ref.exact_coarse.size() || coarse_se.size() != coarse.size())
    throw std::invalid_argument("compare_with_reference: bin counts differ from the reference's");
  binned_comparison c;
  double F = 0, G = 0;
  for (std::size_t i = 0; i < fine.size(); ++i) {
    F += fine[i];
    G += ref.exact_fine[i];
    c.ks_statistic = std::max(c.ks_statistic, std::abs(F - G));
  }
  for (std::size_t i = 0; i < coarse.size(); ++i)
    if (coarse_se[i] > 0) c.max_bin_z = std::max(c.max_bin_z, std::abs(coarse[i] - ref.exact_coarse[i]) / coarse_se[i]);
  const double sn = std::sqrt(effective_samples);
  c.kl = kl_divergence(coarse, ref.exact_coarse);
  c.total_variation = total_variation(coarse, ref.exact_coarse);
  c.hellinger = hellinger(coarse, ref.exact_coarse);
  c.wasserstein1 = wasserstein1_binned(fine, ref.exact_fine, (ref.hi - ref.lo) / ref.fine_bins);
  c.ks_p_value = kolmogorov_survival((sn + 0.12 + 0.11 / sn) * c.ks_statistic);
  return c;
}

}  // namespace sgdsde::analysis
