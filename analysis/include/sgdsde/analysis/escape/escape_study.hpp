#pragma once
// The escape study (1-D): mean first-passage times from x0 to a target for SGD and for its SME over a
// sweep of η, next to the SME's exact value (quadrature with a reflecting wall behind x0,
// escape_time.hpp) and Kramers' asymptotic 2π/√(f″(min)|f″(saddle)|)·exp(ΔF/ε) where it applies
// (additive noise and a true saddle between x0 and the target), ε = ηcΣ/(2B) at the well's bottom.
// Two phases, so a caller can check the work before any run: plan_escape_study finds the landscape
// (well bottom and saddle by Brent, polished by Newton on f′) and every η's exact time, which fixes
// its horizon (horizon_factor × exact); run_escape_study simulates SGD and the SME (paired by
// sgd::pair_with_sme, any registered integrator at dt = η/substeps). Runs that have not escaped by
// the horizon are censored and counted; a diverging side is reported for that η, not thrown.
#include <sgdsde/analysis/escape/escape_study_result.hpp>
#include <sgdsde/analysis/escape/escape_time.hpp>
#include <sgdsde/sde/divergence_error.hpp>
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/paired_side.hpp>

#include <boost/math/tools/minima.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace sgdsde::analysis {

namespace detail {

template <class Simulate>
passage_estimate estimate_passage(Simulate&& simulate) {
  passage_estimate e;
  try {
    const first_passage_time r = simulate();
    e.mean = r.times().mean();
    e.standard_error = r.times().standard_error();
    e.hit = r.times().count();
    e.censored = r.censored();
  } catch (const sde::divergence_error& err) {
    e.divergence = err.what();
  }
  return e;
}
}  // namespace detail

