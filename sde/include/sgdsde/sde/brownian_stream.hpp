#pragma once
// The Brownian path of one ensemble member, drawn step by step on demand. Increments come from the
// path's `brownian` substream and Lévy areas from its `levy_area` substream, so a run with areas
// sees exactly the same dW as a run without them.
#include <sgdsde/sde/brownian_increment.hpp>
#include <sgdsde/sde/levy_area.hpp>
#include <sgdsde/sde/random_stream.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace sgdsde::sde {

template <int M = Eigen::Dynamic>
class brownian_stream {
 public:
  using increment_type = brownian_increment<M>;

  brownian_stream(std::uint64_t seed, std::uint64_t path, int noise_dim, bool with_levy_area = false,
                  double area_tolerance = 1.0)
      : normals_(seed, path, substream::brownian),
        area_normals_(seed, path, substream::levy_area),
        areas_(area_tolerance),
        noise_dim_(noise_dim),
        with_levy_area_(with_levy_area) {
    if (noise_dim < 1 || (M != Eigen::Dynamic && noise_dim != M))
      throw std::invalid_argument("brownian_stream: noise dimension must be >= 1" +
                                  std::string(M != Eigen::Dynamic ? " and equal the fixed size" : "") +
                                  ", got " + std::to_string(noise_dim));
  }

  int noise_dim() const { return noise_dim_; }

  // A promise that `steps` more steps will be drawn (runners know n_steps). The normals are then
  // generated ahead in blocks of up to buffer_size (never beyond the promise), faster than
  // one at a time; the increments are the same either way. Without it, each step draws its own.
  void expect_steps(std::uint64_t steps) { promised_ = steps * std::uint64_t(noise_dim_); }
  bool with_levy_area() const { return with_levy_area_; }

  // Draws the next increment over a step of length dt into `out`.
  void next(double dt, increment_type& out) {
    if (dt != last_dt_) {  // validated and square-rooted once per step size, not once per step
      if (!(dt > 0.0) || !std::isfinite(dt))
        throw std::invalid_argument("brownian_stream::next: dt must be finite and > 0, got " + std::to_string(dt));
      last_dt_ = dt;
      sqrt_dt_ = std::sqrt(dt);
    }
    if (out.noise_dim() != noise_dim_) out.resize(noise_dim_);
    out.dt = dt;
    if (buffered_ - used_ < std::size_t(noise_dim_)) refill();
    if (buffered_ > 0) {
      for (int j = 0; j < noise_dim_; ++j) out.dW[j] = buffer_[used_ + j] * sqrt_dt_;
      used_ += noise_dim_;
    } else {  // more noise dimensions than the buffer holds
      fill_standard_normal(normals_, out.dW);
      out.dW *= sqrt_dt_;
    }
    out.has_levy_area = false;
    if (with_levy_area_) areas_.sample(area_normals_, out);
  }

  // The path's normal stream itself, for a law drawn beside the increments in the same sequence (SGD's
  // Student-t noise draws its chi-square after the step's normals; a user's noise law draws what it
  // likes). Only while nothing is buffered ahead: a stream used this way takes no expect_steps promise.
  random_stream& engine() {
    if (used_ != buffered_) throw std::logic_error("brownian_stream::engine: normals are buffered ahead (expect_steps)");
    return normals_;
  }

  // For runners that scale many paths' normals at once (lane_paths_runner.hpp, eight paths per
  // instruction): the next `count` standard normals of this path's increments (step after step, m per
  // step) into out[0], out[stride], …: exactly the numbers next() would scale by √dt. One stream is
  // drawn either by next() or by this, never both.
  void next_standard_normals(double* out, std::size_t count, std::size_t stride) {
    fill_standard_normal(normals_, out, count, stride);
  }

 private:
  // Generates the normals of the next steps into buffer_: as many as were promised, at least one step.
  void refill() {
    const std::size_t whole_steps = buffer_size / std::size_t(noise_dim_) * std::size_t(noise_dim_);
    if (whole_steps == 0) {
      buffered_ = used_ = 0;
      return;
    }
    const std::size_t count = std::size_t(std::min<std::uint64_t>(whole_steps, std::max<std::uint64_t>(promised_, noise_dim_)));
    fill_standard_normal(normals_, buffer_.data(), count);
    promised_ -= std::min<std::uint64_t>(promised_, count);
    buffered_ = count;
    used_ = 0;
  }

  static constexpr std::size_t buffer_size = 128;
  std::array<double, buffer_size> buffer_{};  // zeroed: GCC cannot see it is filled before it is read
  std::size_t buffered_ = 0, used_ = 0;
  std::uint64_t promised_ = 0;
  random_stream normals_;
  random_stream area_normals_;
  levy_area_sampler<M> areas_;
  int noise_dim_;
  bool with_levy_area_;
  double last_dt_ = std::numeric_limits<double>::quiet_NaN(), sqrt_dt_ = 0.0;  // NaN: never equal, so the first dt is checked
};

}  // namespace sgdsde::sde
