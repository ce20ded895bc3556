// `sgdsde stationary`: the long-time law of SGD and of its SME (Euler–Maruyama and Milstein) on a 1-D
// problem, from ensembles at a large time T, against the exact stationary density of the SME
// (Fokker–Planck, by quadrature) and the best-fit Gibbs density; distances per method; for
// random_feature the tail indices (SGD's exact Kesten index, the SME's 1 + B/η, Hill estimates).
#include "commands.hpp"
#include "option_checks.hpp"
#include "output_files.hpp"
#include "matched_runs.hpp"
#include "progress.hpp"
#include "problem_catalog.hpp"
#include "work_cap.hpp"

#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/analysis/distances.hpp>
#include <sgdsde/analysis/exact_moments.hpp>
#include <sgdsde/analysis/stationary_reference.hpp>
#include <sgdsde/analysis/tail_index.hpp>
#include <sgdsde/analysis/time_averaged_histogram.hpp>
#include <sgdsde/analysis/top_values.hpp>
#include <sgdsde/sde/histogram.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace sgdsde::cli {
namespace {


struct stationary_settings {
  problem_settings problem;
  double eta = 0.05;
  std::optional<double> horizon;  // default 50 (ensembles) or 20000 (chains)
  std::uint64_t chains = 0;       // > 0: long chains, time-averaged after the burn-in
  std::optional<double> burn_in_time;  // default a tenth of the horizon
  std::size_t batch = 1;
  std::uint64_t runs = 20000, substeps = 4, seed = 1, hill_k = 0;
  unsigned threads = 0;
  int bins = 60;
  std::vector<double> range;
  std::vector<std::string> integrators;  // the SME's integrators; empty: every registered one
  bool json = false;
  std::string csv;
  double max_path_steps = default_max_path_steps;
};

// SGD, then the SME under each chosen integrator (by default every one of the registry).
std::vector<std::string> methods(const stationary_settings& s) {
  std::vector<std::string> names{"sgd"};
  for (const auto& n : sde::integrators::names())
    if (s.integrators.empty() || std::find(s.integrators.begin(), s.integrators.end(), n) != s.integrators.end())
      names.push_back(n);
  return names;
}

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
  const analysis::top_values& top() const { return top_; }

 private:
  sde::histogram histogram_;
  analysis::top_values top_;
};

// One method's stationary law, or the divergence that stopped it.
struct method_law {
  std::string name;
  std::optional<sde::histogram> fine;       // counts on the fine bins (KS, W1)
  std::vector<double> coarse, coarse_se;    // bin probabilities and their standard errors
  std::vector<double> top;                  // ensembles: the largest |x| (Hill)
  double autocorrelation_time = std::nan(""), effective_samples = std::nan("");
  double batch_over_tau = std::nan("");  // chains: batch-means error bars need this >> 1
  std::string divergence;
};