template <class Objective>
escape_plan plan_escape_study(const Objective& f, double x0, const escape_study_options& options) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("escape study: " + error);
  if (f.dim() != 1) throw std::invalid_argument("escape: needs a 1-D problem (double_well, random_feature, li_tai_e with one curvature)");
  if (!std::isfinite(x0) || options.target == x0) throw std::invalid_argument("escape: the target must be finite and differ from x0");
  escape_plan p;
  p.x0 = x0;
  p.target = options.target;
  p.upward = options.target > x0;
  const double width = std::abs(options.target - x0);
  p.wall = options.reflect_at ? *options.reflect_at : (p.upward ? x0 - 4 * width : x0 + 4 * width);
  if (p.upward ? !(p.wall < x0) : !(p.wall > x0))
    throw std::invalid_argument("escape: the reflecting wall must lie beyond x0, away from the target");

  auto at = [](double x) { return sgd::vector::Constant(1, x); };
  auto loss = [&](double x) { return f.value(at(x)); };
  auto slope = [&](double x) { sgd::vector g; f.gradient(at(x), g); return g[0]; };
  auto curvature = [&](double x) { sgd::matrix H; f.hessian(at(x), H); return H(0, 0); };
  auto sigma2 = [&](double x) { sgd::matrix S; f.gradient_covariance(at(x), S); return S(0, 0); };
  // The well's bottom and the saddle between x0 and the target. Brent brackets each extremum to √eps;
  // Newton on f′ then gives it to full precision.
  const double a = std::min(x0, options.target), b = std::max(x0, options.target);
  p.saddle = critical_point(slope, curvature,
                            boost::math::tools::brent_find_minima([&](double x) { return -loss(x); }, a, b, 50).first, a, b);
  const double well_lo = p.upward ? x0 - width : p.saddle, well_hi = p.upward ? p.saddle : x0 + width;
  p.minimum = critical_point(slope, curvature, boost::math::tools::brent_find_minima(loss, well_lo, well_hi, 50).first,
                             well_lo, well_hi);
  p.minimum_curvature = curvature(p.minimum);
  p.saddle_curvature = curvature(p.saddle);
  p.barrier = loss(p.saddle) - loss(p.minimum);
  p.additive_noise = std::abs(sigma2(p.minimum) - sigma2(p.saddle)) <= 1e-12 * std::max(1.0, sigma2(p.minimum));
  // Kramers needs a true saddle strictly between x0 and the target (not the target on a slope).
  const bool interior_saddle = std::min(p.saddle - a, b - p.saddle) > 1e-6 * width && p.saddle_curvature < 0.0;
  p.kramers_not_applicable = !interior_saddle    ? "no saddle between x0 and the target"
                             : !p.additive_noise ? "state-dependent noise"
                                                 : "";
  const double c_over_b = sgd::minibatch_noise_scale(options.sampler, f.size(), options.batch);

  // Exact: the SME-1 dX = −f′ dt + √(ηcΣ/B) dW, mirrored when escaping downward.
  const double sign = p.upward ? 1.0 : -1.0;
  for (double eta : options.etas) {
    auto drift = [&](double y) { return -sign * slope(sign * y); };
    auto diffusion = [&](double y) { return eta * c_over_b * sigma2(sign * y); };
    // exp(barrier / temperature) beyond double's range: refuse before the (then very stiff) solve.
    const double coldest = 0.5 * std::min({diffusion(sign * p.minimum), diffusion(sign * p.saddle), diffusion(sign * x0)});
    if (!(coldest > 0.0) || p.barrier / coldest > 700.0)
      throw std::invalid_argument("eta " + sde::short_number(eta) + ": the temperature " + sde::short_number(coldest) +
                                  " is too small against the barrier " + sde::short_number(p.barrier) +
                                  ": the mean escape time, about exp(barrier / temperature), is beyond the range of a double");
    escape_point point;
    point.eta = eta;
    point.exact = mean_first_passage_time(drift, diffusion, sign * x0, sign * options.target, sign * p.wall);
    point.temperature = 0.5 * eta * c_over_b * sigma2(p.minimum);
    if (!std::isfinite(point.exact) || !(point.exact > 0.0))
      throw std::invalid_argument("eta " + sde::short_number(eta) +
                                  ": the exact mean first-passage time is beyond the range of a double (the temperature " +
                                  sde::short_number(point.temperature) + " is too small against the barrier " + sde::short_number(p.barrier) + ")");
    const double steps = std::ceil(options.horizon_factor * point.exact / eta);
    if (!(steps <= double(options.max_steps)))
      throw std::invalid_argument("horizon factor x the exact time / eta " + sde::short_number(eta) + " asks for " + sde::short_number(steps) +
                                  " steps; at most " + sde::short_number(double(options.max_steps)) + " are possible");
    point.steps = std::max<std::uint64_t>(1, std::uint64_t(steps));
    if (p.kramers_not_applicable.empty())
      point.kramers = kramers_escape_time(p.minimum_curvature, p.saddle_curvature, p.barrier, point.temperature);
    p.points.push_back(point);
  }
  return p;
}

template <class Objective>
escape_study_result run_escape_study(const Objective& f, const escape_study_options& options, escape_plan plan) {
  escape_study_result r;
  r.options = options;
  const sgd::vector x0 = sgd::vector::Constant(1, plan.x0);
  for (auto& point : plan.points) {
    const first_passage_time prototype(plan.target, plan.upward);
    const auto run = sgd::constant_rate_run(point.eta, options.batch, options.sampler, point.steps, options.seed, options.ensemble);
    const auto pair = sgd::pair_with_sme(run, 1, options.substeps, sgd::diffusion_form::covariance);
    point.sgd = detail::estimate_passage([&] { return sgd::simulate_side("sgd", f, pair, x0, prototype); });
    point.sme = detail::estimate_passage([&] { return sgd::simulate_side(options.integrator, f, pair, x0, prototype); });
  }
  r.plan = std::move(plan);
  return r;
}

template <class Objective>
escape_study_result run_escape_study(const Objective& f, double x0, const escape_study_options& options) {
  return run_escape_study(f, options, plan_escape_study(f, x0, options));
}

}  // namespace sgdsde::analysis
