#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/sampler.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <numeric>

using namespace sgdsde::sgd;
using sgdsde::sde::random_stream;

namespace {
// Mean and covariance of the minibatch gradient over an enumerated law of batches.
struct batch_law {
  vector mean;
  matrix covariance;
};

template <class Batches>
batch_law enumerate(const least_squares& f, const vector& x, const Batches& batches) {
  const double p = 1.0 / double(batches.size());
  batch_law law{vector::Zero(f.dim()), matrix::Zero(f.dim(), f.dim())};
  std::vector<vector> gs;
  for (const auto& batch : batches) {
    vector g = vector::Zero(f.dim());
    for (std::size_t i : batch) f.add_sample_gradient(x, i, 1.0 / double(batch.size()), g);
    gs.push_back(g);
    law.mean += p * g;
  }
  for (const auto& g : gs) law.covariance += p * (g - law.mean) * (g - law.mean).transpose();
  return law;
}

std::vector<std::vector<std::size_t>> all_tuples(std::size_t n, std::size_t B) {
  std::vector<std::vector<std::size_t>> out;
  std::vector<std::size_t> t(B, 0);
  for (;;) {
    out.push_back(t);
    std::size_t j = 0;
    while (j < B && ++t[j] == n) t[j++] = 0;
    if (j == B) return out;
  }
}

std::vector<std::vector<std::size_t>> all_subsets(std::size_t n, std::size_t B) {
  std::vector<std::vector<std::size_t>> out;
  std::vector<bool> pick(n, false);
  std::fill(pick.begin(), pick.begin() + std::ptrdiff_t(B), true);
  do {
    std::vector<std::size_t> s;
    for (std::size_t i = 0; i < n; ++i)
      if (pick[i]) s.push_back(i);
    out.push_back(s);
  } while (std::prev_permutation(pick.begin(), pick.end()));
  return out;
}
}  // namespace

TEST_CASE("minibatch gradient: unbiased, covariance c·Σ(x)/B = minibatch_noise_scale·Σ(x) for each sampler (exact enumeration)", "[sampler][oracle]") {
  const std::size_t n = 5;
  const least_squares f(lecture_regression_data(2, n, 0.5, 3).data);
  vector x(2);
  x << 0.4, -1.2;
  vector g;
  matrix S;
  f.gradient(x, g);
  f.gradient_covariance(x, S);
  for (std::size_t B : {1u, 2u, 3u}) {
    const auto with = enumerate(f, x, all_tuples(n, B));
    CHECK((with.mean - g).norm() < 1e-12 * g.norm());
    CHECK((with.covariance - minibatch_noise_scale(sampling::with_replacement, n, B) * S).norm() < 1e-12 * S.norm());
    const auto without = enumerate(f, x, all_subsets(n, B));
    CHECK((without.mean - g).norm() < 1e-12 * g.norm());
    const double c = batch_covariance_factor(sampling::without_replacement, n, B);
    CHECK(c == Approx(double(n - B) / double(n - 1)));
    CHECK((without.covariance - c * S / double(B)).norm() < 1e-12 * S.norm());
    CHECK((without.covariance - minibatch_noise_scale(sampling::without_replacement, n, B) * S).norm() < 1e-12 * S.norm());
    // Random reshuffling: batch j of an epoch over all n! equally likely permutations.
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), std::size_t(0));
    for (std::size_t j = 0; j < n / B; ++j) {
      std::vector<std::vector<std::size_t>> batches;
      auto p = perm;
      do batches.emplace_back(p.begin() + std::ptrdiff_t(j * B), p.begin() + std::ptrdiff_t((j + 1) * B));
      while (std::next_permutation(p.begin(), p.end()));
      const auto rr = enumerate(f, x, batches);
      CHECK((rr.mean - g).norm() < 1e-12 * g.norm());
      CHECK((rr.covariance - minibatch_noise_scale(sampling::reshuffling, n, B) * S).norm() < 1e-12 * S.norm());
    }
  }
}

TEST_CASE("the samplers draw batches with the enumerated probabilities", "[sampler]") {
  // Cell frequencies within 5 binomial standard errors of their exact probabilities.
  const std::size_t n = 5, B = 2, draws = 100000;
  auto check_uniform = [&](const std::map<std::vector<std::size_t>, std::size_t>& counts, std::size_t cells) {
    REQUIRE(counts.size() == cells);
    const double p = 1.0 / double(cells), se = std::sqrt(p * (1 - p) / double(draws));
    for (const auto& [cell, count] : counts) CHECK(std::abs(double(count) / double(draws) - p) < 5 * se);
  };
  random_stream stream(17, 0, sgdsde::sde::substream::sampling);
  std::vector<std::size_t> batch;
  {
    index_sampler s(sampling::with_replacement, n, B);
    std::map<std::vector<std::size_t>, std::size_t> counts;
    for (std::size_t r = 0; r < draws; ++r) s.next(stream, batch), ++counts[batch];
    check_uniform(counts, n * n);
  }
  {
    index_sampler s(sampling::without_replacement, n, B);
    std::map<std::vector<std::size_t>, std::size_t> counts;
    for (std::size_t r = 0; r < draws; ++r) {
      s.next(stream, batch);
      REQUIRE(batch[0] != batch[1]);
      std::sort(batch.begin(), batch.end());
      ++counts[batch];
    }
    check_uniform(counts, 10);
  }
  {
    index_sampler s(sampling::reshuffling, n, B);  // 2 batches per epoch, index left over
    std::map<std::vector<std::size_t>, std::size_t> first, second;
    for (std::size_t r = 0; r < draws; ++r) {
      std::vector<std::size_t> a, b;
      s.next(stream, a);
      s.next(stream, b);
      std::vector<std::size_t> both = a;
      both.insert(both.end(), b.begin(), b.end());
      std::sort(both.begin(), both.end());
      REQUIRE(std::adjacent_find(both.begin(), both.end()) == both.end());  // disjoint within an epoch
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      ++first[a];
      ++second[b];
    }
    check_uniform(first, 10);
    check_uniform(second, 10);
  }
}

TEST_CASE("bad batch sizes and sampler choices are errors naming the parameter", "[sampler][input]") {
  CHECK_THROWS_WITH(check_batch(sampling::with_replacement, 10, 0), Catch::Contains("batch size B must be >= 1"));
  CHECK_THROWS_WITH(check_batch(sampling::without_replacement, 10, 11),
                    Catch::Contains("B = 11 exceeds n = 10"));
  CHECK_NOTHROW(check_batch(sampling::with_replacement, 10, 11));
  CHECK_THROWS_WITH(check_batch(sampling::reshuffling, 0, 2), Catch::Contains("needs a finite data set"));
  CHECK_THROWS_WITH(sampling_from_string("sometimes"), Catch::Contains("with_replacement, without_replacement"));
}
