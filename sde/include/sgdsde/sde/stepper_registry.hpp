#pragma once
// The integrators sgdsde offers, by name. Adding one is its header (a stepper class and its scheme
// descriptor: name, title, strong_order, weak_order, `template <class P> using stepper`), its test and
// one entry in `integrators` below; every --integrator option, `convergence`, `stationary` and the
// figures take it from here.
#include <sgdsde/sde/euler_maruyama.hpp>
#include <sgdsde/sde/milstein.hpp>
#include <sgdsde/sde/named_types.hpp>
#include <sgdsde/sde/platen_weak2.hpp>

namespace sgdsde::sde {

struct integrator_noun {
  static constexpr const char* noun = "integrator";
};

template <class... Schemes>
using scheme_list = named_types<integrator_noun, Schemes...>;

using integrators = scheme_list<euler_maruyama_scheme, milstein_scheme, platen_weak2_scheme>;

}  // namespace sgdsde::sde
