#pragma once
// The thread schedule behind for_each_chunk (ensemble.hpp): which worker runs which chunk, the window
// that bounds the reorder buffer, the hand-over of chunks to the sink in increasing order, progress,
// and failures (the lowest failing chunk wins). It knows nothing of accumulators or path runners, so it
// is compiled once per translation unit instead of once per (accumulator, runner, sink): with the
// threads, locks and reorder map in every instantiation, the library's studies spent most of their
// compile time here.
#include <sgdsde/sde/ensemble_options.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace sgdsde::sde::detail {

// What the schedule does with a chunk, given by for_each_chunk.
struct chunk_tasks {
  // Runs chunk c, the paths in range, on worker w's own copy of the path runner, and keeps the result
  // for worker w. Outside the lock; may throw.
  std::function<void(unsigned w, std::uint64_t c, path_range range)> run;
  // Moves worker w's result of chunk c into the reorder buffer. Under the lock.
  std::function<void(unsigned w, std::uint64_t c)> park;
  // Hands chunk c, the oldest parked and not yet delivered, to the sink. Under the lock, for
  // c = 0, 1, 2, ... in turn; may throw.
  std::function<void(std::uint64_t c)> deliver;
};

// Runs chunks 0 .. n_chunks - 1 of options on n_threads workers (w = 0 .. n_threads - 1) and delivers
// them in order; rethrows the failure of the lowest failing chunk.
inline void run_chunk_schedule(const ensemble_options& options, unsigned n_threads, const chunk_tasks& tasks) {
  const std::uint64_t n_chunks = (options.n_paths + options.chunk_size - 1) / options.chunk_size;
  // A worker may run ahead of the oldest unmerged chunk by at most this many chunks, so a stalled
  // thread (descheduled, or on a slow path) cannot make the reorder buffer grow with n_paths.
  // The oldest unmerged chunk is always already claimed, so waiting here never deadlocks.
  const std::uint64_t window = 4 * std::uint64_t{n_threads};

  std::atomic<std::uint64_t> next_chunk{0};
  std::atomic<bool> stop{false};
  std::mutex merge_mutex;
  std::condition_variable merged;  // signalled when next_to_merge advances or on failure
  std::set<std::uint64_t> parked;  // done, waiting for earlier chunks (< window of them)
  std::uint64_t next_to_merge = 0;
  std::optional<std::pair<std::uint64_t, std::exception_ptr>> failure;

  auto fail = [&](std::uint64_t c) {  // under the lock
    if (!failure || c < failure->first) failure = std::make_pair(c, std::current_exception());
    stop = true;
    merged.notify_all();
  };

  auto worker = [&](unsigned w) {
    for (;;) {
      const std::uint64_t c = next_chunk.fetch_add(1);
      if (c >= n_chunks || stop.load()) return;
      if (n_threads > 1) {
        std::unique_lock<std::mutex> lock(merge_mutex);
        merged.wait(lock, [&] { return stop.load() || c < next_to_merge + window; });
        if (stop.load()) return;
      }
      const std::uint64_t begin = options.first_path + c * options.chunk_size;
      const std::uint64_t end = std::min(options.first_path + options.n_paths, begin + options.chunk_size);
      try {
        tasks.run(w, c, path_range{begin, end});
      } catch (...) {
        std::lock_guard<std::mutex> lock(merge_mutex);
        fail(c);
        return;
      }
      std::lock_guard<std::mutex> lock(merge_mutex);
      if (failure) return;
      try {
        tasks.park(w, c);
        parked.insert(c);
        const std::uint64_t merged_before = next_to_merge;
        for (auto it = parked.find(next_to_merge); it != parked.end(); it = parked.find(next_to_merge)) {
          tasks.deliver(next_to_merge);
          parked.erase(it);
          ++next_to_merge;
        }
        if (next_to_merge > merged_before) {
          merged.notify_all();
          if (options.progress)
            options.progress(std::min(options.n_paths, next_to_merge * options.chunk_size), options.n_paths);
        }
      } catch (...) {
        fail(c);
        return;
      }
    }
  };

  if (n_threads <= 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(n_threads);
    // A thread that cannot be started (a thread or memory limit) stops the ones already running
    // and is reported as an error; nothing is left running.
    try {
      for (unsigned i = 0; i < n_threads; ++i) pool.emplace_back(worker, i);
    } catch (const std::system_error& e) {
      {
        std::lock_guard<std::mutex> lock(merge_mutex);
        stop = true;
        merged.notify_all();
      }
      for (auto& t : pool) t.join();
      throw std::runtime_error("could not start worker thread " + std::to_string(pool.size() + 1) + " of " +
                               std::to_string(n_threads) + " (" + e.what() + "); use fewer threads");
    }
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure->second);
}

}  // namespace sgdsde::sde::detail
