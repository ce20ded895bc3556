#pragma once
// A progress line on stderr for long runs, fed by ensemble_options::progress. Shown only when
// stderr is a terminal and the run has lasted more than two seconds (short runs and pipes stay
// silent); redrawn at most five times a second; erased when the meter goes out of scope.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <unistd.h>

namespace sgdsde::cli {

class progress_meter {
 public:
  // stages: how many ensembles the command runs (0: not known in advance).
  explicit progress_meter(std::string label, int stages = 0, bool enabled = ::isatty(STDERR_FILENO) != 0)
      : state_(std::make_shared<state>()) {
    state_->label = std::move(label);
    state_->stages = stages;
    state_->enabled = enabled;
  }
  progress_meter(const progress_meter&) = delete;
  progress_meter& operator=(const progress_meter&) = delete;
  ~progress_meter() {
    if (state_->drawn) std::fprintf(stderr, "\r%*s\r", int(state_->width), "");
  }

  // For a study that says how many ensembles it runs once it has planned them (study_progress::begin).
  std::function<void(int)> stages_callback() const {
    auto s = state_;
    return [s](int stages) { s->stages = stages; };
  }

  // The callback for ensemble_options::progress. A new ensemble (paths done falling back) counts
  // as the next stage, so one meter follows a command that runs several ensembles in turn.
  std::function<void(std::uint64_t, std::uint64_t)> callback() const {
    auto s = state_;
    return [s](std::uint64_t done, std::uint64_t total) { s->update(done, total); };
  }

 private:
  struct state {
    std::string label;
    bool enabled = false, drawn = false;
    int stage = 1, stages = 0;
    std::uint64_t last_done = 0;
    std::size_t width = 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now(), last_draw{};

    void update(std::uint64_t done, std::uint64_t total) {
      if (done <= last_done) ++stage;  // each ensemble's counts strictly increase
      last_done = done;
      if (!enabled) return;
      const auto now = std::chrono::steady_clock::now();
      const double elapsed = std::chrono::duration<double>(now - start).count();
      if (elapsed < 2.0 || (drawn && now - last_draw < std::chrono::milliseconds(200))) return;
      last_draw = now;
      char of[32] = "";
      if (stages > 0) std::snprintf(of, sizeof of, " of %d", stages);
      char line[200];
      const int n = std::snprintf(line, sizeof line, "\r%s: ensemble %d%s, %3.0f%% (%.0f s)", label.c_str(), stage, of,
                                  100.0 * double(done) / double(total), elapsed);
      std::fputs(line, stderr);
      std::fflush(stderr);
      width = std::max<std::size_t>(width, std::size_t(n > 0 ? n : 0));
      drawn = true;
    }
  };
  std::shared_ptr<state> state_;
};

}  // namespace sgdsde::cli
