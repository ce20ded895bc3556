#include <sgdsde/sde/stepper_registry.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace sgdsde::sde;

TEST_CASE("the integrator registry lists each scheme once, and visit reaches each by its name", "[stepper_registry][registry]") {
  std::set<std::string> names;
  std::size_t visited = 0;
  integrators::for_each([&](auto scheme) {
    CAPTURE(scheme.name);
    CHECK(names.insert(scheme.name).second);
    CHECK(std::string(scheme.title).size() > 0);
    CHECK(scheme.strong_order >= 0.5);
    CHECK(scheme.weak_order >= scheme.strong_order);
    CHECK(integrators::contains(scheme.name));
    CHECK(integrators::visit(scheme.name, [](auto s) { return std::string(s.name); }) == scheme.name);
    CHECK(integrators::visit(scheme.name, [](auto s) { return s.weak_order; }) == scheme.weak_order);
    ++visited;
  });
  CHECK(visited == integrators::size);
  CHECK(integrators::names().size() == integrators::size);
  CHECK(!integrators::contains("rk4"));
  CHECK_THROWS_WITH(integrators::visit("rk4", [](auto) {}),
                    "unknown integrator 'rk4'; valid: " + integrators::names_text());
  const std::string first = integrators::names().front();
  const std::string typo = first.substr(0, first.size() - 1);  // one letter short
  CHECK_THROWS_WITH(integrators::visit(typo, [](auto) {}),
                    Catch::StartsWith("unknown integrator '" + typo + "' (did you mean '" + first + "'?)"));
}
