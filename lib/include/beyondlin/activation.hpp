#pragma once
/// @file activation.hpp
/// Activations sigma and their exact derivatives of any order (SPEC §1.5).
///
/// Every derivative is computed from a closed form in the scalar type T, never by finite
/// differences:
///   - `sincos`  sigma = sin t + cos t;  sigma^(k)(t) = sin(t + k pi/2) + cos(t + k pi/2).
///   - `tanh`    sigma^(k) = (1 - T^2) S_k(T) for k >= 1, T = tanh t, with the integer polynomials
///               S_1 = 1, S_{k+1}(T) = -2T S_k(T) + (1 - T^2) S_k'(T); 1 - T^2 = sech^2 t is
///               evaluated directly (no cancellation for large |t|).
///   - `sigmoid` sigma^(k) = s(1-s) R_k(s) for k >= 1, s = 1/(1+e^{-t}), with
///               R_1 = 1, R_{k+1}(s) = (1-2s) R_k(s) + s(1-s) R_k'(s); 1-s = 1/(1+e^{t}) directly.
///   - `softplus` sigma = log(1+e^t) (evaluated as max(t,0) + log1p(e^{-|t|})), sigma^(k) = sigmoid^(k-1).
///   - `cubic`   t + t^2/2 + t^3/6 (its Taylor series terminates: ID-2).
///   - `relu3`   relu(t)^3/6; derivatives relu^2/2, relu, 1{t>0}, then 0 (a.e.).
///   - `relu`    max(t,0); derivatives 1{t>0}, then 0 (a.e.).
///   - `erf`     erf^(k)(t) = (2/sqrt(pi)) (-1)^(k-1) H_{k-1}(t) e^{-t^2}, H the physicists' Hermite
///               polynomials (H_{j+1} = 2t H_j - 2j H_{j-1}).
///   - `gelu`    t Phi(t), Phi the standard normal cdf; gelu^(k) = t Phi^(k) + k Phi^(k-1) with
///               Phi^(j) = (-1)^(j-1) He_{j-1}(t) phi(t), He the probabilists' Hermite polynomials.
/// At a kink (relu, relu3 at t = 0) the one-sided convention 1{t > 0} is used.
///
/// Cost: O(K) arithmetic plus one or two transcendental calls per point for K derivatives.

#include <beyondlin/scalar.hpp>

#include <limits>
#include <string>
#include <vector>

namespace beyondlin {

/// The activations of DESIGN.md §3.
enum class Activation { sincos, tanh, softplus, sigmoid, cubic, relu3, relu, erf, gelu };

/// All activations, in the order of DESIGN.md §3.
const std::vector<Activation>& all_activations();

/// Parse a name of DESIGN.md §3 ("sincos", "tanh", ...). Throws InputError(field, ...) naming
/// the value and the accepted names.
Activation parse_activation(const std::string& name, const std::string& field = "activation");

/// The DESIGN.md name of an activation.
const char* activation_name(Activation a);

/// Largest derivative order supported by the closed forms (any order up to this is exact).
constexpr int kMaxActivationOrder = 24;

/// out[k] = sigma^(k)(t) for k = 0..K (K <= kMaxActivationOrder). out must hold K+1 values.
template <class T> void activation_derivatives(Activation a, const T& t, int K, T* out);

/// sigma^(k)(t) for a single order k.
template <class T> T activation_derivative(Activation a, const T& t, int k);

/// Elementwise over a matrix: out[k](i,j) = sigma^(k)(Z(i,j)) for k = 0..K. out is resized.
/// The double instantiation uses vectorized Eigen array functions where the closed form allows.
template <class T> void activation_derivatives(Activation a, const Matrix<T>& Z, int K, std::vector<Matrix<T>>& out);

/// C_k = sup_t |sigma^(k)(t)| (SPEC §1.5 table), +infinity when unbounded; 0 <= k <= 8.
/// For relu3 (k = 3) and relu (k = 1) it is the essential supremum of the a.e. derivative.
/// Exact values for sincos (sqrt 2), cubic, relu, relu3; for tanh, sigmoid, softplus, erf and gelu
/// the maximum of |sigma^(k)| is located on a grid of step 1e-3 over [-40, 40] and refined by
/// golden-section search in long double (relative accuracy about 1e-15), then rounded up by
/// 4 ulps so that it is an upper bound at double precision.
double activation_sup_bound(Activation a, int k);

/// E[sigma^(k)(G)], G ~ N(0,1), 0 <= k <= kMaxActivationOrder: closed forms for sincos (+-e^{-1/2}),
/// cubic, relu and relu3 (kinks would slow any quadrature); otherwise the trapezoid rule with step
/// 1/16 on [-40, 40] in long double, which converges geometrically for these integrands (analytic in
/// a strip around the real axis) and is accurate to double precision (SPEC §1.5 table).
double activation_gaussian_mean(Activation a, int k);

/// True when sigma is k times continuously differentiable everywhere (relu is C^0, relu3 is C^2).
bool activation_is_smooth(Activation a, int k);

}  // namespace beyondlin
