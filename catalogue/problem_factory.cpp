// The catalogue's objectives built by name and erased (with_problem.hpp): the one unit that
// instantiates the erasure for every objective type of the catalogue.
#include <sgdsde/catalogue/with_problem.hpp>

#include <sgdsde/catalogue/problem_catalog.hpp>

namespace sgdsde::catalogue {

void build_problem(const problem_settings& p, const finite_sum_callback& finite, const population_callback& population) {
  refuse_unread_problem_options(p);
  check_problem_values(p);
  problems::visit(p.name, [&](auto problem) {
    problem.build(p, [&](const auto& f, const sgd::vector& x0) {
      const auto erased = analysis::erase_borrowed(f);
      if constexpr (std::decay_t<decltype(f)>::is_finite_sum) finite(erased, x0);
      else population(erased, x0);
    });
  });
}

}  // namespace sgdsde::catalogue
