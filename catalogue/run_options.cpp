// The rows of an sgd/sme run's options (run_options.hpp), and the refusal that reads them.
#include <sgdsde/catalogue/run_options.hpp>
#include <sgdsde/catalogue/run_request.hpp>
#include <sgdsde/catalogue/work_plan.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/schedule_kinds.hpp>

#include <limits>
#include <stdexcept>
#include <string>

namespace sgdsde::catalogue {

namespace {

using R = run_request;
using S = sgd::schedule_choice;

template <auto Member>
constexpr auto schedule_field() {
  return field<&R::schedule, Member>();
}

bool without_gd(const R& r) { return !r.gd; }
bool averaging(const R& r) { return r.averaging != "none"; }
bool inverse_power(const R& r) { return r.schedule.name == "inverse_power"; }
bool exponential(const R& r) { return r.schedule.name == "exponential"; }
bool linear(const R& r) { return r.schedule.name == "linear"; }
bool step_decay(const R& r) { return r.schedule.name == "step_decay"; }

std::vector<run_option> make_run_options() {
  const std::uint64_t seed_max = std::numeric_limits<std::uint64_t>::max();
  const char* by_inverse_power = "with --schedule inverse_power";
  const char* by_average = "with --averaging uniform or eta_weighted";
  return {
      {"--eta", schedule_field<&S::eta>(), "Learning rate eta (the schedule's eta_0), > 0"},
      {"--schedule", schedule_field<&S::name>(),
       "constant | inverse_power (eta/(k+1)^alpha) | exponential (eta gamma^k) | linear (eta -> eta-end "
       "over the run) | step_decay (eta factor^floor(k/every))",
       {}, {}, sgd::schedule_names()},
      run_option{"--alpha", schedule_field<&S::alpha>(), "inverse_power exponent (>= 0)"}.read_when(inverse_power, by_inverse_power),
      run_option{"--decay-start", schedule_field<&S::decay_start>(), "inverse_power: a warm phase, eta until this step, then the decay",
                 {}, integer_range{0, limits::steps}}
          .read_when(inverse_power, by_inverse_power),
      run_option{"--decay-unit", schedule_field<&S::decay_unit>(),
                 "inverse_power: t = (k - start)/unit in eta/(1 + t)^alpha (n/B: t in epochs)", {}, integer_range{1, limits::steps}}
          .read_when(inverse_power, by_inverse_power),
      run_option{"--gamma", schedule_field<&S::gamma>(), "exponential factor, in (0, 1]"}.read_when(exponential, "with --schedule exponential"),
      run_option{"--eta-end", schedule_field<&S::eta_end>(), "linear schedule's final rate (> 0)"}.read_when(linear, "with --schedule linear"),
      run_option{"--decay-factor", schedule_field<&S::decay_factor>(), "step_decay factor, in (0, 1]"}
          .read_when(step_decay, "with --schedule step_decay"),
      run_option{"--decay-every", schedule_field<&S::decay_every>(), "step_decay period in steps", {}, integer_range{1, limits::steps}}
          .read_when(step_decay, "with --schedule step_decay"),
      run_option{"--batch", field<&R::batch>(), "Batch size B (<= n without replacement)", {}, integer_range{1, limits::batch}}
          .with_short_name("-B")
          .read_when(without_gd, "without --gd (--gd uses every sample once per step, B = n)"),
      run_option{"--sampler", field<&R::sampler>(), "with_replacement | without_replacement | reshuffling", {}, {},
                 {"with_replacement", "without_replacement", "reshuffling"}}
          .read_when(without_gd, "without --gd (--gd uses every sample once per step)"),
      {"--gd", field<&R::gd>(), "Full-batch gradient descent (B = n, every sample once per step)"},
      run_option{"--steps", field<&R::steps>(), "SGD steps (default: 10 epochs for data sets, 1000 for population problems)", {},
                 integer_range{1, limits::steps}}
          .without_default(),
      {"--epochs", field<&R::epochs>(), "Epochs of n/B steps (data sets only)"},
      {"--runs", field<&R::runs>(), "Independent runs in the ensemble", {}, integer_range{1, limits::runs}},
      {"--seed", field<&R::seed>(), "Seed: same seed, bit-identical output for any thread count", {}, integer_range{0, seed_max}},
      {"--threads", field<&R::threads>(), "Worker threads (0 = all cores)", {}, integer_range{0, limits::threads}},
      run_option{"--record-every", field<&R::record_every>(), "Record every this many SGD steps (default: each epoch, or steps/100)", {},
                 integer_range{1, limits::steps}}
          .without_default(),
      run_option{"--bound", field<&R::bound>(), "Stop with an error when |x|_inf exceeds this (divergence; inf: only non-finite)"}
          .with_infinity(),
      // SGD's update
      run_option{"--method", field<&R::method>(),
                 "plain | momentum | injected_noise (x - eta (grad f + xi), xi ~ Sigma/B) | svag (Li, Malladi & Arora "
                 "2021: steps eta/l on two minibatches, gradient covariance l Sigma/B; the SME's weak limit as l grows; "
                 "records at t = sum eta/l)",
                 {}, {}, {"plain", "momentum", "injected_noise", "svag"}}
          .for_command("sgd"),
      run_option{"--svag-l", field<&R::svag_l>(), "SVAG's l, in [1, 1e8] (l = 1 is SGD)", real_range{1.0, 1e8}}
          .for_command("sgd")
          .read_when([](const R& r) { return r.method == "svag"; }, "with --method svag"),
      run_option{"--momentum", field<&R::momentum>(), "Heavy-ball beta, in [0, 1)"}
          .for_command("sgd")
          .read_when([](const R& r) { return r.method == "momentum"; }, "with --method momentum"),
      run_option{"--averaging", field<&R::averaging>(), "none | uniform | eta_weighted (Polyak; Theorem 2.5's x-bar)", {}, {},
                 {"none", "uniform", "eta_weighted"}}
          .for_command("sgd"),
      run_option{"--average-from", field<&R::average_from>(),
                 "Burn-in: the average starts after this many SGD steps (the iterate is reported until then)", {},
                 integer_range{0, limits::steps}}
          .for_command("sgd")
          .read_when(averaging, by_average),
      run_option{"--report-average", field<&R::report_average>(), "Record the averaged iterate instead of the last one"}
          .for_command("sgd")
          .read_when(averaging, by_average),
      run_option{"--noise", field<&R::noise>(), "injected_noise law: gaussian | student_t", {}, {}, {"gaussian", "student_t"}}
          .for_command("sgd")
          .read_when([](const R& r) { return r.method == "injected_noise"; }, "with --method injected_noise"),
      run_option{"--dof", field<&R::dof>(), "student_t degrees of freedom (> 2)"}
          .for_command("sgd")
          .read_when([](const R& r) { return r.method == "injected_noise" && r.noise == "student_t"; },
                     "with --method injected_noise --noise student_t"),
      // The SME's integration
      run_option{"--order", field<&R::order>(), "SME order", {}, integer_range{1, 2}}.for_command("sme"),
      run_option{"--integrator", field<&R::integrator>(),
                 sde::integrators::names_text() + " (milstein and platen_weak2 read Levy areas: covariance form, m = d)", {}, {},
                 sde::integrators::names()}
          .for_command("sme"),
      run_option{"--substeps", field<&R::substeps>(), "SDE steps per SGD step (dt = eta_k / substeps)", {},
                 integer_range{1, limits::substeps}}
          .for_command("sme"),
      run_option{"--diffusion", field<&R::diffusion>(),
                 "automatic | per_sample (d x n factor, m = n) | covariance (factor of Sigma, m = d). automatic takes\n"
                 "the form with fewer flops per step unless its workspace is over 1 GiB per thread and the other's is not;\n"
                 "covariance for integrators that read Levy areas; the output says which and why",
                 {}, {}, {"automatic", "per_sample", "covariance"}}
          .for_command("sme"),
  };
}

}  // namespace

const std::vector<run_option>& run_options() {
  static const std::vector<run_option> rows = make_run_options();
  return rows;
}

void refuse_unread_run_options(const run_request& r) {
  if (!r.given) return;
  for (const auto& row : run_options())
    if (!row.is_read_by(r) && r.given(row.option))
      throw std::invalid_argument(std::string(row.option) + " is read only " + row.readers + "; it would be ignored here");
}

}  // namespace sgdsde::catalogue
