#pragma once
// An SGD run, or its SME, as a front end states it: choices by name, the length in SGD steps or
// epochs, the ensemble's size and seed. resolve(n) turns it into the step/epoch plan and the ensemble
// study's options (ensemble_run.hpp), so the CLI's `sgd`/`sme` and the Python package run the same
// numbers for the same request. Names and messages are the command line's ("--svag-l"); each option's
// row (its help, range, who reads it) is in run_options.hpp.
#include <sgdsde/analysis/ensemble_run.hpp>
#include <sgdsde/catalogue/run_options.hpp>
#include <sgdsde/sgd/run_plan.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace sgdsde::catalogue {

struct run_request {
  sgd::schedule_choice schedule;
  std::size_t batch = 1;
  std::string sampler = "with_replacement";  // | without_replacement | reshuffling
  bool gd = false;                           // full batch: B = n, every sample once per step
  // SGD only
  std::string method = "plain";  // | momentum | injected_noise | svag
  double momentum = 0.9;
  double svag_l = 1.0;
  std::string averaging = "none";  // | uniform | eta_weighted
  std::uint64_t average_from = 0;  // SGD steps of burn-in before the average starts
  bool report_average = false;
  std::string noise = "gaussian";  // injected_noise law | student_t
  double dof = 5.0;
  // The length: steps, or epochs (data sets; 10 when neither is given), records every record_every
  // SGD steps (0: each epoch, or steps/100).
  std::uint64_t steps = 0;
  std::optional<double> epochs;
  std::uint64_t record_every = 0;
  double max_steps = 1e15;
  // The ensemble
  std::uint64_t runs = 100;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  double bound = sde::default_divergence_bound;
  std::uint64_t keep_paths = 0;  // runs whose recorded iterates are kept
  // SME only
  int order = 1;
  std::string integrator = "euler_maruyama";
  std::uint64_t substeps = 10;
  std::string diffusion = "automatic";  // | per_sample | covariance
  // Was this option given explicitly (its command-line name)? An option that only means something
  // with another choice is then refused when that choice is not made. Empty: nothing is checked.
  std::function<bool(const std::string& option)> given;

  struct resolved {
    sgd::run_plan plan;
    analysis::ensemble_run_options options;
  };

  // The plan and the study's options for n samples (0: a population objective); engine "sgd" or "sme".
  resolved resolve(const std::string& engine, std::size_t n) const {
    refuse_unread();
    // The counts a front end could give out of range (the CLI's options refuse them when parsed).
    if (runs < 1) throw std::invalid_argument("--runs must be >= 1, got 0");
    if (batch < 1) throw std::invalid_argument("--batch must be >= 1, got 0");
    if (threads > 4096) throw std::invalid_argument("--threads must be in [0, 4096], got " + std::to_string(threads));
    if (substeps < 1) throw std::invalid_argument("--substeps must be >= 1, got 0");
    sgd::run_length length;
    length.batch = batch;
    length.sampler = sgd::sampling_from_string(sampler);
    length.full_batch = gd;
    length.steps = steps;
    length.epochs = epochs;
    length.record_every = record_every;
    length.max_steps = max_steps;
    const bool sgd_side = engine == "sgd";
    length.svag_l = sgd_side && method == "svag" ? svag_l : 1.0;
    length.average_from = sgd_side ? average_from : 0;
    resolved r;
    r.plan = sgd::plan_run(length, n);
    auto& o = r.options;
    o.run.schedule = schedule.make(r.plan.sgd_steps);
    o.run.batch = r.plan.batch;
    o.run.sampler = r.plan.sampler;
    o.run.n_steps = r.plan.steps;
    o.run.seed = seed;
    o.run.bound = bound;
    o.run.ensemble.n_paths = runs;
    o.run.ensemble.threads = threads;
    o.record_every = r.plan.record_every;
    o.keep_paths = keep_paths;
    o.steps_per_epoch = n > 0 ? r.plan.steps_per_epoch : 0;
    if (sgd_side) {
      o.run.method = sgd::update_from_string(method);
      o.run.momentum = momentum;
      o.run.svag_l = svag_l;
      o.run.average = sgd::averaging_from_string(averaging);
      o.run.average_from = r.plan.average_from;
      o.run.report_average = report_average;
      if (noise != "gaussian" && noise != "student_t")
        throw std::invalid_argument("--noise must be gaussian or student_t, got '" + noise + "'");
      o.run.injected = noise == "student_t" ? sgd::noise_law::student_t : sgd::noise_law::gaussian;
      o.run.student_dof = dof;
    } else {
      o.order = order;
      o.integrator = integrator;
      o.substeps = substeps;
      o.form = sgd::diffusion_form_from_string(diffusion);
    }
    return r;  // validated by the study that runs it (run_sgd_ensemble, run_sme_ensemble)
  }

  // The "options" block of a run's JSON.
  nlohmann::json options_json(const std::string& engine, const resolved& r) const {
    nlohmann::json j = {{"eta", schedule.eta}, {"schedule", r.options.run.schedule.description()}, {"batch", r.plan.batch},
                        {"sampler", sgd::to_string(r.plan.sampler)}, {"gd", gd}};
    if (engine == "sgd")
      j.update({{"method", method}, {"momentum", momentum}, {"svag_l", svag_l}, {"averaging", averaging},
                {"average_from", average_from}, {"report_average", report_average}, {"noise", noise}, {"student_dof", dof}});
    else
      j.update({{"order", order}, {"integrator", integrator}, {"substeps", substeps}, {"diffusion", diffusion}});
    return j;
  }

  // The run's JSON document (the `sgd`/`sme` command's --json, without its version, wall time and
  // file names): the problem (with its description, d and n), the options, the plan and the result.
  nlohmann::json document(const std::string& engine, const resolved& r, nlohmann::json problem, const std::string& description,
                          int d, const analysis::ensemble_run_result& result) const {
    problem.update({{"description", description}, {"d", d}, {"n", r.plan.n}});
    nlohmann::json doc = {{"command", engine},       {"problem", problem},          {"options", options_json(engine, r)},
                          {"runs", runs},            {"seed", seed},                {"steps", r.plan.steps},
                          {"steps_per_epoch", r.plan.steps_per_epoch}, {"record_every", r.plan.record_every}};
    doc.update(result.to_json());
    return doc;
  }

  // Options that only mean something together with another choice are refused when that choice is
  // not made, instead of being silently ignored (the rows of run_options.hpp say who reads each).
  void refuse_unread() const { refuse_unread_run_options(*this); }
};

}  // namespace sgdsde::catalogue
