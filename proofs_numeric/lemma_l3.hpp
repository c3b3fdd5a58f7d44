#pragma once
/// @file lemma_l3.hpp
/// Lemma L3 (SPEC §4.2, the regularizer R = ||W||_{2,4}^8) as a chain of (in)equalities.

#include "proof_step.hpp"

#include <beyondlin/scalar.hpp>

namespace beyondlin::proofs {

/// The constant of Lemma L3's final bound, max_s (56 s^3 - 8 s^4) at b = 1: 64827/32 = 2025.84375.
constexpr double kLemmaL3Constant = 64827.0 / 32.0;

/// Lemma L3 for W, W* (m x d): with a = ||W||_{2,4}, b = ||W*||_{2,4},
///   E_S Hess R(W)[SW*, SW*] - <grad R(W), W> <= 56 a^6 b^2 - 8 a^8 <= (64827/32) b^8.
/// Notation: q_r = ||w_r||^2, delta_r = ||w*_r||^2, e_r = w_r.w*_r, S_4 = sum_r q_r^2 = a^4.
///
/// Derivation (each line is a step of the run):
///  L3.a E_S Hess R[SW*,SW*] = 32 sum_r q_r^2 e_r^2 + 2 S_4 sum_r (4 q_r delta_r + 8 e_r^2) (SPEC §3.3:
///       Hess R = 2 grad S_4 grad S_4^T + 2 S_4 Hess S_4, and E s_r s_q = delta_rq). Left: the reference
///       HVP averaged over the sign patterns (enumeration / per row); right: the reference closed form.
///  L3.b Euler (R homogeneous of degree 8): <grad R(W), W> = 8 R(W) = 8 a^8.
///  L3.c Cauchy-Schwarz per row: e_r^2 <= q_r delta_r.
///  L3.d 32 sum_r q_r^2 e_r^2 <= 32 sum_r q_r^3 delta_r (L3.c).
///  L3.e Cauchy-Schwarz: sum_r q_r^3 delta_r <= (sum_r q_r^6)^{1/2} (sum_r delta_r^2)^{1/2} = (sum q^6)^{1/2} b^2,
///       and (sum_r q_r^6)^{1/2} <= (sum_r q_r^2)^{3/2} = a^6 (l6 norm <= l2 norm).
///  L3.f 2 S_4 sum_r (4 q_r delta_r + 8 e_r^2) <= 24 S_4 sum_r q_r delta_r (L3.c).
///  L3.g sum_r q_r delta_r <= (sum q_r^2)^{1/2} (sum delta_r^2)^{1/2} = a^2 b^2.
///  L3.h E_S Hess R[SW*,SW*] <= 32 a^6 b^2 + 24 a^4 a^2 b^2 = 56 a^6 b^2 (L3.a, d, e, f, g).
///  L3.i with L3.b: E_S Hess R[SW*,SW*] - <grad R, W> <= 56 a^6 b^2 - 8 a^8.
///  L3.j one-variable maximization, as a sum-of-squares certificate (s = a^2; exact polynomial identity):
///       (64827/32) b^8 - (56 s^3 b^2 - 8 s^4) = 8 (s - 21 b^2/4)^2 (s^2 + (7/2) s b^2 + (147/16) b^4),
///       whose second factor is > 0; so the maximum over s >= 0 is at s = 21 b^2 / 4.
///  L3.k the value at the maximizer: 56 s*^3 b^2 - 8 s*^4 = (64827/32) b^8 at s* = 21 b^2/4.
///  L3.l 56 a^6 b^2 - 8 a^8 <= (64827/32) b^8.
///  L3 (final) E_S Hess R[SW*,SW*] - <grad R(W), W> <= (64827/32) b^8.
///
/// float64 / mp50: reference sides from the library (regularizer_hvp, regularizer_gradient,
/// regularizer_value, regularizer_sign_averaged_curvature, mixed_norm); interval50: formulas in MPFI.
/// Cost O(md) plus the sign average (2^m or m HVPs of cost O(md)). `options.l3_curvature_constant`
/// replaces 56 in L3.h, L3.i (tests only).
ProofRun lemma_l3_run(const RowMatrix<double>& W, const RowMatrix<double>& W_star, ProofPrecision precision,
                      const ProofOptions& options = {});

}  // namespace beyondlin::proofs
