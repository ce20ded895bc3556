#pragma once
// lanes<N>: N doubles, one per path, that behave as one number. A drift or diffusion written
// generically (`auto` parameters, no branch on the state) can be evaluated on
// Eigen::Matrix<lanes<N>, D, 1> and so advance N paths with each SIMD instruction; see
// across_paths.hpp. Every operation is the IEEE operation applied lane by lane (+ − × ÷ and sqrt
// are correctly rounded, the rest call the std function per lane), so lane l of a result is bit for
// bit the double the same expression gives on lane l's inputs.
#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace sgdsde::sde {

namespace detail {
#if defined(__GNUC__)
// GCC/Clang vector extensions, lowered to the widest SIMD the target has (SSE2 on any x86-64).
// Spelled per width: GCC ignores vector_size on a typedef that depends on a template parameter.
template <int N> struct lane_vector;
template <> struct lane_vector<2> { typedef double type __attribute__((vector_size(16))); };
template <> struct lane_vector<4> { typedef double type __attribute__((vector_size(32))); };
template <> struct lane_vector<8> { typedef double type __attribute__((vector_size(64))); };
#else
template <int N> struct lane_vector {
  struct type {
    double v[N];
    double& operator[](int i) { return v[i]; }
    double operator[](int i) const { return v[i]; }
  };
};
#endif
}  // namespace detail

template <int N>
struct lanes {
  static_assert(N == 2 || N == 4 || N == 8, "lanes<N>: N must be 2, 4 or 8");
  static constexpr int width = N;
  using vector_type = typename detail::lane_vector<N>::type;
  vector_type v;

  lanes() : v() {}
  lanes(double x) {  // NOLINT: implicit, so constants in generic code (1 + x*x, 0.3) just work
    for (int i = 0; i < N; ++i) v[i] = x;
  }
  static lanes from_vector(vector_type w) {
    lanes r;
    r.v = w;
    return r;
  }

  double operator[](int i) const { return v[i]; }
  double& operator[](int i) { return v[i]; }

#if defined(__GNUC__)
#define SGDSDE_LANES_OP(op)                                                                  \
  friend lanes operator op(const lanes& a, const lanes& b) { return from_vector(a.v op b.v); } \
  friend lanes operator op(double a, const lanes& b) { return lanes(a) op b; }                 \
  friend lanes operator op(const lanes& a, double b) { return a op lanes(b); }                 \
  lanes& operator op##=(const lanes& b) { v = v op b.v; return *this; }
#else
#define SGDSDE_LANES_OP(op)                                                                  \
  friend lanes operator op(const lanes& a, const lanes& b) {                                 \
    lanes r;                                                                                 \
    for (int i = 0; i < N; ++i) r.v[i] = a.v[i] op b.v[i];                                    \
    return r;                                                                                \
  }                                                                                          \
  friend lanes operator op(double a, const lanes& b) { return lanes(a) op b; }                 \
  friend lanes operator op(const lanes& a, double b) { return a op lanes(b); }                 \
  lanes& operator op##=(const lanes& b) { *this = *this op b; return *this; }
#endif
  SGDSDE_LANES_OP(+)
  SGDSDE_LANES_OP(-)
  SGDSDE_LANES_OP(*)
  SGDSDE_LANES_OP(/)
#undef SGDSDE_LANES_OP

  friend lanes operator-(const lanes& a) {
#if defined(__GNUC__)
    return from_vector(-a.v);
#else
    lanes r;
    for (int i = 0; i < N; ++i) r.v[i] = -a.v[i];
    return r;
#endif
  }
  friend lanes operator+(const lanes& a) { return a; }
};

namespace detail {
template <int N, class F>
lanes<N> per_lane(const lanes<N>& a, F f) {
  lanes<N> r;
  for (int i = 0; i < N; ++i) r.v[i] = f(a.v[i]);
  return r;
}
}  // namespace detail

// Found by argument-dependent lookup: generic code writes `using std::sqrt; sqrt(x[0])`.
template <int N>
lanes<N> sqrt(const lanes<N>& a) {
#if defined(__SSE2__) && defined(__GNUC__)
  // std::sqrt per lane would not vectorize (it may set errno); the packed instruction rounds the same.
  lanes<N> r;
  const double* in = reinterpret_cast<const double*>(&a.v);
  double* out = reinterpret_cast<double*>(&r.v);
#if defined(__AVX__)
  if constexpr (N % 4 == 0) {
    for (int i = 0; i < N; i += 4) _mm256_storeu_pd(out + i, _mm256_sqrt_pd(_mm256_loadu_pd(in + i)));
    return r;
  }
#endif
  for (int i = 0; i < N; i += 2) _mm_storeu_pd(out + i, _mm_sqrt_pd(_mm_loadu_pd(in + i)));
  return r;
#else
  return detail::per_lane(a, [](double x) { return std::sqrt(x); });
#endif
}
template <int N> lanes<N> abs(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::fabs(x); }); }
template <int N> lanes<N> exp(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::exp(x); }); }
template <int N> lanes<N> log(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::log(x); }); }
template <int N> lanes<N> sin(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::sin(x); }); }
template <int N> lanes<N> cos(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::cos(x); }); }
template <int N> lanes<N> tanh(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::tanh(x); }); }
template <int N> lanes<N> cosh(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::cosh(x); }); }
template <int N> lanes<N> sinh(const lanes<N>& a) { return detail::per_lane(a, [](double x) { return std::sinh(x); }); }

