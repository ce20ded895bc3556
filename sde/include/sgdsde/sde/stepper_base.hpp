#pragma once
// What every sgdsde stepper shares: Boost.Odeint's stepper concept (typedefs, order(), do_step with
// a driven_sde system) on top of the core do_step(problem, x, t, increment), and its scheme's name and
// orders. A scheme is a descriptor (name, title, strong_order, weak_order, `stepper<Problem>`) that
// stepper_registry.hpp lists.
#include <sgdsde/sde/brownian_increment.hpp>
#include <sgdsde/sde/driven_sde.hpp>
#include <sgdsde/sde/noise_structure.hpp>
#include <sgdsde/sde/sde_problem.hpp>  // so a stepper include is enough to define problems

#include <boost/numeric/odeint/stepper/stepper_categories.hpp>

namespace sgdsde::sde {

template <class Derived, class Problem, class Scheme>
class stepper_base {
 public:
  using scheme = Scheme;
  static constexpr const char* name = Scheme::name;
  static constexpr double strong_order = Scheme::strong_order;
  static constexpr double weak_order = Scheme::weak_order;
  using problem_type = Problem;
  using state_type = typename Problem::state_type;
  using deriv_type = state_type;
  using value_type = double;
  using time_type = double;
  using order_type = unsigned short;
  using stepper_category = boost::numeric::odeint::stepper_tag;
  using increment_type = brownian_increment<Problem::fixed_noise_dim>;

  // Odeint's order(): the weak order, the one that governs expectations.
  static order_type order() { return static_cast<order_type>(Scheme::weak_order); }

  // Odeint entry point: the system's noise source supplies the increment over [t, t + dt].
  template <class NoiseSource>
  void do_step(driven_sde<Problem, NoiseSource> system, state_type& x, double t, double dt) {
    system.noise->next(dt, increment_);
    static_cast<Derived*>(this)->do_step(*system.problem, x, t, increment_);
  }

 protected:
  increment_type increment_;
};

}  // namespace sgdsde::sde