// Bin probabilities of a histogram (mass outside the range counted in the total).
std::vector<double> bin_probabilities(const sde::histogram& h) {
  std::vector<double> p(h.counts().size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = double(h.counts()[i]) / double(h.total());
  return p;
}

// Coarsens fine bins by an integer factor.
std::vector<double> coarsen(const std::vector<double>& fine, std::size_t factor) {
  std::vector<double> out(fine.size() / factor, 0.0);
  for (std::size_t i = 0; i < out.size() * factor; ++i) out[i / factor] += fine[i];
  return out;
}

// The final states of an ensemble, in path order (multi-D: the sliced W1 needs the points). Memory
// O(runs·d), the one observer here that keeps per-path data.
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

// d > 1: ensembles at time T; per method the mean and covariance against the exact moments at T
// (affine-gradient problems: SGD's moment recursion, the SME's moment equation), and the sliced W1 of
// each SDE method's cloud to SGD's.
template <class Objective>
void run_multi(const stationary_settings& s, const Objective& f, const sgd::vector& x0, std::uint64_t steps) {
  if (s.chains) throw std::invalid_argument("--chains: long chains are for 1-D problems; d > 1 uses ensembles");
  if (!s.csv.empty()) throw std::invalid_argument("--csv: the per-bin table is for 1-D problems; use --json for d > 1");
  const auto schedule = sgd::learning_rate_schedule::constant(s.eta);
  const int d = f.dim();
  using law = sde::observer_set<sde::final_moments<>, final_samples>;
  const law prototype{sde::final_moments<>(d), final_samples(d)};
  const progress_meter meter("stationary", int(methods(s).size()));
  sde::ensemble_options ensemble;
  ensemble.n_paths = s.runs;
  ensemble.threads = s.threads;
  ensemble.progress = meter.callback();
  const auto [o, so, sim] = match_runs(s.eta, s.batch, steps, s.substeps, s.seed, ensemble);
  const auto sme = sgd::make_sme(f, so);
  std::optional<analysis::moment_state> exact_sgd, exact_sme;
  if constexpr (analysis::has_affine_model_v<Objective>) {
    if (d <= analysis::exact_moments_max_dim) {  // beyond it the exact SME moments cost O(d⁶): ensembles only
      const auto model = analysis::affine_model(f);
      exact_sgd = analysis::sgd_moments(model, x0, schedule, steps, s.batch, sgd::sampling::with_replacement).back();
      exact_sme = analysis::sme_moments(model, x0, schedule, steps, s.batch, sgd::sampling::with_replacement, 1).back();
    }
  }
  auto matrix_json = [](const Eigen::MatrixXd& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
      rows.push_back(row);
    }
    return rows;
  };
  nlohmann::json results = nlohmann::json::array();
  Eigen::MatrixXd sgd_points;
  for (const std::string& method : methods(s)) {
    nlohmann::json r = {{"method", method}};
    try {
      const law out = method == "sgd" ? sgd::simulate_sgd(f, x0, o, prototype)
                                      : sde::integrators::visit(method, [&](auto scheme) {
                                          return sde::simulate_ensemble<decltype(scheme)::template stepper>(sme, x0, sim, prototype);
                                        });
      const auto& m = out.template get<0>().moments();
      const Eigen::MatrixXd C = m.covariance();
      r["mean"] = std::vector<double>(m.mean().data(), m.mean().data() + d);
      r["covariance"] = matrix_json(C);
      const auto& exact = method == "sgd" ? exact_sgd : exact_sme;
      if (exact) {
        const Eigen::MatrixXd E = exact->covariance();
        r["exact_covariance"] = matrix_json(E);
        r["covariance_relative_error"] = (C - E).norm() / E.norm();
        r["mean_error"] = (m.mean() - exact->m).norm();
      }
      const Eigen::MatrixXd points = out.template get<1>().points();
      if (method == "sgd") sgd_points = points;
      else if (sgd_points.rows() > 0) r["sliced_w1_to_sgd"] = analysis::sliced_wasserstein1(points, sgd_points, 64, s.seed);
    } catch (const sde::divergence_error& e) {
      r["diverged"] = e.what();
    }
    results.push_back(r);
  }
  if (s.json) {
    nlohmann::json problem = s.problem.to_json();
    problem["description"] = f.description();
    nlohmann::json doc = {{"command", "stationary"}, {"version", SGDSDE_VERSION}, {"problem", problem},
                          {"eta", s.eta}, {"batch", s.batch}, {"horizon", double(steps) * s.eta}, {"steps", steps},
                          {"mode", "ensemble"}, {"runs", s.runs}, {"substeps", s.substeps}, {"seed", s.seed},
                          {"dim", d}, {"methods", results}};
    std::cout << doc.dump(2) << "\n";
    return;
  }
  std::printf("Stationary law (d = %d): %s, eta = %g, B = %zu, T = %g, %llu runs\n", d, f.description().c_str(), s.eta,
              s.batch, double(steps) * s.eta, static_cast<unsigned long long>(s.runs));
  std::printf("exact moments at T: %s\n\n", exact_sgd ? "SGD's moment recursion and the SME's moment equation"
                                                      : "none (the per-sample gradients are not affine)");
  std::printf("%-16s %26s %14s %18s\n", "method", "|cov - exact|/|exact|", "|mean - exact|", "sliced W1 to SGD");
  for (const auto& r : results) {
    if (r.contains("diverged")) {
      std::printf("%-16s diverged: %s\n", r["method"].get<std::string>().c_str(), r["diverged"].get<std::string>().c_str());
      continue;
    }
    auto field = [&](const char* key) {
      char b[32] = "-";
      if (r.contains(key)) std::snprintf(b, sizeof b, "%.4g", r[key].get<double>());
      return std::string(b);
    };
    std::printf("%-16s %26s %14s %18s\n", r["method"].get<std::string>().c_str(), field("covariance_relative_error").c_str(),
                field("mean_error").c_str(), field("sliced_w1_to_sgd").c_str());
  }
}

