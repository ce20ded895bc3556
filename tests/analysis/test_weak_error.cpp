#include <sgdsde/analysis/weak_error.hpp>

#include <catch2/catch.hpp>

using namespace sgdsde;
using namespace sgdsde::analysis;

TEST_CASE("Li–Tai–E quadratic: exact weak order 1 for the SME-1 and 2 for the SME-2", "[weak_error][headline]") {
  // Exact curves carry no noise; the slope at the smallest η is within twice its own Richardson
  // drift of the asymptotic order (and, e.g., 2 is excluded for the SME-1: the test can fail).
  const matrix H = (matrix(2, 2) << 1.0, 0.0, 0.0, 0.5).finished();
  const auto model = affine_model(sgd::li_tai_e_quadratic(H));
  weak_error_options o;
  o.horizon = 2.0;
  o.steps = {64, 128, 256, 512, 1024, 2048, 4096};
  for (const char* name : {"loss", "second_moment", "x1", "x2"}) {
    o.functional = moment_functional::parse(name);
    const auto r = exact_weak_error(model, vector::Ones(2), o);
    INFO(name << ": SME-1 local order " << r.local1.order << " (drift " << r.local1.drift << "), SME-2 "
              << r.local2.order << " (drift " << r.local2.drift << "); fits " << r.order1.order << ", " << r.order2.order);
    CHECK(r.local1.consistent_with(1.0));
    CHECK(r.local2.consistent_with(2.0));
    CHECK_FALSE(r.local1.consistent_with(2.0));
    CHECK(r.local1.drift < 0.01);
    CHECK(r.local2.drift < 0.01);
    CHECK(std::abs(r.points.back().error2()) < std::abs(r.points.back().error1()));
  }
}

TEST_CASE("least squares (state-dependent noise): SME-1 weak order 1, SME-2 order 2", "[weak_error]") {
  const sgd::least_squares f(sgd::lecture_regression_data(3, 50, 0.5, 3).data);
  const auto model = affine_model(f);
  weak_error_options o;
  o.horizon = 0.5;
  o.batch = 5;
  o.steps = {256, 512, 1024, 2048, 4096};
  o.functional = moment_functional::parse("loss");
  const auto r = exact_weak_error(model, vector::Zero(3), o);
  INFO("SME-1 " << r.local1.order << " (" << r.local1.drift << "), SME-2 " << r.local2.order << " (" << r.local2.drift << ")");
  CHECK(r.local1.consistent_with(1.0));
  CHECK(r.local2.consistent_with(2.0));
}

TEST_CASE("weak-error options are validated", "[weak_error][input]") {
  const auto model = affine_model(sgd::li_tai_e_quadratic(matrix::Identity(2, 2)));
  weak_error_options o;
  o.steps = {8, 16};
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("at least 3"));
  o.steps = {8, 16, 16};
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("strictly increasing"));
  o.steps = {8, 16, 32};
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(3), o), Catch::Contains("dimension 2"));
  o.functional = moment_functional::parse("x3");
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("exceeds d = 2"));
  CHECK_THROWS_WITH(moment_functional::parse("x0"), Catch::Contains("functional must be"));
  o.functional = moment_functional::parse("loss");
  o.horizon = -1;
  CHECK_THROWS_WITH(exact_weak_error(model, vector::Ones(2), o), Catch::Contains("horizon"));
}
