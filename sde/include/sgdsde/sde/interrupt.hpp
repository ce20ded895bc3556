#pragma once
// A front end's request to stop (Ctrl-C in Python): every path loop polls it once per step (a relaxed
// load, nothing beside a step's cost) and throws sde::interrupted, so a long run stops within a step.
// The library never sets it; the CLI does not need it (a signal ends the process).
#include <atomic>
#include <stdexcept>

namespace sgdsde::sde {

// One flag for the program (an inline variable: no guard to test on each read).
inline std::atomic<bool> interrupt_requested{false};

struct interrupted : std::runtime_error {
  interrupted() : std::runtime_error("interrupted") {}
};

// Throws sde::interrupted when a stop was requested.
inline void check_interrupt() {
  if (interrupt_requested.load(std::memory_order_relaxed)) throw interrupted();
}

}  // namespace sgdsde::sde
