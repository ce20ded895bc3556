#pragma once
// An observer may end its path early by providing `bool done() const` (e.g. a first-passage time:
// once the level is hit, the rest of the path is wasted work). The runners check it after every
// observe; a path that stops early still gets finish(x, t) with its state and time at that step.
// Observers without done() run every path to the end.
#include <type_traits>
#include <utility>

namespace sgdsde::sde {

template <class Observer, class = void>
struct stops_early : std::false_type {};
template <class Observer>
struct stops_early<Observer, std::void_t<decltype(bool(std::declval<const Observer&>().done()))>> : std::true_type {};

template <class Observer>
inline constexpr bool stops_early_v = stops_early<Observer>::value;

// True when the observer asks its path to stop now (always false for observers without done()).
template <class Observer>
bool path_done(const Observer& observer) {
  if constexpr (stops_early_v<Observer>) return observer.done();
  else return false;
}

}  // namespace sgdsde::sde
