#pragma once
/// @file theorem_l.hpp
/// Theorem L of SPEC §4.2 (quadratic model; [derived; proposed as the reconstruction]): if W is an
/// (eps_g, eps_H)-SOSP of L~^Q_lambda = L^Q + lambda R, R = ||W||_{2,4}^8, then for every W* with
/// ||W*||_{2,4} <= B*, with a = ||W||_{2,4},
///   L^Q(W) <= L^Q(W*) + L2 C2^2 Bx^4 / (2m) a^2 B*^2 + (lambda/2)(56 a^6 B*^2 - 8 a^8)
///             + eps_H sqrt(m) B*^2 / 2 + eps_g ||W||_F / 2                                  (line 1)
///          <= L^Q(W*) + L2 C2^2 Bx^4 / (2m) a^2 B*^2 + 1013 lambda B*^8
///             + eps_H sqrt(m) B*^2 / 2 + eps_g ||W||_F / 2                                  (line 2)
/// (line 2 uses max_a (56 a^6 b^2 - 8 a^8) = 64827/32 b^8 <= 2026 b^8, Lemma L3), and the norm
/// control ||W||_{2,4} <= max{ sqrt(14) B*, ((L^Q(W*) + T) / (2 lambda))^{1/8} }, T the non-lambda
/// error terms (L^Q(W*) stands in for OPT(B*), which it upper-bounds).
/// Constants: L2 = sup |ell''| (loss_sup_derivative), C2 = sup |sigma''| (activation_sup_bound),
/// Bx = max_i ||x_i||. The theorem needs a convex C^2 loss; it is evaluated for any loss, and an
/// infinite constant (a kink) makes the bound +infinity (vacuous, still true).
///
/// Theorem L' (randomized network, [reconstructed, verify]) is the same right-hand side with L(W)
/// in place of L^Q(W) and eps measured on L~_lambda, plus an unquantified coupling error
/// Delta_m = O(m^{-1/4}); theorem_l_bound() returns the right-hand side without Delta_m.

#include <beyondlin/instance.hpp>
#include <beyondlin/objective.hpp>

namespace beyondlin {

/// Every term of Theorem L's right-hand side at one point (double).
struct TheoremLTerms {
  double L2 = 0, C2 = 0, Bx = 0;  ///< sup |ell''|, sup |sigma''|, max_i ||x_i||
  double m = 0;                   ///< width
  double lambda = 0;              ///< regularization weight
  double a = 0;                   ///< ||W||_{2,4}
  double W_fro = 0;               ///< ||W||_F
  double B_star = 0;              ///< ||W*||_{2,4} (the comparator's norm, used as B*)
  double eps_g = 0, eps_H = 0;    ///< the SOSP tolerances the point satisfies
  double comparator_loss = 0;     ///< L^Q(W*) (upper bound of OPT(B*))
  double coupling = 0;            ///< L2 C2^2 Bx^4 / (2m) a^2 B*^2
  double regularizer = 0;         ///< (lambda/2)(56 a^6 B*^2 - 8 a^8)
  double regularizer_max = 0;     ///< 1013 lambda B*^8 (line 2)
  double hessian = 0;             ///< eps_H sqrt(m) B*^2 / 2
  double gradient = 0;            ///< eps_g ||W||_F / 2
  double rhs = 0;                 ///< line 1
  double rhs_line2 = 0;           ///< line 2 (>= line 1)
  double norm_bound = 0;          ///< max{sqrt(14) B*, ((L^Q(W*) + T)/(2 lambda))^{1/8}} (+inf if lambda = 0)
};

/// Evaluate Theorem L's right-hand side for the instance (its X, y, a, W0, activation, loss), the
/// point W (m x d), the comparator W_star (m x d), the weight lambda and the measured eps_g, eps_H
/// (e.g. from sosp_certificate of L~^Q_lambda at W). L^Q(W*) is computed with the quadratic
/// objective. Cost: one quadratic-model loss evaluation, O(nmd). Throws InputError on shapes.
TheoremLTerms theorem_l_bound(const Instance<double>& inst, const RowMatrix<double>& W,
                              const RowMatrix<double>& W_star, double lambda, double eps_g, double eps_H);

}  // namespace beyondlin
