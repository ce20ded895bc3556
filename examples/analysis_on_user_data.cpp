// The analysis layer on your own numbers: a long chain of iterates from any code (your PyTorch run,
// a lab measurement) as a one-column CSV, and a table of errors against step sizes.
//   1. Mean with an honest error bar (batch means), the autocorrelation time and effective sample size.
//   2. The time-averaged histogram with per-bin error bars, against a reference density.
//   3. A Kolmogorov–Smirnov test against the reference law, on a chain thinned by 2τ.
//   4. A Hill estimate of the tail index.
//   5. An order fit of errors against step sizes, with its 95% interval.
// Run: build/bin/example_analysis_on_user_data [chain.csv]
// Without a file, it writes and then reads a demonstration chain: constant-step SGD on f(x) = x²/2 with
// N(0, 1) gradient noise, x' = (1 − η)x + ηξ, whose stationary law N(0, η/(2 − η)) and
// autocorrelation time (2 − η)/η are known, so each estimate can be checked against the truth.
#include <sgdsde/analysis/batch_means.hpp>
#include <sgdsde/analysis/distances.hpp>
#include <sgdsde/analysis/order_fit.hpp>
#include <sgdsde/analysis/tail_index.hpp>
#include <sgdsde/analysis/time_averaged_histogram.hpp>

#include <boost/math/distributions/normal.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace sgdsde;

// One number per line; a first line that is not a number is a header. Anything else is an error
// naming the line.
std::vector<double> read_column(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file);
  std::vector<double> values;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    char* end = nullptr;
    const double v = std::strtod(line.c_str(), &end);
    if (end == line.c_str() || !std::isfinite(v)) {
      if (number == 1) continue;
      throw std::runtime_error(file + ":" + std::to_string(number) + ": not a finite number: '" + line + "'");
    }
    values.push_back(v);
  }
  if (values.size() < 1000) throw std::runtime_error(file + ": need at least 1000 values, got " + std::to_string(values.size()));
  return values;
}

int main(int argc, char** argv) try {
  const double eta = 0.1;
  const bool demo = argc < 2;
  std::string file = demo ? "demo_chain.csv" : argv[1];
  if (demo) {
    std::ofstream out(file);
    out << "x\n";
    std::mt19937_64 gen(2026);
    std::normal_distribution<double> xi;
    double x = 3.0;  // far from equilibrium: the burn-in matters
    for (int k = 0; k < 400000; ++k) out << (x = (1 - eta) * x + eta * xi(gen)) << "\n";
  }
  const std::vector<double> chain = read_column(file);
  const std::size_t burn_in = chain.size() / 10;
  const double exact_sd = std::sqrt(eta / (2 - eta)), exact_tau = (2 - eta) / eta;
  std::printf("%s: %zu values, first %zu dropped as burn-in\n", file.c_str(), chain.size(), burn_in);

  // 1. Mean and autocorrelation by batch means.
  analysis::batch_means bm;
  for (std::size_t k = burn_in; k < chain.size(); ++k) bm.add(chain[k]);
  std::printf("\nmean %.5f +- %.5f (batch means, %zu batches of %llu)   sd %.5f\n", bm.mean(), bm.standard_error(), bm.batches(),
              (unsigned long long)bm.batch_length(), std::sqrt(bm.variance()));
  const double tau = bm.autocorrelation_time();
  std::printf("autocorrelation time %.1f steps, effective sample size %.0f\n", tau, double(bm.count()) / tau);
  if (demo) std::printf("  exact: mean 0, sd %.5f, autocorrelation time %.1f\n", exact_sd, exact_tau);

  // 2. Time-averaged histogram with per-bin error bars, against the reference N(0, sd²) (the demo's exact
  //    law; for your data, the density you want to compare with).
  const double lo = -4 * exact_sd, hi = 4 * exact_sd;
  const int bins = 16;
  analysis::time_averaged_histogram h(lo, hi, bins, burn_in, chain.size());
  for (std::size_t k = 0; k < chain.size(); ++k) h.observe(k + 1, 0.0, std::array<double, 1>{chain[k]});
  boost::math::normal_distribution<> reference(0.0, exact_sd);
  std::printf("\n%-10s %-22s %-10s %s\n", "bin centre", "probability (se)", "reference", "z");
  double max_z = 0;
  for (int i = 0; i < bins; ++i) {
    const double a = lo + (hi - lo) * i / bins, b = a + (hi - lo) / bins;
    const double ref = boost::math::cdf(reference, b) - boost::math::cdf(reference, a);
    const double z = (h.probability(i) - ref) / h.standard_error(i);
    max_z = std::max(max_z, std::abs(z));
    std::printf("%+.4f    %.5f (%.5f)      %.5f    %+.2f\n", 0.5 * (a + b), h.probability(i), h.standard_error(i), ref, z);
  }
  std::printf("largest |z| over %d bins: %.2f (about 2.9 is the 95%% level for 16 independent bins)\n", bins, max_z);

  // 3. KS test on a chain thinned to nearly independent draws (every 2τ-th value).
  const std::size_t thin = std::size_t(std::ceil(2 * tau));
  std::vector<double> thinned;
  for (std::size_t k = burn_in; k < chain.size(); k += thin) thinned.push_back(chain[k]);
  const auto ks = analysis::kolmogorov_smirnov(thinned, [&](double x) { return boost::math::cdf(reference, x); });
  std::printf("\nKS against the reference on %zu thinned values: D = %.4f, p = %.3f\n", thinned.size(), ks.statistic, ks.p_value);

  // 4. Tail index by Hill from the largest 2% of |x| (a Gaussian has no power tail: a large α).
  const auto hill = analysis::hill_estimator(thinned, std::max<std::size_t>(10, thinned.size() / 50));
  std::printf("Hill tail index from the top %zu |x|: %.2f +- %.2f\n", hill.k, hill.alpha, hill.standard_error);

  // 5. Your errors against step sizes (here: Euler's method on x' = -x at T = 1, |e^{-1} - (1-h)^{1/h}|).
  std::vector<double> h_values, errors;
  for (int k = 2; k <= 7; ++k) {
    const double step = std::ldexp(1.0, -k);
    h_values.push_back(step);
    errors.push_back(std::exp(-1.0) - std::pow(1 - step, 1 / step));
  }
  const auto fit = analysis::fit_order(h_values, errors);
  std::printf("\nOrder of the errors against the step: %.3f, 95%% CI [%.3f, %.3f] (Euler: 1)\n", fit.order, fit.ci_low, fit.ci_high);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "example_analysis_on_user_data: %s\n", e.what());
  return 1;
}