template <class Objective>
void run(const stationary_settings& s, const Objective& f, const sgd::vector& x0) {
  if (!(s.eta > 0.0)) throw std::invalid_argument("--eta must be > 0");
  const double horizon = s.horizon ? *s.horizon : s.chains ? 20000.0 : 50.0;
  const double burn_in_time = s.burn_in_time ? *s.burn_in_time : 0.1 * horizon;
  if (!(horizon > 0.0) || !std::isfinite(horizon)) throw std::invalid_argument("--horizon must be finite and > 0");
  if (!(burn_in_time >= 0.0)) throw std::invalid_argument("--burn-in must be >= 0");
  const std::uint64_t steps = checked_step_count(horizon / s.eta, "-T / --eta");
  work_plan work(s.max_path_steps);
  const double paths = double(s.chains > 0 ? s.chains : s.runs);
  work.add("SGD", paths, double(steps));
  for (const auto& name : methods(s))
    if (name != "sgd") work.add(name, paths, double(steps) * double(s.substeps));
  work.check();
  if (f.dim() > 1) return run_multi(s, f, x0, steps);
  const auto schedule = sgd::learning_rate_schedule::constant(s.eta);
  const double c_over_b = sgd::batch_covariance_factor(sgd::sampling::with_replacement, f.size(), s.batch) / double(s.batch);
  auto drift = [&f](double x) { sgd::vector g; f.gradient(sgd::vector::Constant(1, x), g); return -g[0]; };
  auto diffusion = [&](double x) { sgd::matrix S; f.gradient_covariance(sgd::vector::Constant(1, x), S); return s.eta * c_over_b * S(0, 0); };
  auto loss = [&f](double x) { return f.value(sgd::vector::Constant(1, x)); };

  // The exact references: the range, the Fokker–Planck density and the best-fit Gibbs law.
  if (!s.range.empty() && s.range.size() != 2) throw std::invalid_argument("--range takes two values lo,hi");
  const int fine_factor = 20, fine_bins = s.bins * fine_factor;
  const auto reference = analysis::make_stationary_reference(
      drift, diffusion, loss,
      s.range.size() == 2 ? std::optional<std::pair<double, double>>({s.range[0], s.range[1]}) : std::nullopt, s.bins,
      fine_factor);
  const double lo = reference.lo, hi = reference.hi, temperature = reference.gibbs_temperature;

  // Each method's law: fine counts (KS, W1), coarse bin probabilities with standard errors, and
  // either the ensemble's top values (Hill) or the chains' autocorrelation time.
  const std::size_t k = s.hill_k ? s.hill_k : std::max<std::size_t>(10, s.runs / 50);
  const bool chains = s.chains > 0;
  const std::uint64_t burn_in = chains ? std::min(steps, checked_step_count(burn_in_time / s.eta, "--burn-in / --eta", 0)) : 0;
  if (chains && steps - std::min(burn_in, steps) < 16)
    throw std::invalid_argument("--burn-in must leave at least 16 SGD steps of the horizon (one per batch)");
  const progress_meter meter("stationary", int(methods(s).size()));
  sde::ensemble_options ensemble;
  ensemble.n_paths = chains ? s.chains : s.runs;
  ensemble.threads = s.threads;
  if (chains) ensemble.chunk_size = 1;  // a chain is long: one per merge unit, so both cores work
  ensemble.progress = meter.callback();
  const auto [o, so, sim] = match_runs(s.eta, s.batch, steps, s.substeps, s.seed, ensemble);
  const auto sme = sgd::make_sme(f, so);
  const double width = (hi - lo) / s.bins;

  std::vector<method_law> laws;
  for (const std::string& name : methods(s)) {
    method_law law;
    law.name = name;
    // simulate(prototype) runs this method with the given observer.
    auto simulate = [&](const auto& prototype) {
      if (law.name == "sgd") return sgd::simulate_sgd(f, x0, o, prototype);
      return sde::integrators::visit(law.name, [&](auto scheme) {
        return sde::simulate_ensemble<decltype(scheme)::template stepper>(sme, x0, sim, prototype);
      });
    };
    const std::uint64_t per_step = law.name == "sgd" ? 1 : s.substeps;
    try {
      if (chains) {
        using chain_law = sde::observer_set<analysis::time_averaged_histogram, analysis::time_averaged_histogram>;
        const auto r = simulate(chain_law(
            analysis::time_averaged_histogram(lo, hi, fine_bins, burn_in * per_step, steps * per_step),
            analysis::time_averaged_histogram(lo, hi, s.bins, burn_in * per_step, steps * per_step)));
        const auto& coarse = r.template get<1>();
        law.fine = r.template get<0>().counts();
        for (int i = 0; i < s.bins; ++i) {
          law.coarse.push_back(coarse.probability(i));
          law.coarse_se.push_back(coarse.standard_error(i));
        }
        law.autocorrelation_time = coarse.autocorrelation_time() / double(per_step);  // in SGD steps
        law.batch_over_tau = double(coarse.batch_length()) / coarse.autocorrelation_time();
        law.effective_samples = coarse.effective_sample_size();
      } else {
        const auto r = simulate(final_law(lo, hi, fine_bins, k + 1));
        law.fine = r.counts();
        law.coarse = coarsen(bin_probabilities(r.counts()), fine_factor);
        const double n = double(r.counts().total());
        for (double p : law.coarse) law.coarse_se.push_back(std::sqrt(p * (1 - p) / n));  // binomial: independent runs
        law.effective_samples = n;
        law.top = r.top().values();
      }
    } catch (const sde::divergence_error& e) {
      law.divergence = e.what();
    }
    laws.push_back(std::move(law));
  }

  const auto& exact = reference.exact_coarse;
  const auto& gibbs_bins = reference.gibbs_coarse;
  nlohmann::json results = nlohmann::json::array();
  for (const auto& m : laws) {
    if (!m.divergence.empty()) {
      results.push_back({{"method", m.name}, {"diverged", m.divergence}});
      continue;
    }
    const auto c = analysis::compare_with_reference(reference, bin_probabilities(*m.fine), m.coarse, m.coarse_se,
                                                    m.effective_samples);
    nlohmann::json r = {{"method", m.name},
                        {"outside_range", m.fine->underflow() + m.fine->overflow()},
                        {"total_variation", c.total_variation},
                        {"hellinger", c.hellinger},
                        {"kl", std::isfinite(c.kl.value) ? nlohmann::json(c.kl.value) : nlohmann::json("infinite")},
                        {"kl_empty_exact_bins", c.kl.infinite_bins},
                        {"wasserstein1", c.wasserstein1},
                        {"ks_statistic", c.ks_statistic},
                        {"ks_p_value", c.ks_p_value},
                        {"max_bin_z", c.max_bin_z},
                        {"effective_samples", m.effective_samples}};
    if (chains) r.update({{"autocorrelation_time", m.autocorrelation_time}, {"batch_length_over_tau", m.batch_over_tau}});
    if (m.top.size() > 2) {
      const auto hill = analysis::hill_estimator(m.top, m.top.size() - 1);
      r["hill_tail_index"] = hill.alpha;
      r["hill_standard_error"] = hill.standard_error;
      r["hill_k"] = hill.k;
    }
    results.push_back(r);
  }
  nlohmann::json tails;
  if (s.problem.name == "random_feature" && s.problem.n <= 0) {
    tails["sgd_exact"] = analysis::sgd_tail_index_random_feature(s.eta, s.batch);
    tails["sme_exact"] = analysis::sme_tail_index_random_feature(s.eta, s.batch);
  }
  if (!s.csv.empty()) {
    // densities per bin and their standard errors (empty for a method that diverged)
    std::string csv = "x";
    for (const auto& m : laws) csv += "," + m.name + "," + m.name + "_se";
    csv += ",fokker_planck,gibbs\n";
    for (int i = 0; i < s.bins; ++i) {
      csv += csv_number(lo + (i + 0.5) * width);
      for (const auto& m : laws)
        csv += m.divergence.empty()
                   ? "," + csv_number(m.coarse[std::size_t(i)] / width) + "," + csv_number(m.coarse_se[std::size_t(i)] / width)
                   : std::string(",,");
      csv += "," + csv_number(exact[std::size_t(i)] / width) + "," + csv_number(gibbs_bins[std::size_t(i)] / width) + "\n";
    }
    write_output_file(s.csv, csv, "--csv");
  }
  if (s.json) {
    nlohmann::json problem = s.problem.to_json();
    problem["description"] = f.description();
    nlohmann::json doc = {{"command", "stationary"}, {"version", SGDSDE_VERSION}, {"problem", problem},
                          {"eta", s.eta}, {"batch", s.batch}, {"horizon", double(steps) * s.eta}, {"steps", steps},
                          {"mode", chains ? "chains" : "ensemble"}, {"runs", chains ? s.chains : s.runs},
                          {"substeps", s.substeps}, {"seed", s.seed}, {"range", {lo, hi}},
                          {"bins", s.bins}, {"gibbs_temperature", temperature},
                          {"gibbs_residual_kl", reference.gibbs_residual_kl}, {"methods", results}};
    if (chains) doc["burn_in"] = double(burn_in) * s.eta;
    if (!tails.is_null()) doc["tail_index"] = tails;
    if (!s.csv.empty()) doc["csv"] = s.csv;
    std::cout << doc.dump(2) << "\n";
    return;
  }
  if (chains)
    std::printf("Stationary law: %s, eta = %g, B = %zu, %llu chains to T = %g, time-averaged after a burn-in of %g, range [%.4g, %.4g]\n",
                f.description().c_str(), s.eta, s.batch, static_cast<unsigned long long>(s.chains), double(steps) * s.eta,
                double(burn_in) * s.eta, lo, hi);
  else
    std::printf("Stationary law: %s, eta = %g, B = %zu, T = %g, %llu runs, range [%.4g, %.4g]\n", f.description().c_str(),
                s.eta, s.batch, double(steps) * s.eta, static_cast<unsigned long long>(s.runs), lo, hi);
  std::printf("exact reference: the SME's Fokker-Planck density; best-fit Gibbs temperature %.5g (residual KL %.3e)\n\n",
              temperature, reference.gibbs_residual_kl);
  std::printf("%-16s %10s %10s %12s %10s %10s %9s %s\n", "method", "TV", "Hellinger", "W1", "KS", "KS p", "max |z|",
              chains ? "tau (steps)" : "Hill alpha (se)");
  for (const auto& r : results) {
    if (r.contains("diverged")) {
      std::printf("%-16s diverged: %s\n", r["method"].get<std::string>().c_str(), r["diverged"].get<std::string>().c_str());
      continue;
    }
    std::printf("%-16s %10.4f %10.4f %12.4e %10.4f %10.3g %9.2f", r["method"].get<std::string>().c_str(),
                r["total_variation"].get<double>(), r["hellinger"].get<double>(), r["wasserstein1"].get<double>(),
                r["ks_statistic"].get<double>(), r["ks_p_value"].get<double>(), r["max_bin_z"].get<double>());
    if (r.contains("autocorrelation_time")) std::printf("   %.1f", r["autocorrelation_time"].get<double>());
    if (r.contains("hill_tail_index")) std::printf("   %.3f (%.3f)", r["hill_tail_index"].get<double>(), r["hill_standard_error"].get<double>());
    std::printf("\n");
  }
  for (const auto& m : laws)
    if (m.batch_over_tau < 10)
      std::printf("%s: batches are only %.1f autocorrelation times long, so its error bars are unreliable: lengthen -T\n",
                  m.name.c_str(), m.batch_over_tau);
  if (!tails.is_null())
    std::printf("\nexact tail index: SGD (Kesten) %.4f, SME %.4f\n", tails["sgd_exact"].get<double>(),
                tails["sme_exact"].get<double>());
}

}  // namespace

