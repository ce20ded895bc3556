#pragma once
// One recorded ensemble of SGD, or of its SME (paired with the SGD run by sgd::pair_with_sme, so record
// k of both sits at the SGD time t_k = Σ_{i<k} η_i): what `sgdsde sgd` and `sgdsde sme` report.
//   records   every record_every SGD steps: the loss's mean and standard error over the runs, the
//             iterates' mean and standard deviation per coordinate;
//   final     the iterates' mean and covariance after the last step;
//   paths     optionally the recorded iterates of the first keep_paths runs (a second ensemble of
//             that many runs with the same seed, so they are the first runs of the ensemble).
// Statistics beyond the range of a double (runs diverging under an infinite bound) are a failed run
// (std::runtime_error naming the step), never an inf in a report.
#include <sgdsde/analysis/json_eigen.hpp>
#include <sgdsde/sde/observers.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme_pairing.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::analysis {

struct ensemble_run_options {
  sgd::sgd_options run;             // the SGD run (the SME's pairing reads its schedule, batch, sampler, steps, seed)
  std::uint64_t record_every = 1;   // in SGD steps
  std::uint64_t keep_paths = 0;     // runs whose iterates are kept
  std::uint64_t steps_per_epoch = 0;  // > 0 (finite sums): records also carry the epoch
  // The SME only:
  int order = 1;
  std::string integrator = "euler_maruyama";
  std::uint64_t substeps = 10;
  sgd::diffusion_form form = sgd::diffusion_form::automatic;  // see sgd::choose_diffusion

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& m) { if (error) *error = m; return false; };
    if (record_every < 1) return fail("record_every must be >= 1");
    if (order != 1 && order != 2) return fail("SME order must be 1 or 2, got " + std::to_string(order));
    if (substeps < 1) return fail("substeps must be >= 1");
    if (!sde::integrators::contains(integrator))
      return fail("unknown integrator '" + integrator + "'; valid: " + sde::integrators::names_text());
    return run.ensemble.is_valid(error);
  }
};

struct ensemble_record {
  std::uint64_t step = 0;
  double t = 0, loss_mean = 0, loss_se = 0;
  Eigen::VectorXd mean, sd;
};

struct kept_point {
  std::uint64_t step = 0;  // SGD step
  double t = 0;
  Eigen::VectorXd x;
};

struct ensemble_run_result {
  std::string engine;  // "sgd" or "sme"
  ensemble_run_options options;
  std::vector<ensemble_record> records;
  Eigen::VectorXd final_mean;
  Eigen::MatrixXd final_covariance;
  std::vector<std::vector<kept_point>> paths;  // per kept run
  std::optional<sgd::diffusion_choice> diffusion;  // the SME's: which factor of Σ, and why

  double epoch(std::uint64_t step) const { return double(step) / double(options.steps_per_epoch); }
  // {records: [{step, epoch?, t, loss_mean, loss_se, mean}], final: {step, t, mean, covariance, loss_mean, loss_se}}
  nlohmann::json to_json() const {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : records) {
      nlohmann::json row = {{"step", r.step}, {"t", r.t}, {"loss_mean", r.loss_mean}, {"loss_se", r.loss_se}, {"mean", json_vector(r.mean)}};
      if (options.steps_per_epoch > 0) row["epoch"] = epoch(r.step);
      rows.push_back(row);
    }
    const auto& last = records.back();
    nlohmann::json doc = {
        {"records", rows},
        {"final", {{"step", options.run.n_steps}, {"t", last.t}, {"mean", json_vector(final_mean)},
                   {"covariance", json_matrix(final_covariance)}, {"loss_mean", last.loss_mean}, {"loss_se", last.loss_se}}}};
    if (diffusion) {
      const auto& c = *diffusion;
      doc["diffusion"] = {{"form", sgd::to_string(c.form)}, {"noise_dims", c.noise_dims}, {"reason", c.reason},
                          {"flops_per_step", {{"per_sample", c.per_sample_flops}, {"covariance", c.covariance_flops}}},
                          {"bytes_per_worker", {{"per_sample", c.per_sample_bytes}, {"covariance", c.covariance_bytes}}}};
    }
    return doc;
  }
  // The records as a table and the final mean.
  std::string brief_report() const {
    std::string out = sde::formatted("%10s %10s %12s %22s\n", "step", options.steps_per_epoch > 0 ? "epoch" : "", "t", "loss mean (se)");
    for (const auto& r : records)
      out += sde::formatted("%10llu %10s %12.5g %14.6g (%.2g)\n", static_cast<unsigned long long>(r.step),
                            options.steps_per_epoch > 0 ? sde::formatted("%.17g", epoch(r.step)).substr(0, 8).c_str() : "",
                            r.t, r.loss_mean, r.loss_se);
    if (diffusion)
      out += sde::formatted("diffusion: %s, m = %d (%s)\n", sgd::to_string(diffusion->form), diffusion->noise_dims,
                            diffusion->reason.c_str());
    out += "final mean:";
    for (Eigen::Index i = 0; i < final_mean.size(); ++i) out += sde::formatted(" %.6g", final_mean[i]);
    return out + "\n";
  }
};