namespace detail {
// Reduces a lane-wise comparison with "and". Packed SSE2 compares when available: GCC lowers
// comparisons of vectors wider than the hardware's to one scalar compare per lane.
template <int N, class PackedCompare, class ScalarCompare>
bool all_lanes(const lanes<N>& a, const lanes<N>& b, PackedCompare packed, ScalarCompare scalar) {
#if defined(__SSE2__) && defined(__GNUC__)
  static_cast<void>(scalar);
  const double* x = reinterpret_cast<const double*>(&a.v);
  const double* y = reinterpret_cast<const double*>(&b.v);
  __m128d holds = _mm_castsi128_pd(_mm_set1_epi64x(-1));
  for (int i = 0; i < N; i += 2) holds = _mm_and_pd(holds, packed(_mm_loadu_pd(x + i), _mm_loadu_pd(y + i)));
  return _mm_movemask_pd(holds) == 3;
#else
  static_cast<void>(packed);
  bool holds = true;
  for (int i = 0; i < N; ++i) holds &= scalar(a.v[i], b.v[i]);
  return holds;
#endif
}
}  // namespace detail

// True when a < b in every lane (false if any lane is NaN).
template <int N>
bool all_less(const lanes<N>& a, const lanes<N>& b) {
#if defined(__SSE2__) && defined(__GNUC__)
  return detail::all_lanes(a, b, [](__m128d x, __m128d y) { return _mm_cmplt_pd(x, y); }, nullptr);
#else
  return detail::all_lanes(a, b, nullptr, [](double x, double y) { return x < y; });
#endif
}
// True when a == b in every lane.
template <int N>
bool all_equal(const lanes<N>& a, const lanes<N>& b) {
#if defined(__SSE2__) && defined(__GNUC__)
  return detail::all_lanes(a, b, [](__m128d x, __m128d y) { return _mm_cmpeq_pd(x, y); }, nullptr);
#else
  return detail::all_lanes(a, b, nullptr, [](double x, double y) { return x == y; });
#endif
}

// The same tests on plain doubles, so code generic over double and lanes can use them.
inline bool all_less(double a, double b) { return a < b; }
inline bool all_equal(double a, double b) { return a == b; }

template <class T> struct is_lanes : std::false_type {};
template <int N> struct is_lanes<lanes<N>> : std::true_type {};
template <class T> inline constexpr bool is_lanes_v = is_lanes<T>::value;

// True when every lane of a lies in [-bound, bound] (NaN lies nowhere): one test per step for N paths.
template <int N>
bool all_within(const lanes<N>& a, double bound) {
#if defined(__SSE2__) && defined(__GNUC__)
  return detail::all_lanes(a, lanes<N>(bound), [](__m128d x, __m128d b) {
    return _mm_and_pd(_mm_cmple_pd(x, b), _mm_cmpge_pd(x, _mm_sub_pd(_mm_setzero_pd(), b)));
  }, nullptr);
#else
  return detail::all_lanes(a, lanes<N>(bound), nullptr, [](double x, double b) { return std::fabs(x) <= b; });
#endif
}

}  // namespace sgdsde::sde

namespace Eigen {
template <int N>
struct NumTraits<sgdsde::sde::lanes<N>> : GenericNumTraits<sgdsde::sde::lanes<N>> {
  using Real = sgdsde::sde::lanes<N>;
  using NonInteger = sgdsde::sde::lanes<N>;
  using Literal = sgdsde::sde::lanes<N>;
  using Nested = sgdsde::sde::lanes<N>;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 1,
    AddCost = 1,
    MulCost = 1
  };
  static inline Real epsilon() { return Real(std::numeric_limits<double>::epsilon()); }
  static inline Real dummy_precision() { return Real(1e-12); }
  static inline Real highest() { return Real(std::numeric_limits<double>::max()); }
  static inline Real lowest() { return Real(std::numeric_limits<double>::lowest()); }
  static inline int digits10() { return std::numeric_limits<double>::digits10; }
};
// Mixed lanes/double expressions (2.0 * x, x * h) are lanes.
template <int N, class Op>
struct ScalarBinaryOpTraits<sgdsde::sde::lanes<N>, double, Op> { using ReturnType = sgdsde::sde::lanes<N>; };
template <int N, class Op>
struct ScalarBinaryOpTraits<double, sgdsde::sde::lanes<N>, Op> { using ReturnType = sgdsde::sde::lanes<N>; };
}  // namespace Eigen
