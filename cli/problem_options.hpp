#pragma once
// The problem catalogue's parameters (catalogue/problem_settings.hpp) as options of a subcommand.
#include "option_checks.hpp"

#include <sgdsde/catalogue/problem_settings.hpp>

#include <CLI/CLI.hpp>

namespace sgdsde::cli {

using catalogue::problem_help;
using catalogue::problem_settings;

// A real parameter's range as the catalogue states it (catalogue::problem_range).
inline CLI::Validator in_range(const char* option) {
  const catalogue::parameter_range& r = catalogue::problem_range(option);
  return real_in(r.lo, r.hi, r.lo_open, r.hi_open);
}

// data_target: register --target (a data file's target column); `escape` keeps --target for its level.
inline void add_problem_options(CLI::App* cmd, problem_settings& p, bool data_target = true) {
  p.given = [cmd, data_target](const std::string& option) {  // also asked of the command's own options
    const CLI::Option* o = cmd->get_option_no_throw(option);
    return o && o->count() > 0 && (data_target || option != "--target");
  };
  cmd->add_option("--problem", p.name, "Objective (see above)")
      ->capture_default_str()
      ->check(one_of(catalogue::problem_names()));
  cmd->add_option("--data", p.data_file, "CSV data set for least_squares/logistic: features..., target (see --header)");
  cmd->add_option("--header", p.header,
                  "Does --data's first line name the columns: yes | no | auto (a header only when no cell of it is a\n"
                  "number; a first line mixing numbers and text is refused)")
      ->capture_default_str()
      ->check(one_of({"yes", "no", "auto"}));
  if (data_target)
    cmd->add_option("--target", p.target, "--data's target column: a 1-based index or a header name (default: the last column)");
  cmd->add_flag("--standardize", p.standardize,
                "Centre each --data feature column and divide it by its standard deviation (a constant column becomes 0)");
  add_integer_option(cmd, "--dim", p.dim, 1, catalogue::problem_limits::dimension,
                     "Dimension d of the generated least_squares/logistic data (default 10) and of random_feature (default 1)");
  add_integer_option(cmd, "--n", p.n, 0, catalogue::problem_limits::data_size, "Data size n (least_squares/logistic default 200; population problems: 0 = population)");
  cmd->add_option("--sigma", p.sigma, "least_squares label noise sigma")->capture_default_str()->check(in_range("--sigma"));
  add_integer_option(cmd, "--data-seed", p.data_seed, 0, limits::seed, "Seed of the generated data set")->capture_default_str();
  cmd->add_option("--teacher-scale", p.teacher_scale, "logistic teacher weight s")->capture_default_str()->check(in_range("--teacher-scale"));
  cmd->add_flag("--separable", p.separable, "logistic: labels sign(x.w*) (separable) instead of Bernoulli");
  cmd->add_option("--ridge", p.ridge, "logistic ridge penalty")->capture_default_str()->check(in_range("--ridge"));
  cmd->add_option("--curvatures", p.curvatures, "li_tai_e: the diagonal of H (each)")->delimiter(',')->check(in_range("--curvatures"));
  cmd->add_option("--height", p.height, "double_well barrier height h")->capture_default_str()->check(in_range("--height"));
  cmd->add_option("--tilt-sd", p.tilt_sd, "double_well tilt standard deviation")->capture_default_str()->check(in_range("--tilt-sd"));
  cmd->add_option("--noise-sd", p.noise_sd, "random_feature label-noise standard deviation")->capture_default_str()->check(in_range("--noise-sd"));
  cmd->add_option("--h1", p.h1, "non_commuting curvature h1")->capture_default_str()->check(in_range("--h1"));
  cmd->add_option("--h2", p.h2, "non_commuting curvature h2")->capture_default_str()->check(in_range("--h2"));
  cmd->add_option("--rho", p.rho, "non_commuting noise correlation")->capture_default_str()->check(in_range("--rho"));
  cmd->add_option("--noise-cov", p.noise_cov,
                  "li_tai_e, non_commuting: the gradient noise covariance S, comma-separated: d values (its diagonal) or\n"
                  "d*d (row by row); symmetric positive semi-definite")
      ->delimiter(',')
      ->check(in_range("--noise-cov"));
  cmd->add_option("--x0", p.x0, "Initial point, comma-separated (default: problem-specific)")->delimiter(',')->check(in_range("--x0"));
}

}  // namespace sgdsde::cli
