#pragma once
/// @file loss.hpp
/// Losses ell(yhat, y) with exact derivatives in yhat of order 0..4 (SPEC §1.1).
///
///   - `square`   ell = (yhat - y)^2 / 2;                  ell'' = 1.
///   - `logistic` ell = log(1 + e^{-y yhat}) = softplus(-y yhat);
///                d^k ell / d yhat^k = (-y)^k softplus^(k)(-y yhat). For y in {-1,+1}:
///                L_1 = 1, L_2 = 1/4, L_3 = 1/(6 sqrt 3), sup|ell''''| = 1/8.
///   - `absolute` ell = |yhat - y|; derivative sign(yhat - y) (0 at 0), higher ones 0 (a.e.).
///   - `huber`    ell = r^2/2 for |r| <= 1, |r| - 1/2 otherwise (r = yhat - y, delta = 1).

#include <beyondlin/scalar.hpp>

#include <string>
#include <vector>

namespace beyondlin {

/// The losses of DESIGN.md §3.
enum class Loss { square, logistic, absolute, huber };

/// All losses, in the order of DESIGN.md §3.
const std::vector<Loss>& all_losses();

/// Parse a loss name; throws InputError naming the value and the accepted names.
Loss parse_loss(const std::string& name, const std::string& field = "loss");

/// The DESIGN.md name of a loss.
const char* loss_name(Loss l);

/// out[k] = d^k ell / d yhat^k (yhat, y) for k = 0..K, K <= 4.
template <class T> void loss_derivatives(Loss l, const T& yhat, const T& y, int K, T* out);

/// ell(yhat, y).
template <class T> T loss_value(Loss l, const T& yhat, const T& y);

/// sup over yhat of |d^k ell / d yhat^k| for labels |y| <= 1 (logistic with y in {-1,+1}),
/// +infinity when unbounded (square: k = 0, 1) and when the (k-1)-th derivative jumps (absolute: k >= 2,
/// huber: k >= 3; there the k-th derivative is 0 a.e. but a Lipschitz bound fails). These are the
/// constants L_k of SPEC §1.1.
double loss_sup_derivative(Loss l, int k);

/// True when ell is convex in yhat (assumption L1): all four losses are.
bool loss_is_convex(Loss l);

/// True when ell is k times continuously differentiable in yhat.
bool loss_is_smooth(Loss l, int k);

}  // namespace beyondlin
