#pragma once
// A registry of types by name: the integrators (stepper_registry.hpp) and the problem catalogue
// (catalogue/problem_catalog.hpp) are each one list of descriptor types with a static `name`, which
// every front end, help text and test reads. visit(name, f) calls f with the descriptor whose name
// matches, so a run-time choice reaches code templated on the type; an unknown name is refused with
// the valid ones and the nearest.
#include <sgdsde/sde/nearest_name.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace sgdsde::sde {

// Noun: a type with `static constexpr const char* noun` ("integrator"), for the refusal.
template <class Noun, class... Entries>
struct named_types {
  static constexpr std::size_t size = sizeof...(Entries);

  static std::vector<std::string> names() { return {Entries::name...}; }
  static bool contains(const std::string& name) { return ((name == Entries::name) || ...); }
  static std::string names_text() { return joined(names()); }

  // The entries' `title`s, for entries that have one (integrators).
  static std::string titles_text() { return joined({Entries::title...}); }

  // f(Entry{}) for every entry, in registry order.
  template <class F>
  static void for_each(F&& f) { (f(Entries{}), ...); }

  // f(Entry{}) for the entry called `name`; its result (every entry's call returns the same type).
  template <class F>
  static auto visit(const std::string& name, F&& f) {
    using first = std::tuple_element_t<0, std::tuple<Entries...>>;
    using result = std::invoke_result_t<F, first>;
    if constexpr (std::is_void_v<result>) {
      const bool found = ((name == Entries::name ? (f(Entries{}), true) : false) || ...);
      if (!found) unknown(name);
    } else {
      std::optional<result> r;
      const bool found = ((name == Entries::name ? (r.emplace(f(Entries{})), true) : false) || ...);
      if (!found) unknown(name);
      return std::move(*r);
    }
  }

  // "unknown integrator 'rk4'; valid: euler_maruyama, milstein, platen_weak2" (and the nearest, when
  // the name looks like a typo of one).
  static std::string unknown_text(const std::string& name) {
    return "unknown " + std::string(Noun::noun) + " '" + name + "'" + did_you_mean(name, names()) + "; valid: " + names_text();
  }

 private:
  static std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : ", ") + w;
    return text;
  }
  [[noreturn]] static void unknown(const std::string& name) { throw std::invalid_argument(unknown_text(name)); }
};

}  // namespace sgdsde::sde
