#pragma once
// The options of an ensemble run (for_each_chunk, ensemble.hpp): how many paths, from which global
// path index, on how many threads, in chunks of how many paths.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

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

}  // namespace sgdsde::sde
