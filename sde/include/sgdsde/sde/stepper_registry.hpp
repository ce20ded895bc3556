#pragma once
// The integrators sgdsde offers, by name. Adding one is its header (a stepper class and its scheme
// descriptor: name, title, strong_order, weak_order, `template <class P> using stepper`), its test and
// one entry in `integrators` below; every --integrator option, `convergence`, `stationary` and the
// figures take it from here.
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/milstein.hpp>
#include <sgdsde/sde/platen_weak2.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace sgdsde::sde {

template <class... Schemes>
struct scheme_list {
  static constexpr std::size_t size = sizeof...(Schemes);

  static std::vector<std::string> names() { return {Schemes::name...}; }
  static bool contains(const std::string& name) { return ((name == Schemes::name) || ...); }
  static std::string names_text() {
    std::string text;
    for (const auto& n : names()) text += (text.empty() ? "" : ", ") + n;
    return text;
  }

  static std::string titles_text() {
    std::string text;
    for (const char* t : {Schemes::title...}) text += (text.empty() ? "" : ", ") + std::string(t);
    return text;
  }

  // f(Scheme{}) for every scheme, in registry order.
  template <class F>
  static void for_each(F&& f) { (f(Schemes{}), ...); }

  // f(Scheme{}) for the scheme called `name`; its result (every scheme's call returns the same type).
  template <class F>
  static auto visit(const std::string& name, F&& f) {
    using first = std::tuple_element_t<0, std::tuple<Schemes...>>;
    using result = std::invoke_result_t<F, first>;
    if constexpr (std::is_void_v<result>) {
      const bool found = ((name == Schemes::name ? (f(Schemes{}), true) : false) || ...);
      if (!found) unknown(name);
    } else {
      std::optional<result> r;
      const bool found = ((name == Schemes::name ? (r.emplace(f(Schemes{})), true) : false) || ...);
      if (!found) unknown(name);
      return std::move(*r);
    }
  }

 private:
  [[noreturn]] static void unknown(const std::string& name) {
    throw std::invalid_argument("unknown integrator '" + name + "'; valid: " + names_text());
  }
};

using integrators = scheme_list<euler_maruyama_scheme, milstein_scheme, platen_weak2_scheme>;

}  // namespace sgdsde::sde
