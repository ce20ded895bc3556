#pragma once
// The ensemble runner: N independent paths over all cores, each streamed into an accumulator.
//
// Reproducibility by construction: paths are grouped into fixed chunks of `chunk_size` consecutive
// path indices (independent of the thread count); each chunk fills a fresh copy of the prototype
// accumulator, and chunk results are merged strictly in chunk order. With per-path random streams
// keyed by (seed, path), the same seed gives bit-identical results for any number of threads.
// Memory stays bounded: at most 4 chunks per thread wait for earlier chunks to be merged.
//
// Distributing: a process can run paths [first_path, first_path + n_paths) (first_path a multiple of
// chunk_size) and hand its chunk results, in order, to a root that merges them with
// `for_each_chunk`'s sink; the fold is then the same as one process's.
//
// Accumulator concept: copyable, `void merge(const Accumulator&)`; run_path(path, acc) streams one
// path into acc, or run_path(path_range{begin, end}, acc) streams the paths [begin, end) in order
// (for runners that advance several paths at once). Exceptions from run_path stop the run and are
// rethrown (lowest failing chunk wins).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

namespace sgdsde::sde {

// Consecutive global path indices [begin, end) of one chunk.
struct path_range {
  std::uint64_t begin, end;
};

struct ensemble_options {
  std::uint64_t n_paths = 1000;
  std::uint64_t first_path = 0;   // global index of the first path (ranges run elsewhere)
  unsigned threads = 0;           // 0: all hardware threads
  std::uint64_t chunk_size = 64;  // paths per merge unit; part of the result's definition
  // Called after each merged chunk with (paths merged, n_paths), under the merge lock, so calls are
  // serialised and strictly increasing; for progress display only: it cannot change any result.
  std::function<void(std::uint64_t, std::uint64_t)> progress;

  bool is_valid(std::string* error) const {
    auto fail = [&](const std::string& message) {
      if (error) *error = message;
      return false;
    };
    if (n_paths < 1) return fail("n_paths must be >= 1");
    if (chunk_size < 1) return fail("chunk_size must be >= 1");
    if (first_path % chunk_size != 0)
      return fail("first_path must be a multiple of chunk_size (" + std::to_string(chunk_size) + ")");
    if (threads > 4096) return fail("threads must be in [0, 4096]");
    return true;
  }

  unsigned resolved_threads() const {
    unsigned t = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    const std::uint64_t chunks = (n_paths + chunk_size - 1) / chunk_size;
    return static_cast<unsigned>(std::min<std::uint64_t>(t, chunks));
  }
};

// Runs every chunk and calls sink(chunk_index, accumulator&&) in increasing chunk order.
template <class Accumulator, class RunPath, class Sink>
void for_each_chunk(const ensemble_options& options, const Accumulator& prototype, RunPath run_path, Sink sink) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("ensemble_options: " + error);
  const std::uint64_t n_chunks = (options.n_paths + options.chunk_size - 1) / options.chunk_size;
  const std::uint64_t first_chunk = options.first_path / options.chunk_size;

  const unsigned n_threads = options.resolved_threads();
  // A worker may run ahead of the oldest unmerged chunk by at most this many chunks, so a stalled
  // thread (descheduled, or on a slow path) cannot make the reorder buffer grow with n_paths.
  // The oldest unmerged chunk is always already claimed, so waiting here never deadlocks.
  const std::uint64_t window = 4 * std::uint64_t{n_threads};

  std::atomic<std::uint64_t> next_chunk{0};
  std::atomic<bool> stop{false};
  std::mutex merge_mutex;
  std::condition_variable merged;                  // signalled when next_to_merge advances or on failure
  std::map<std::uint64_t, Accumulator> finished;  // done, waiting for earlier chunks (< window of them)
  std::uint64_t next_to_merge = 0;
  std::optional<std::pair<std::uint64_t, std::exception_ptr>> failure;

  auto worker = [&](RunPath path_runner) {
    for (;;) {
      const std::uint64_t c = next_chunk.fetch_add(1);
      if (c >= n_chunks || stop.load()) return;
      if (n_threads > 1) {
        std::unique_lock<std::mutex> lock(merge_mutex);
        merged.wait(lock, [&] { return stop.load() || c < next_to_merge + window; });
        if (stop.load()) return;
      }
      Accumulator acc = prototype;
      const std::uint64_t begin = options.first_path + c * options.chunk_size;
      const std::uint64_t end = std::min(options.first_path + options.n_paths, begin + options.chunk_size);
      try {
        if constexpr (std::is_invocable_v<RunPath&, path_range, Accumulator&>)
          path_runner(path_range{begin, end}, acc);
        else
          for (std::uint64_t path = begin; path < end; ++path) path_runner(path, acc);
      } catch (...) {
        std::lock_guard<std::mutex> lock(merge_mutex);
        if (!failure || c < failure->first) failure = std::make_pair(c, std::current_exception());
        stop = true;
        merged.notify_all();
        return;
      }
      std::lock_guard<std::mutex> lock(merge_mutex);
      if (failure) return;
      finished.emplace(c, std::move(acc));
      try {
        const std::uint64_t merged_before = next_to_merge;
        for (auto it = finished.find(next_to_merge); it != finished.end(); it = finished.find(next_to_merge)) {
          sink(first_chunk + next_to_merge, std::move(it->second));
          finished.erase(it);
          ++next_to_merge;
        }
        if (next_to_merge > merged_before) {
          merged.notify_all();
          if (options.progress)
            options.progress(std::min(options.n_paths, next_to_merge * options.chunk_size), options.n_paths);
        }
      } catch (...) {
        failure = std::make_pair(c, std::current_exception());
        stop = true;
        merged.notify_all();
        return;
      }
    }
  };

  if (n_threads <= 1) {
    worker(run_path);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(n_threads);
    // Each worker owns a copy of run_path (and so of any problem/stepper workspace it holds).
    // A thread that cannot be started (a thread or memory limit) stops the ones already running
    // and is reported as an error; nothing is left running.
    try {
      for (unsigned i = 0; i < n_threads; ++i) pool.emplace_back(worker, run_path);
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

// Runs the ensemble and returns the ordered merge of all chunk accumulators.
template <class Accumulator, class RunPath>
Accumulator run_ensemble(const ensemble_options& options, const Accumulator& prototype, RunPath run_path) {
  Accumulator total = prototype;
  for_each_chunk(options, prototype, std::move(run_path),
                 [&](std::uint64_t, Accumulator&& chunk) { total.merge(chunk); });
  return total;
}

}  // namespace sgdsde::sde
