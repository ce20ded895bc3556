#pragma once
// The stationary study: the long-time law of SGD and of its SME (each chosen integrator, paired by
// sgd::pair_with_sme, so any sampler's c enters the noise) at a constant rate η.
//   d = 1  the law from an ensemble at T = steps·η (final states) or from long chains time-averaged
//          after a burn-in (batch-means error bars, autocorrelation time), binned and compared with the
//          SME's exact Fokker–Planck density and the best-fit Gibbs density (stationary_reference.hpp):
//          TV, Hellinger, KL, W1, binned KS and its p-value, the largest per-bin z; an ensemble adds
//          Hill's tail index from its largest |x|; population random-feature regression adds the exact
//          tail indices (SGD's Kesten index, the SME's 1 + B/η; tail_index.hpp).
//   d > 1  ensembles at T: each method's mean and covariance against the exact moments at T where the
//          per-sample gradients are affine (SGD's moment recursion, the SME's moment equation;
//          d ≤ exact_moments_max_dim, independent minibatches), and the sliced W1 of each SME cloud
//          to SGD's.
// A method that diverges is reported with its message; the others still run.
#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/any_objective.hpp>
#include <sgdsde/analysis/distances.hpp>
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/json_eigen.hpp>
#include <sgdsde/analysis/stationary/stationary_reference.hpp>
#include <sgdsde/analysis/stationary/stationary_study_result.hpp>
#include <sgdsde/analysis/tail_index.hpp>
#include <sgdsde/analysis/time_averaged_histogram.hpp>
#include <sgdsde/analysis/stationary/top_values.hpp>
#include <sgdsde/sde/histogram.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/paired_side.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sgdsde::analysis {

namespace detail {

// The final state's histogram (fine bins for the binned KS and W1) and its largest |x|.
class final_law {
 public:
  final_law(double lo, double hi, int bins, std::size_t k) : histogram_(lo, hi, bins), top_(k) {}
  template <class State> void observe(std::uint64_t, double, const State&) {}
  template <class State>
  void finish(const State& x, double) {
    histogram_.add(x[0]);
    top_.add(x[0]);
  }
  void merge(const final_law& o) {
    histogram_.merge(o.histogram_);
    top_.merge(o.top_);
  }
  const sde::histogram& counts() const { return histogram_; }
  const top_values& top() const { return top_; }

 private:
  sde::histogram histogram_;
  top_values top_;
};

// The final states of an ensemble, in path order (the sliced W1 needs the points): O(runs·d) memory.
class final_samples {
 public:
  explicit final_samples(int dim) : dim_(dim) {}
  template <class State> void observe(std::uint64_t, double, const State&) {}
  template <class State>
  void finish(const State& x, double) {
    for (int i = 0; i < dim_; ++i) values_.push_back(x[i]);
  }
  void merge(const final_samples& o) { values_.insert(values_.end(), o.values_.begin(), o.values_.end()); }
  Eigen::MatrixXd points() const {  // one row per path
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        values_.data(), Eigen::Index(values_.size()) / dim_, dim_);
  }

 private:
  int dim_;
  std::vector<double> values_;
};

