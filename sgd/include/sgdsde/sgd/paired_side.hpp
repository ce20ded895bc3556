#pragma once
// One side of an SGD↔SME pairing (sme_pairing.hpp), chosen by name: "sgd" runs the SGD recursion on
// pair.sgd, a registered integrator's name (stepper_registry.hpp) runs the SME on pair.sde with that
// integrator. Either way the observer sees the same kind of paths, so a study runs "sgd" and then every
// integrator through one call.
#include <sgdsde/sde/simulate.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme_pairing.hpp>

#include <string>

namespace sgdsde::sgd {

template <class Objective, class Observer>
Observer simulate_side(const std::string& side, const Objective& f, const sgd_sme_pair& pair, const vector& x0,
                       const Observer& prototype) {
  if (side == "sgd") return simulate_sgd(f, x0, pair.sgd, prototype);
  const auto sme = make_sme(borrowed(f), pair.sme);
  return sde::integrators::visit(side, [&](auto scheme) {
    return sde::simulate_ensemble<decltype(scheme)::template stepper>(sme, x0, pair.sde, prototype);
  });
}

}  // namespace sgdsde::sgd
