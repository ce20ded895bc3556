#pragma once
// SDEs with known solutions, one per noise structure: the oracles of the convergence study.
// Each has: the problem (with its exact diffusion derivative), x0, horizon T, a test functional φ and
// its exact expectation E φ(X_T), and, where one exists, the pathwise solution X_T(W_T).
#include <sgdsde/sde/matrix_exponential.hpp>
#include <sgdsde/sde/sde_problem.hpp>

#include <unsupported/Eigen/KroneckerProduct>

#include <cmath>
#include <string>

namespace sgdsde::sde::solvable {

namespace detail {
// E g(Z), Z ~ N(0,1), by composite Simpson on [−12, 12] (the truncated mass is < 1e-32).
template <class G>
double gaussian_expectation(G g, int intervals = 4000) {
  const double a = -12.0, b = 12.0, h = (b - a) / intervals;
  const double norm = 1.0 / std::sqrt(2.0 * 3.14159265358979323846);
  double sum = 0.0;
  for (int i = 0; i <= intervals; ++i) {
    const double z = a + i * h;
    const double w = (i == 0 || i == intervals) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    sum += w * g(z) * norm * std::exp(-0.5 * z * z);
  }
  return sum * h / 3.0;
}
using vec1 = Eigen::Matrix<double, 1, 1>;
using vec2 = Eigen::Vector2d;
using mat2 = Eigen::Matrix2d;

// dX = AX dt + B₁X dW₁ + B₂X dW₂ with its exact directional derivative ∂_v b = [B₁v, B₂v].
template <class NoiseTag>
auto linear_problem(const mat2& A, const mat2& B1, const mat2& B2) {
  auto columns = [B1, B2](const auto& y, auto& out) {
    out.col(0).noalias() = B1 * y;
    out.col(1).noalias() = B2 * y;
  };
  return make_sde<NoiseTag, 2, 2>([A](const auto& x, double, auto& out) { out.noalias() = A * x; },
                                  [columns](const auto& x, double, auto& out) { columns(x, out); },
                                  [columns](const auto&, double, const auto& v, auto& out) { columns(v, out); });
}

// E X(T)X(T)ᵀ for dX = AX dt + B₁X dW₁ + B₂X dW₂: P' = AP + PAᵀ + Σ B_j P B_jᵀ, so
// vec P(T) = exp(T (I⊗A + A⊗I + Σ B_j⊗B_j)) vec(x0 x0ᵀ).
inline mat2 linear_second_moment(const mat2& A, const mat2& B1, const mat2& B2, const vec2& x0, double T) {
  const mat2 I = mat2::Identity();
  const Eigen::Matrix4d L = Eigen::kroneckerProduct(I, A) + Eigen::kroneckerProduct(A, I) +
                            Eigen::kroneckerProduct(B1, B1) + Eigen::kroneckerProduct(B2, B2);
  const mat2 P0 = x0 * x0.transpose();
  const Eigen::Vector4d p = Eigen::Matrix4d(matrix_exponential(L * T)) * Eigen::Map<const Eigen::Vector4d>(P0.data());
  return Eigen::Map<const mat2>(p.data());
}
}  // namespace detail

// Geometric Brownian motion dX = μX dt + σX dW (scalar noise):
// X_T = x0 exp((μ − σ²/2)T + σW_T); φ(x) = x, E X_T = x0 e^{μT}.
struct geometric_brownian_motion {
  double mu = 1.0, sigma = 0.8, x0 = 1.0, T = 1.0;
  static constexpr const char* name = "gbm";
  static constexpr const char* functional_name = "x";
  static constexpr bool has_exact_solution = true;

  auto problem() const {
    const double m = mu, s = sigma;
    return make_sde<scalar_noise, 1, 1>(
        [m](const auto& x, double, auto& out) { out = m * x; },
        [s](const auto& x, double, auto& out) { out = s * x; },
        [s](const auto&, double, const auto& v, auto& out) { out = s * v; });
  }
  detail::vec1 initial_state() const { return detail::vec1::Constant(x0); }
  detail::vec1 exact_solution(const detail::vec1& W) const {
    return detail::vec1::Constant(x0 * std::exp((mu - 0.5 * sigma * sigma) * T + sigma * W[0]));
  }
  double functional(const detail::vec1& x) const { return x[0]; }
  double functional_expectation() const { return x0 * std::exp(mu * T); }
};

// Two independent nonlinear equations with diagonal noise (m = d = 2):
//   dX₁ = −a² sin X₁ cos³X₁ dt + a cos²X₁ dW₁,          X₁(T) = arctan(a W₁ + tan x₁)
//   dX₂ = (½X₂ + √(X₂²+1)) dt + √(X₂²+1) dW₂,           X₂(T) = sinh(T + W₂ + asinh x₂)
// φ(x) = x₁ + x₂, E φ by quadrature (X₁) and in closed form e^{T/2} sinh(T + asinh x₂) (X₂).
struct nonlinear_diagonal {
  double a = 1.0, T = 1.0;
  detail::vec2 x0{0.5, 0.2};
  static constexpr const char* name = "nonlinear_diagonal";
  static constexpr const char* functional_name = "x1+x2";
  static constexpr bool has_exact_solution = true;

