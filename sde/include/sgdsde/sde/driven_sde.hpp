#pragma once
// An SDE paired with the source of its Brownian increments: the "system" a stepper receives through
// Boost.Odeint's do_step(system, x, t, dt). The stepper asks the source for the increment over
// [t, t+dt] and never draws random numbers itself, so common random numbers across methods and
// step sizes stay possible.
namespace sgdsde::sde {

template <class Problem, class NoiseSource>
struct driven_sde {
  const Problem* problem;
  NoiseSource* noise;
};

template <class Problem, class NoiseSource>
driven_sde<Problem, NoiseSource> drive(const Problem& problem, NoiseSource& noise) {
  return {&problem, &noise};
}

}  // namespace sgdsde::sde