void register_stationary(CLI::App& app) {
  auto s = std::make_shared<stationary_settings>();
  auto* cmd = app.add_subcommand(
      "stationary",
      std::string("Long-time laws of SGD and its SME (every integrator) on a 1-D problem, from ensembles at a\n"
                  "large time, against the SME's exact Fokker-Planck density and the best-fit Gibbs density: TV,\n"
                  "Hellinger, KL, W1, KS (binned), Hill tail indices; random_feature adds the exact tail indices.\n") +
          problem_help());
  default_to_mixing_double_well(s->problem);
  add_problem_options(cmd, s->problem);
  cmd->add_option("--eta", s->eta, "Learning rate (> 0)")->capture_default_str();
  add_integer_option(cmd, "--batch,-B", s->batch, 1, limits::batch, "Batch size B (with replacement)")->capture_default_str();
  cmd->add_option("--horizon,-T", s->horizon,
                  "Time T = K eta at which the ensembles are taken, or the length of each chain (default 50, chains 20000)");
  add_integer_option(cmd, "--chains", s->chains, 0, limits::runs,
                  "Long chains instead of an ensemble: this many chains, each time-averaged after the burn-in, with\n"
                  "batch-means error bars per bin (16 batches per chain) and the autocorrelation time (0 = ensemble)")
      ->capture_default_str();
  cmd->add_option("--burn-in", s->burn_in_time, "Chains: time discarded at the start of each chain (default T/10)");
  add_integer_option(cmd, "--runs", s->runs, 10, limits::runs, "Ensemble size")->capture_default_str();
  add_integer_option(cmd, "--substeps", s->substeps, 1, limits::substeps, "SDE steps per SGD step")->capture_default_str();
  add_integer_option(cmd, "--bins", s->bins, 2, 10000, "Histogram bins for the distances")->capture_default_str();
  cmd->add_option("--integrator", s->integrators,
                  "The SME's integrators (space-separated; default all: " + sde::integrators::names_text() + ")")
      ->check(one_of(sde::integrators::names()));
  cmd->add_option("--range", s->range, "Histogram range lo,hi (default: the exact density's 1e-4 central mass)")->delimiter(',');
  add_integer_option(cmd, "--hill-k", s->hill_k, 1, limits::runs, "Order statistics used by the Hill estimator (default runs/50)");
  add_work_cap_option(cmd, s->max_path_steps);
  add_integer_option(cmd, "--seed", s->seed, 0, limits::seed, "Seed")->capture_default_str();
  add_integer_option(cmd, "--threads", s->threads, 0, limits::threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", s->json, "Print one JSON object instead of a table");
  add_output_file_option(cmd, "--csv", s->csv, "Write the densities per bin (x, sgd, each integrator, fokker_planck, gibbs)");
  cmd->callback([s]() {
    // Start at 0 (the double well's barrier top) unless told otherwise, so that an ensemble not yet
    // mixed between the wells is not lopsided.
    with_problem(s->problem, [&](const auto& f, const sgd::vector& x0) {
      run(*s, f, s->problem.x0.empty() ? sgd::vector(sgd::vector::Zero(x0.size())) : x0);
    });
  });
}

}  // namespace sgdsde::cli
