#pragma once
// The k largest |x| of a stream, in O(k) memory and mergeable exactly: what the Hill estimator of a
// tail index needs from an ensemble without storing it.
#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <stdexcept>
#include <vector>

namespace sgdsde::analysis {

class top_values {
 public:
  explicit top_values(std::size_t k = 0) : k_(k) {}
  void add(double x) {
    const double v = std::abs(x);
    if (!std::isfinite(v) || k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back(v);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<double>());
    } else if (v > heap_.front()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<double>());
      heap_.back() = v;
      std::push_heap(heap_.begin(), heap_.end(), std::greater<double>());
    }
  }
  void merge(const top_values& other) {
    for (double v : other.heap_) add(v);
  }
  // Largest first.
  std::vector<double> values() const {
    std::vector<double> v = heap_;
    std::sort(v.begin(), v.end(), std::greater<double>());
    return v;
  }

 private:
  std::size_t k_;
  std::vector<double> heap_;  // a min-heap of the k largest
};

}  // namespace sgdsde::analysis