namespace detail {
template <class Loss>
using report_observer = sde::observer_set<sde::scalar_trajectory<Loss>, sde::moment_trajectory<>, sde::final_moments<>>;

// records and final moments from the report observer; per_step: SDE steps per SGD step.
template <class Observer>
void collect(const Observer& observed, std::uint64_t record_every, ensemble_run_result& r) {
  const auto& loss = observed.template get<0>();
  const auto& moments = observed.template get<1>().moments();
  for (std::size_t k = 0; k < loss.stats().size(); ++k) {
    ensemble_record rec;
    rec.step = k * record_every;
    rec.t = loss.times()[k];
    rec.loss_mean = loss.stats()[k].mean();
    rec.loss_se = loss.stats()[k].standard_error();
    rec.mean = moments[k].mean();
    rec.sd = moments[k].covariance().diagonal().cwiseMax(0.0).cwiseSqrt();
    const char* overflowed = !std::isfinite(rec.loss_mean)                  ? "the mean loss"
                             : !std::isfinite(rec.loss_se)                  ? "the loss's standard error"
                             : !rec.mean.allFinite()                        ? "the mean iterate"
                             : !moments[k].covariance().allFinite()         ? "the iterates' covariance"
                                                                            : nullptr;
    if (overflowed)
      throw std::runtime_error("the statistics overflow at step " + std::to_string(rec.step) + " (t = " +
                               sde::formatted("%.17g", rec.t) + "): " + overflowed +
                               " is beyond the range of a double; the runs diverged (a finite bound stops them "
                               "with the run and step)");
    r.records.push_back(std::move(rec));
  }
  const auto& final = observed.template get<2>().moments();
  r.final_mean = final.mean();
  r.final_covariance = final.covariance();
}

template <class Recorder>
void keep(const Recorder& recorder, std::uint64_t per_step, ensemble_run_result& r) {
  for (const auto& path : recorder.paths()) {
    std::vector<kept_point> kept;
    for (std::size_t k = 0; k < path.size(); ++k) kept.push_back({k * recorder.stride() / per_step, path[k].t, path[k].x});
    r.paths.push_back(std::move(kept));
  }
}
}  // namespace detail

template <class Objective>
ensemble_run_result run_sgd_ensemble(const Objective& f, const sgd::vector& x0, const ensemble_run_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("sgd ensemble: " + error);
  ensemble_run_result r;
  r.engine = "sgd";
  r.options = options;
  const auto& o = options.run;
  auto loss = [&f](const auto& x) { return f.value(x); };
  const detail::report_observer<decltype(loss)> prototype(
      sde::scalar_trajectory<decltype(loss)>(loss, o.n_steps, options.record_every),
      sde::moment_trajectory<>(f.dim(), o.n_steps, options.record_every), sde::final_moments<>(f.dim()));
  detail::collect(sgd::simulate_sgd(f, x0, o, prototype), options.record_every, r);
  if (options.keep_paths > 0) {
    auto few = o;
    few.ensemble.n_paths = std::min(options.keep_paths, o.ensemble.n_paths);
    detail::keep(sgd::simulate_sgd(f, x0, few, sde::path_recorder<>(options.record_every)), 1, r);
  }
  return r;
}

template <class Objective>
ensemble_run_result run_sme_ensemble(const Objective& f, const sgd::vector& x0, const ensemble_run_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("sme ensemble: " + error);
  ensemble_run_result r;
  r.engine = "sme";
  r.options = options;
  // A scheme that reads Lévy areas on general noise draws m(m−1)/2 of them per step: choose_diffusion keeps m = d.
  r.diffusion = sgd::choose_diffusion(options.form, f.size(), f.dim(), sgd::sme_integrator_reads_levy_area(f, options.integrator),
                                      "integrator " + options.integrator);
  sde::integrators::visit(options.integrator, [&](auto scheme) {
    using scheme_type = decltype(scheme);
    const auto pair = sgd::pair_with_sme(options.run, options.order, options.substeps, r.diffusion->form);
    const auto problem = sgd::make_sme(sgd::borrowed(f), pair.sme);  // f outlives the run: no copy of its data
    const std::uint64_t sde_steps = options.run.n_steps * options.substeps, stride = options.record_every * options.substeps;
    auto loss = [&f](const auto& x) { return f.value(x); };
    const detail::report_observer<decltype(loss)> prototype(sde::scalar_trajectory<decltype(loss)>(loss, sde_steps, stride),
                                                            sde::moment_trajectory<>(f.dim(), sde_steps, stride),
                                                            sde::final_moments<>(f.dim()));
    detail::collect(sde::simulate_ensemble<scheme_type::template stepper>(problem, x0, pair.sde, prototype),
                    options.record_every, r);
    if (options.keep_paths > 0) {
      auto few = pair.sde;
      few.ensemble.n_paths = std::min(options.keep_paths, pair.sde.ensemble.n_paths);
      detail::keep(sde::simulate_ensemble<scheme_type::template stepper>(problem, x0, few, sde::path_recorder<>(stride)),
                   options.substeps, r);
    }
  });
  return r;
}

}  // namespace sgdsde::analysis
