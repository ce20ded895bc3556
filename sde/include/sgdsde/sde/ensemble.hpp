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
#include <sgdsde/sde/chunk_schedule.hpp>
#include <sgdsde/sde/ensemble_options.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace sgdsde::sde {

// Runs every chunk and calls sink(chunk_index, accumulator&&) in increasing chunk order.
template <class Accumulator, class RunPath, class Sink>
void for_each_chunk(const ensemble_options& options, const Accumulator& prototype, RunPath run_path, Sink sink) {
  std::string error;
  if (!options.is_valid(&error)) throw std::invalid_argument("ensemble_options: " + error);
  const std::uint64_t first_chunk = options.first_path / options.chunk_size;
  const unsigned n_threads = options.resolved_threads();
  // Each worker owns a copy of run_path (and so of any problem/stepper workspace it holds).
  std::vector<RunPath> runners(n_threads, run_path);
  std::vector<std::optional<Accumulator>> running(n_threads);
  std::map<std::uint64_t, Accumulator> finished;  // parked chunks, by chunk index

  detail::chunk_tasks tasks;
  tasks.run = [&](unsigned w, std::uint64_t, path_range range) {
    Accumulator& acc = running[w].emplace(prototype);
    if constexpr (std::is_invocable_v<RunPath&, path_range, Accumulator&>)
      runners[w](range, acc);
    else
      for (std::uint64_t path = range.begin; path < range.end; ++path) runners[w](path, acc);
  };
  tasks.park = [&](unsigned w, std::uint64_t c) {
    finished.emplace(c, std::move(*running[w]));
    running[w].reset();
  };
  tasks.deliver = [&](std::uint64_t c) {
    const auto it = finished.find(c);
    sink(first_chunk + c, std::move(it->second));
    finished.erase(it);
  };
  detail::run_chunk_schedule(options, n_threads, tasks);
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