// Bin probabilities of a histogram (mass outside the range counted in the total).
inline std::vector<double> bin_probabilities(const sde::histogram& h) {
  std::vector<double> p(h.counts().size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = double(h.counts()[i]) / double(h.total());
  return p;
}

inline std::vector<double> coarsen(const std::vector<double>& fine, std::size_t factor) {
  std::vector<double> out(fine.size() / factor, 0.0);
  for (std::size_t i = 0; i < out.size() * factor; ++i) out[i / factor] += fine[i];
  return out;
}

template <class Objective>
void run_multi_dimensional(const Objective& f, const sgd::vector& x0, const sgd::sgd_sme_pair& pair,
                           stationary_study_result& r) {
  const auto& o = r.options;
  const int d = f.dim();
  std::optional<moment_state> exact_sgd, exact_sme;
  r.exact_moments = "none (the per-sample gradients are not affine)";
  if constexpr (has_affine_model_v<Objective>) {
    if (!has_affine(f)) {
      // an erased objective holding one without an affine model: the message above stands
    } else if (d > exact_moments_max_dim) {  // the exact SME moments cost O(d⁶)
      r.exact_moments = "none (d > " + std::to_string(exact_moments_max_dim) + ")";
    } else if (o.sampler == sgd::sampling::reshuffling) {
      r.exact_moments = "none (reshuffled minibatches are not independent across steps)";
    } else {
      const auto model = affine_model(f);
      const auto schedule = sgd::learning_rate_schedule::constant(o.eta);
      exact_sgd = sgd_moments(model, x0, schedule, o.steps, o.batch, o.sampler).back();
      exact_sme = sme_moments(model, x0, schedule, o.steps, o.batch, o.sampler, 1).back();
      r.exact_moments = "SGD's moment recursion and the SME's moment equation";
    }
  }
  using law = sde::observer_set<sde::final_moments<>, final_samples>;
  const law prototype{sde::final_moments<>(d), final_samples(d)};
  Eigen::MatrixXd sgd_points;
  for (const std::string& method : o.methods()) {
    stationary_method_law m;
    m.method = method;
    try {
      const law out = sgd::simulate_side(method, f, pair, x0, prototype);
      const auto& moments = out.template get<0>().moments();
      m.mean = moments.mean();
      m.covariance = moments.covariance();
      const auto& exact = method == "sgd" ? exact_sgd : exact_sme;
      if (exact) {
        m.exact_covariance = exact->covariance();
        m.covariance_relative_error = (m.covariance - *m.exact_covariance).norm() / m.exact_covariance->norm();
        m.mean_error = (m.mean - exact->m).norm();
      }
      const Eigen::MatrixXd points = out.template get<1>().points();
      if (method == "sgd") sgd_points = points;
      else if (sgd_points.rows() > 0) m.sliced_w1_to_sgd = sliced_wasserstein1(points, sgd_points, 64, o.seed);
    } catch (const sde::divergence_error& e) {
      m.divergence = e.what();
    }
    r.methods.push_back(std::move(m));
  }
}

template <class Objective>
void run_one_dimensional(const Objective& f, const sgd::vector& x0, const sgd::sgd_sme_pair& pair,
                         stationary_study_result& r) {
  const auto& o = r.options;
  const double c_over_b = sgd::minibatch_noise_scale(o.sampler, f.size(), o.batch);
  auto drift = [&f](double x) { sgd::vector g; f.gradient(sgd::vector::Constant(1, x), g); return -g[0]; };
  // Σ(x) on the reference's grids (about 30,000 points): once where it is the same at every x (a finite
  // sample of the same n per point costs seconds under the sanitizers).
  auto noise_at = [&f](double x) { sgd::matrix S; f.gradient_covariance(sgd::vector::Constant(1, x), S); return S(0, 0); };
  const double constant_noise = sample_noise_is_constant(f) ? noise_at(x0[0]) : std::nan("");
  auto diffusion = [&](double x) { return o.eta * c_over_b * (std::isnan(constant_noise) ? noise_at(x) : constant_noise); };
  auto loss = [&f](double x) { return f.value(sgd::vector::Constant(1, x)); };
  r.reference = make_stationary_reference(drift, diffusion, loss, o.range, o.bins, o.fine_factor);
  const auto& ref = *r.reference;
  const int fine_bins = o.bins * o.fine_factor;
  const double width = (ref.hi - ref.lo) / o.bins;
  const std::size_t k = o.hill_k ? o.hill_k : std::max<std::uint64_t>(10, o.runs / 50);
  for (const std::string& method : o.methods()) {
    stationary_method_law m;
    m.method = method;
    const std::uint64_t per_step = method == "sgd" ? 1 : o.substeps;
    std::optional<sde::histogram> fine;
    std::vector<double> coarse, coarse_se, top;
    try {
      if (r.chains()) {
        using chain_law = sde::observer_set<time_averaged_histogram, time_averaged_histogram>;
        const auto law = sgd::simulate_side(
            method, f, pair, x0,
            chain_law(time_averaged_histogram(ref.lo, ref.hi, fine_bins, o.burn_in * per_step, o.steps * per_step),
                      time_averaged_histogram(ref.lo, ref.hi, o.bins, o.burn_in * per_step, o.steps * per_step)));
        const auto& c = law.template get<1>();
        fine = law.template get<0>().counts();
        for (int i = 0; i < o.bins; ++i) {
          coarse.push_back(c.probability(i));
          coarse_se.push_back(c.standard_error(i));
        }
        m.autocorrelation_time = c.autocorrelation_time() / double(per_step);
        m.batch_over_tau = double(c.batch_length()) / c.autocorrelation_time();
        m.effective_samples = c.effective_sample_size();
      } else {
        const auto law = sgd::simulate_side(method, f, pair, x0, final_law(ref.lo, ref.hi, fine_bins, k + 1));
        fine = law.counts();
        coarse = coarsen(bin_probabilities(law.counts()), o.fine_factor);
        const double n = double(law.counts().total());
        for (double p : coarse) coarse_se.push_back(std::sqrt(p * (1 - p) / n));  // binomial: independent runs
        m.effective_samples = n;
        top = law.top().values();
      }
    } catch (const sde::divergence_error& e) {
      m.divergence = e.what();
      r.methods.push_back(std::move(m));
      continue;
    }
    m.comparison = compare_with_reference(ref, bin_probabilities(*fine), coarse, coarse_se, m.effective_samples);
    m.outside_range = fine->underflow() + fine->overflow();
    for (std::size_t i = 0; i < coarse.size(); ++i) {
      m.density.push_back(coarse[i] / width);
      m.density_se.push_back(coarse_se[i] / width);
    }
    if (top.size() > 2) m.hill = hill_estimator(top, top.size() - 1);
    r.methods.push_back(std::move(m));
  }
  if (as<sgd::random_feature_regression>(f)) {  // population: with replacement
    r.sgd_tail_index_exact = sgd_tail_index_random_feature(o.eta, o.batch);
    r.sme_tail_index_exact = sme_tail_index_random_feature(o.eta, o.batch);
  }
}

}  // namespace detail

// f: any objective SGD runs on; x0: every path's start. Throws std::invalid_argument for invalid
// options (chains on d > 1, a sampler the data set does not allow, …).
template <class Objective>
stationary_study_result run_stationary_study(const Objective& f, const sgd::vector& x0, const stationary_study_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("stationary study: " + error);
  if (options.chains > 0 && f.dim() > 1)
    throw std::invalid_argument("stationary study: long chains are for 1-D problems; d > 1 uses ensembles");
  stationary_study_result r;
  r.options = options;
  r.dim = f.dim();
  auto run = sgd::constant_rate_run(options.eta, options.batch, options.sampler, options.steps, options.seed, options.ensemble);
  run.ensemble.n_paths = options.chains > 0 ? options.chains : options.runs;
  if (options.chains > 0) run.ensemble.chunk_size = 1;  // a chain is long: one per merge unit, so every core works
  const auto pair = sgd::pair_with_sme(run, 1, options.substeps, sgd::diffusion_form::covariance);
  if (f.dim() > 1) detail::run_multi_dimensional(f, x0, pair, r);
  else detail::run_one_dimensional(f, x0, pair, r);
  return r;
}

}  // namespace sgdsde::analysis
