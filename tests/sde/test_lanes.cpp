#include <sgdsde/sde/covariance_factor.hpp>
#include <sgdsde/sde/lanes.hpp>

#include <catch2/catch.hpp>

#include "same_bits.hpp"

#include <cstring>
#include <limits>
#include <random>

using namespace sgdsde::sde;
using lane = lanes<8>;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// Lane values that include the awkward ones: signed zeros, infinities, NaN, subnormals, huge.
lane awkward(std::mt19937_64& rng, int shift) {
  const double specials[] = {0.0, -0.0, inf, -inf, not_a_number, 4.9e-324, -1e-310, 1e300, -3.0, 2.0, 0.1};
  std::normal_distribution<double> normal(0.0, 3.0);
  lane x;
  for (int l = 0; l < 8; ++l) x[l] = (l + shift) % 3 == 0 ? specials[(l * 7 + shift) % 11] : normal(rng);
  return x;
}

template <class LaneOp, class ScalarOp>
std::size_t mismatches(LaneOp lane_op, ScalarOp scalar_op) {
  std::mt19937_64 rng(5);
  std::size_t bad = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const lane a = awkward(rng, trial), b = awkward(rng, trial + 1);
    const lane r = lane_op(a, b);
    for (int l = 0; l < 8; ++l) {
      const double s = scalar_op(a[l], b[l]);
      bad += !(sgdsde::testing::same_bits(r[l], s) || (std::isnan(r[l]) && std::isnan(s)));
    }
  }
  return bad;
}
}  // namespace

TEST_CASE("lane arithmetic is the double arithmetic of each lane, bit for bit", "[lanes]") {
  CHECK(mismatches([](lane a, lane b) { return a + b; }, [](double a, double b) { return a + b; }) == 0);
  CHECK(mismatches([](lane a, lane b) { return a - b; }, [](double a, double b) { return a - b; }) == 0);
  CHECK(mismatches([](lane a, lane b) { return a * b; }, [](double a, double b) { return a * b; }) == 0);
  CHECK(mismatches([](lane a, lane b) { return a / b; }, [](double a, double b) { return a / b; }) == 0);
  CHECK(mismatches([](lane a, lane) { return -a; }, [](double a, double) { return -a; }) == 0);
  CHECK(mismatches([](lane a, lane) { return sqrt(a); }, [](double a, double) { return std::sqrt(a); }) == 0);
  CHECK(mismatches([](lane a, lane) { return exp(a); }, [](double a, double) { return std::exp(a); }) == 0);
  CHECK(mismatches([](lane a, lane) { return tanh(a); }, [](double a, double) { return std::tanh(a); }) == 0);
  CHECK(mismatches([](lane a, lane) { return 1 + a * a; }, [](double a, double) { return 1 + a * a; }) == 0);
  CHECK(mismatches([](lane a, lane b) { return 0.3 * a - b * 2.0; }, [](double a, double b) { return 0.3 * a - b * 2.0; }) == 0);
  lane acc(1.5);
  acc += lane(2.0);
  acc *= lane(-1.0);
  CHECK(acc[3] == -3.5);
  // The test can fail: a different operation is caught.
  CHECK(mismatches([](lane a, lane b) { return a + b; }, [](double a, double b) { return a - b; }) > 0);
}

TEST_CASE("lane comparisons hold only when they hold in every lane", "[lanes]") {
  lane x(1.0);
  CHECK(all_within(x, 1.0));
  CHECK_FALSE(all_within(x, 0.5));
  for (double bad : {not_a_number, inf, -inf, -1.5}) {
    for (int l : {0, 3, 7}) {
      lane y = x;
      y[l] = bad;
      CHECK_FALSE(all_within(y, 1.0));
      CHECK(all_less(lane(0.0), y) == (bad > 0));  // NaN and negatives fail, +inf passes
    }
  }
  lane z(2.0);
  CHECK(all_within(z, inf));
  CHECK(all_less(x, z));
  z[5] = 1.0;
  CHECK_FALSE(all_less(x, z));
  CHECK(all_equal(x, lane(1.0)));
  z = x;
  z[6] = not_a_number;
  CHECK_FALSE(all_equal(z, z));  // NaN is not equal to itself
  CHECK_FALSE(all_less(lane(0.0), z));
}

TEST_CASE("Eigen expressions on lanes, with double scalars, match the double expressions", "[lanes]") {
  Eigen::Matrix<lane, 2, 1> x;
  Eigen::Vector2d xs[8];
  for (int l = 0; l < 8; ++l) {
    xs[l] << 0.1 * l - 0.3, 1.0 / (l + 1);
    x[0][l] = xs[l][0];
    x[1][l] = xs[l][1];
  }
  const Eigen::Matrix<lane, 2, 1> y = 2.0 * x + x * 0.5 - x.cwiseProduct(x);
  const lane norm = x.squaredNorm();
  for (int l = 0; l < 8; ++l) {
    const Eigen::Vector2d ys = 2.0 * xs[l] + xs[l] * 0.5 - xs[l].cwiseProduct(xs[l]);
    CHECK(sgdsde::testing::same_bits(y[0][l], ys[0]));
    CHECK(sgdsde::testing::same_bits(y[1][l], ys[1]));
    CHECK(sgdsde::testing::same_bits(norm[l], xs[l][0] * xs[l][0] + xs[l][1] * xs[l][1]));
  }
}

TEST_CASE("psd_factor on lanes is the scalar factor of each lane, fast path or not", "[lanes][covariance_factor]") {
  auto check_lanes = [](const Eigen::Matrix<lane, 2, 2>& S) {
    Eigen::Matrix<lane, 2, 2> L;
    psd_factor(S, L);
    std::size_t bad = 0;
    for (int l = 0; l < 8; ++l) {
      Eigen::Matrix2d Sl, Ll;
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) Sl(i, j) = S(i, j)[l];
      psd_factor(Sl, Ll);
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) bad += !sgdsde::testing::same_bits(L(i, j)[l], Ll(i, j));
    }
    return bad;
  };
  Eigen::Matrix<lane, 2, 2> S;
  for (int l = 0; l < 8; ++l) {
    S(0, 0)[l] = 1.0 + l, S(1, 1)[l] = 2.0 + 0.5 * l;
    S(0, 1)[l] = S(1, 0)[l] = 0.3 * l;
  }
  CHECK(check_lanes(S) == 0);  // all lanes positive definite: the closed form on whole lanes
  S(0, 0)[4] = 0.0, S(0, 1)[4] = S(1, 0)[4] = 0.0;  // lane 4 singular: each lane factored alone
  CHECK(check_lanes(S) == 0);
  S(0, 1)[2] = 5.0;  // lane 2 not symmetric: the scalar error, as one path at a time would give
  Eigen::Matrix<lane, 2, 2> L;
  CHECK_THROWS_AS(psd_factor(S, L), covariance_error);
}