  auto problem() const {
    const double a_ = a;
    return make_sde<diagonal_noise, 2, 2>(
        [a_](const auto& x, double, auto& out) {
          const double c = std::cos(x[0]);
          out[0] = -a_ * a_ * std::sin(x[0]) * c * c * c;
          out[1] = 0.5 * x[1] + std::sqrt(x[1] * x[1] + 1.0);
        },
        [a_](const auto& x, double, auto& out) {
          const double c = std::cos(x[0]);
          out[0] = a_ * c * c;
          out[1] = std::sqrt(x[1] * x[1] + 1.0);
        },
        [a_](const auto& x, double, const auto& v, auto& out) {
          out[0] = -2.0 * a_ * std::cos(x[0]) * std::sin(x[0]) * v[0];
          out[1] = x[1] / std::sqrt(x[1] * x[1] + 1.0) * v[1];
        });
  }
  detail::vec2 initial_state() const { return x0; }
  detail::vec2 exact_solution(const detail::vec2& W) const {
    return {std::atan(a * W[0] + std::tan(x0[0])), std::sinh(T + W[1] + std::asinh(x0[1]))};
  }
  double functional(const detail::vec2& x) const { return x[0] + x[1]; }
  double functional_expectation() const {
    const double sd = std::sqrt(T), c = std::tan(x0[0]), aa = a;
    const double e1 = detail::gaussian_expectation([&](double z) { return std::atan(aa * sd * z + c); });
    return e1 + std::exp(0.5 * T) * std::sinh(T + std::asinh(x0[1]));
  }
};

// Linear equation with two commuting noise matrices (commutative noise, d = m = 2):
//   dX = A X dt + B₁X dW₁ + B₂X dW₂, with A, B₁, B₂ in span{I, J}, J = [[0,1],[1,0]], so they commute and
//   X_T = exp((A − ½(B₁² + B₂²))T + B₁W₁ + B₂W₂) x0. φ(x) = x₁, E X_T = e^{AT} x0.
struct linear_commutative {
  // A = a0 I + a1 J, B_j = b_j0 I + b_j1 J
  double a0 = -1.0, a1 = 0.8, b10 = 0.4, b11 = 0.3, b20 = 0.2, b21 = -0.4, T = 1.0;
  detail::vec2 x0{1.0, 0.5};
  static constexpr const char* name = "linear_commutative";
  static constexpr const char* functional_name = "x1";
  static constexpr bool has_exact_solution = true;

  static detail::mat2 combo(double s, double u) { return (detail::mat2() << s, u, u, s).finished(); }
  detail::mat2 A() const { return combo(a0, a1); }
  detail::mat2 B1() const { return combo(b10, b11); }
  detail::mat2 B2() const { return combo(b20, b21); }

  auto problem() const { return detail::linear_problem<commutative_noise>(A(), B1(), B2()); }
  detail::vec2 initial_state() const { return x0; }
  detail::vec2 exact_solution(const detail::vec2& W) const {
    // exp(sI + uJ) = e^s (cosh u I + sinh u J)
    const double s = (a0 - 0.5 * (b10 * b10 + b11 * b11 + b20 * b20 + b21 * b21)) * T + b10 * W[0] + b20 * W[1];
    const double u = (a1 - (b10 * b11 + b20 * b21)) * T + b11 * W[0] + b21 * W[1];
    return std::exp(s) * (std::cosh(u) * x0 + std::sinh(u) * detail::vec2(x0[1], x0[0]));
  }
  double functional(const detail::vec2& x) const { return x[0]; }
  double functional_expectation() const { return detail::mat2(matrix_exponential(A() * T)).row(0).dot(x0); }
  detail::mat2 exact_second_moment() const { return detail::linear_second_moment(A(), B1(), B2(), x0, T); }
};

// Linear equation with anticommuting noise matrices (general noise, d = m = 2):
//   dX = A X dt + B₁X dW₁ + B₂X dW₂, B₁ = σ₁ diag(1, −1), B₂ = σ₂ J, B₁B₂ = −B₂B₁.
// No pathwise solution; exact moments E X(T) = e^{AT} x0 and E XXᵀ (Lyapunov ODE). φ(x) = |x|².
struct linear_noncommutative {
  double sigma1 = 0.6, sigma2 = 0.6, T = 1.0;
  detail::mat2 A_ = (detail::mat2() << -0.5, -1.0, 1.0, -0.5).finished();
  detail::vec2 x0{1.0, 0.0};
  static constexpr const char* name = "linear_noncommutative";
  static constexpr const char* functional_name = "|x|^2";
  static constexpr bool has_exact_solution = false;

  detail::mat2 A() const { return A_; }
  detail::mat2 B1() const { return (detail::mat2() << sigma1, 0, 0, -sigma1).finished(); }
  detail::mat2 B2() const { return (detail::mat2() << 0, sigma2, sigma2, 0).finished(); }

  auto problem() const { return detail::linear_problem<general_noise>(A(), B1(), B2()); }
  detail::vec2 initial_state() const { return x0; }
  detail::vec2 exact_solution(const detail::vec2&) const { return detail::vec2::Constant(std::nan("")); }
  // E X(T) and E X(T)X(T)ᵀ.
  detail::vec2 exact_mean() const { return detail::mat2(matrix_exponential(A() * T)) * x0; }
  detail::mat2 exact_second_moment() const { return detail::linear_second_moment(A(), B1(), B2(), x0, T); }
  double functional(const detail::vec2& x) const { return x.squaredNorm(); }
  double functional_expectation() const { return exact_second_moment().trace(); }
};

}  // namespace sgdsde::sde::solvable
