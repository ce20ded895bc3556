#pragma once
// Noise-structure tags of an Itô SDE dX = a(X,t) dt + b(X,t) dW.
// The tag decides how the diffusion is stored and which Milstein correction is valid.
#include <stdexcept>
#include <string>
#include <type_traits>

namespace sgdsde::sde {

// m = 1: b is a d-vector.
struct scalar_noise { static constexpr const char* name = "scalar"; };
// m = d and b = diag(g_1(x_1), ..., g_d(x_d)): b is stored as the d-vector g.
struct diagonal_noise { static constexpr const char* name = "diagonal"; };
// b is d×m with L^j b_k = L^k b_j: Milstein needs no Lévy areas.
struct commutative_noise { static constexpr const char* name = "commutative"; };
// b is d×m, no structure: Milstein needs the Lévy areas A_jk.
struct general_noise { static constexpr const char* name = "general"; };

template <class Tag> inline constexpr bool stores_diffusion_as_vector =
    std::is_same_v<Tag, scalar_noise> || std::is_same_v<Tag, diagonal_noise>;
template <class Tag> inline constexpr bool needs_levy_area = std::is_same_v<Tag, general_noise>;

}  // namespace sgdsde::sde
