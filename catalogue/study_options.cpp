// The option rows of the catalogue's studies (study_options.hpp): each study's CLI options and Python
// keywords come from its table here.
#include <sgdsde/catalogue/convergence_runs.hpp>
#include <sgdsde/catalogue/escape_runs.hpp>
#include <sgdsde/catalogue/gibbs_runs.hpp>
#include <sgdsde/catalogue/stationary_runs.hpp>
#include <sgdsde/catalogue/study_options.hpp>
#include <sgdsde/catalogue/weak_error_runs.hpp>
#include <sgdsde/catalogue/work_plan.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/schedule_kinds.hpp>

#include <limits>
#include <string>

namespace sgdsde::catalogue {

namespace {

constexpr std::uint64_t seed_max = std::numeric_limits<std::uint64_t>::max();
const std::vector<std::string> integrator_names = sde::integrators::names();

// The rows every study shares, bound to where its request keeps them.
template <class R>
option_row<R> work_cap_row() {
  return {"--max-path-steps", field_of<R, &R::max_path_steps>(), work_cap_help, real_range{1, limits::max_path_steps}};
}

std::vector<option_row<weak_error_request>> make_weak_error_options() {
  using R = weak_error_request;
  using S = analysis::weak_error_study_options;
  using U = analysis::rate_profile;
  return {
      {"--mode", field<&R::study, &S::mode>(), "auto | exact | monte_carlo", {}, {}, {"auto", "exact", "monte_carlo"}},
      {"--functional", field<&R::functional>(),
       "loss | second_moment (|x|^2) | x<i> (a coordinate) | fourth_moment (|x|^4) | norm^p (|x|^p,\n"
       "0 < p <= 16) | kurtosis_x<i> (E(x_i - mu)^4 / var^2, delta-method error; kurtosis: of x1); the\n"
       "last three depend on more than two moments: Monte Carlo mode (auto takes it)"},
      option_row<R>{"--horizon", field<&R::study, &S::horizon>(), "Time horizon T = K eta (> 0)"}.with_short_name("-T"),
      option_row<R>{"--steps", field<&R::study, &S::steps>(),
                    "Step counts K, comma-separated, increasing (default exact 8..256, Monte Carlo 4,8,16,32)", {},
                    integer_range{1, limits::steps}}
          .without_default(),
      option_row<R>{"--batch", field<&R::study, &S::batch>(), "Batch size B", {}, integer_range{1, limits::batch}}.with_short_name("-B"),
      {"--sampler", field<&R::sampler>(), "with_replacement | without_replacement (exact mode: no reshuffling)", {}, {},
       {"with_replacement", "without_replacement", "reshuffling"}},
      {"--runs", field<&R::study, &S::runs>(), "Monte Carlo: runs per ensemble", {}, integer_range{2, limits::runs}},
      {"--substeps", field<&R::study, &S::substeps>(), "Monte Carlo: SDE steps per SGD step (and twice that for Richardson)", {},
       integer_range{1, limits::substeps}},
      option_row<R>{"--integrator", field<&R::study, &S::integrator>(),
                    "Monte Carlo: the SME's integrator, " + sde::integrators::names_text() +
                        " (default euler_maruyama; weak order 1 ones are Richardson-extrapolated, weak order 2 ones run once)",
                    {}, {}, integrator_names}
          .without_default(),
      option_row<R>{"--bound", field<&R::study, &S::bound>(),
                    "|x|_inf beyond this counts as divergence (exact mode: the root-mean-square coordinate; inf: only\n"
                    "non-finite values; exact mode also counts an unstable SGD moment recursion); a diverged\n"
                    "side is reported per eta and left out of the order fits",
                    real_range{0, std::numeric_limits<double>::infinity(), true}}
          .with_infinity(),
      {"--schedule", field<&R::study, &S::schedule, &U::name>(),
       "Rates eta_k = eta u(k eta) with the same profile u on [0, T] for every eta of the sweep: constant |\n"
       "inverse_power (u = (1 + s/tau)^-alpha) | exponential (exp(-s/tau)) | linear (1 -> r at T) |\n"
       "step_decay (factor^floor(s/tau)); the SME runs to t = sum of eta_k (JSON/CSV sde_time)",
       {}, {}, sgd::schedule_names()},
      {"--alpha", field<&R::study, &S::schedule, &U::alpha>(), "inverse_power's exponent, in [0, 16]", real_range{0, 16}},
      {"--decay-time", field<&R::study, &S::schedule, &U::decay_time>(), "tau: inverse_power, exponential, step_decay (> 0)",
       real_range{0, std::numeric_limits<double>::infinity(), true}},
      {"--end-ratio", field<&R::study, &S::schedule, &U::end_ratio>(), "linear: u at T, in (0, 100]", real_range{0, 100, true}},
      {"--decay-factor", field<&R::study, &S::schedule, &U::factor>(), "step_decay's factor, in (0, 1]", real_range{0, 1, true}},
      {"--max-over-t", field<&R::study, &S::max_over_t>(),
       "Monte Carlo: also the maximum over t = k eta <= T of the error, with its standard error and order fit\n"
       "(phi at every SGD step on both sides; the exact mode always reports it)"},
      {"--svag-l", field<&R::svag_l>(),
       "SVAG instead of SGD: l values, comma-separated, increasing, >= 1 (e.g. 1,2,4,8,16,32); SVAG(l) at\n"
       "steps eta/l against the SME-1 of rate --eta at T, with the order in 1/l (1 expected): exact where\n"
       "the moments close (as above), else Monte Carlo (--runs per l, and the SME as in the sweep)",
       real_range{1.0, 1e8}},
      {"--eta", field<&R::svag_eta>(), "With --svag-l: SGD's rate eta (T/eta whole)", real_range{0, 1e6, true}},
      work_cap_row<R>(),
      {"--seed", field<&R::study, &S::seed>(), "Monte Carlo seed", {}, integer_range{0, seed_max}},
      {"--threads", field<&R::study, &S::ensemble, &sde::ensemble_options::threads>(), "Worker threads (0 = all cores)", {},
       integer_range{0, limits::threads}},
      {"--confidence", field<&R::study, &S::confidence>(), "Confidence level of the order intervals, in (0, 1)"},
  };
}

std::vector<option_row<stationary_request>> make_stationary_options() {
  using R = stationary_request;
  using S = analysis::stationary_study_options;
  return {
      {"--eta", field<&R::study, &S::eta>(), "Learning rate (> 0)"},
      option_row<R>{"--batch", field<&R::study, &S::batch>(), "Batch size B", {}, integer_range{1, limits::batch}}.with_short_name("-B"),
      {"--sampler", field<&R::sampler>(), "with_replacement | without_replacement | reshuffling (finite --n; the SME's noise uses its c)",
       {}, {}, {"with_replacement", "without_replacement", "reshuffling"}},
      option_row<R>{"--horizon", field<&R::horizon>(),
                    "Time T = K eta at which the ensembles are taken, or the length of each chain (default 50, chains 20000)"}
          .with_short_name("-T"),
      {"--chains", field<&R::study, &S::chains>(),
       "Long chains instead of an ensemble: this many chains, each time-averaged after the burn-in, with\n"
       "batch-means error bars per bin (16 batches per chain) and the autocorrelation time (0 = ensemble)",
       {}, integer_range{0, limits::runs}},
      {"--burn-in", field<&R::burn_in_time>(), "Chains: time discarded at the start of each chain (default T/10)"},
      {"--runs", field<&R::study, &S::runs>(), "Ensemble size", {}, integer_range{10, limits::runs}},
      {"--substeps", field<&R::study, &S::substeps>(), "SDE steps per SGD step", {}, integer_range{1, limits::substeps}},
      {"--bins", field<&R::study, &S::bins>(), "Histogram bins for the distances", {}, integer_range{2, 10000}},
      {"--integrator", field<&R::study, &S::integrators>(),
       "The SME's integrators (space-separated; default all: " + sde::integrators::names_text() + ")", {}, {}, integrator_names},
      {"--range", field<&R::range>(), "Histogram range lo,hi (default: the exact density's 1e-4 central mass)"},
      option_row<R>{"--hill-k", field<&R::study, &S::hill_k>(), "Order statistics used by the Hill estimator (default runs/50)", {},
                    integer_range{1, limits::runs}}
          .without_default(),
      work_cap_row<R>(),
      {"--seed", field<&R::study, &S::seed>(), "Seed", {}, integer_range{0, seed_max}},
      {"--threads", field<&R::study, &S::ensemble, &sde::ensemble_options::threads>(), "Worker threads (0 = all cores)", {},
       integer_range{0, limits::threads}},
  };
}

std::vector<option_row<gibbs_request>> make_gibbs_options() {
  using R = gibbs_request;
  using S = analysis::gibbs_study_options;
  return {
      {"--mode", field<&R::mode>(), "auto | trajectory | exact | gaussian", {}, {}, {"auto", "trajectory", "exact", "gaussian"}},
      {"--eta", field<&R::study, &S::eta>(), "Learning rate (0 < eta < 2/L)"},
      option_row<R>{"--batch", field<&R::study, &S::batch>(), "Batch size B", {}, integer_range{1, limits::batch}}.with_short_name("-B"),
      {"--sampler", field<&R::sampler>(), "with_replacement | without_replacement (finite --n; the noise scale uses its c)", {}, {},
       {"with_replacement", "without_replacement"}},
      {"--steps", field<&R::study, &S::steps>(),
       "Length of each trajectory in SGD steps (gaussian: steps recorded per chain after the burn-in; "
       "default max(10000, 200 relaxation times))",
       {}, integer_range{1, limits::steps}},
      {"--burn-in", field<&R::study, &S::burn_in>(),
       "SGD steps discarded before the current is measured (gaussian: per chain; default 5 relaxation times)", {},
       integer_range{0, limits::steps}},
      {"--runs", field<&R::runs>(), "gaussian: independent SGD chains", {}, integer_range{4, limits::runs}},
      {"--threads", field<&R::threads>(), "gaussian: worker threads (0 = all cores)", {}, integer_range{0, limits::threads}},
      {"--substeps", field<&R::study, &S::substeps>(), "SDE steps per SGD step for the SME trajectory", {},
       integer_range{1, limits::substeps}},
      {"--integrator", field<&R::study, &S::integrator>(), "The SME trajectory's integrator: " + sde::integrators::names_text(), {}, {},
       integrator_names},
      work_cap_row<R>(),
      {"--seed", field<&R::study, &S::seed>(), "Seed", {}, integer_range{0, seed_max}},
  };
}

std::vector<option_row<escape_request>> make_escape_options() {
  using R = escape_request;
  using S = analysis::escape_study_options;
  return {
      {"--eta", field<&R::study, &S::etas>(), "Learning rates, comma-separated (each > 0)"},
      {"--target", field<&R::study, &S::target>(), "Level whose first passage is timed", real_range{-1e6, 1e6}},
      {"--reflect-at", field<&R::study, &S::reflect_at>(),
       "Reflecting wall of the exact computation (default x0 -/+ 4|target - x0|, behind x0)", real_range{-1e7, 1e7}},
      {"--horizon-factor", field<&R::study, &S::horizon_factor>(),
       "Runs stop at this multiple of the exact time; runs that have not escaped are censored", real_range{2, 1e6}},
      option_row<R>{"--batch", field<&R::study, &S::batch>(), "Batch size B", {}, integer_range{1, limits::batch}}.with_short_name("-B"),
      {"--sampler", field<&R::sampler>(), "with_replacement | without_replacement (finite --n; the noise scale uses its c)", {}, {},
       {"with_replacement", "without_replacement"}},
      {"--runs", field<&R::runs>(), "Runs per ensemble", {}, integer_range{2, limits::runs}},
      {"--substeps", field<&R::study, &S::substeps>(), "SDE steps per SGD step", {}, integer_range{1, limits::substeps}},
      {"--integrator", field<&R::study, &S::integrator>(), "The SME's integrator: " + sde::integrators::names_text(), {}, {},
       integrator_names},
      work_cap_row<R>(),
      {"--seed", field<&R::study, &S::seed>(), "Seed", {}, integer_range{0, seed_max}},
      {"--threads", field<&R::threads>(), "Worker threads (0 = all cores)", {}, integer_range{0, limits::threads}},
  };
}

std::vector<option_row<convergence_request>> make_convergence_options() {
  using R = convergence_request;
  using S = analysis::convergence_options;
  std::vector<std::string> methods = integrator_names;
  methods.push_back("all");
  return {
      {"--paths", field<&R::study, &S::ensemble, &sde::ensemble_options::n_paths>(), "Number of Brownian paths", {},
       integer_range{1, limits::runs}},
      {"--seed", field<&R::study, &S::seed>(), "Random seed: same seed, bit-identical output for any thread count", {},
       integer_range{0, seed_max}},
      {"--threads", field<&R::study, &S::ensemble, &sde::ensemble_options::threads>(), "Worker threads (0 = all cores)", {},
       integer_range{0, limits::threads}},
      {"--coarsest-level", field<&R::study, &S::coarsest_level>(), "Largest step is T/2^k for this k", {}, integer_range{0, 17}},
      {"--finest-level", field<&R::study, &S::finest_level>(), "Smallest step is T/2^k for this k (>= coarsest + 3)", {},
       integer_range{3, 20}},
      {"--reference-extra-levels", field<&R::study, &S::reference_extra_levels>(),
       "Reference refinement (in halvings) where no pathwise solution exists", {}, integer_range{1, 6}},
      {"--levy-area-tolerance", field<&R::study, &S::levy_area_tolerance>(),
       "Per-step mean-square Levy-area error bound, in units of dt^3 (> 0)"},
      {"--confidence", field<&R::study, &S::confidence>(), "Confidence level of the order intervals, in (0, 1)"},
      option_row<R>{"--problem", field<&R::problems>(), "Problems to run (default: all)", {}, {}, convergence_problem_names()}
          .without_default(),
      {"--method", field<&R::method>(), "An integrator (" + sde::integrators::names_text() + ") or all", {}, {}, methods},
      work_cap_row<R>(),
  };
}

}  // namespace

const std::vector<option_row<weak_error_request>>& weak_error_options() {
  static const auto rows = make_weak_error_options();
  return rows;
}
const std::vector<option_row<stationary_request>>& stationary_options() {
  static const auto rows = make_stationary_options();
  return rows;
}
const std::vector<option_row<gibbs_request>>& gibbs_options() {
  static const auto rows = make_gibbs_options();
  return rows;
}
const std::vector<option_row<escape_request>>& escape_options() {
  static const auto rows = make_escape_options();
  return rows;
}
const std::vector<option_row<convergence_request>>& convergence_options() {
  static const auto rows = make_convergence_options();
  return rows;
}

}  // namespace sgdsde::catalogue
