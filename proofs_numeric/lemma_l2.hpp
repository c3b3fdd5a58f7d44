#pragma once
/// @file lemma_l2.hpp
/// Lemma L2 (SPEC §4.2, convexity + random-sign direction) as a chain of (in)equalities.

#include "proof_step.hpp"

#include <beyondlin/instance.hpp>

namespace beyondlin::proofs {

/// Lemma L2 on `inst` (movement W = inst.W, its loss and activation) and a comparator W* (m x d):
/// for a convex loss with l'' <= L2 and |sigma''| <= C2, ||x_i|| <= B_x,
///   E_S Hess L^Q(W)[SW*, SW*] - <grad L^Q(W), W>
///       <= 2 (L^Q(W*) - L^Q(W)) + (L2 C2^2 B_x^4 / m) ||W||_{2,4}^2 ||W*||_{2,4}^2,
/// S = diag(s_r), s_r i.i.d. uniform signs. Notation: u_ir = w_r.x_i, q_ir = w*_r.x_i,
/// c_ir = a_r sigma''(t_ir)/sqrt m, F_V(x_i) = f_W0(x_i) + f^Q_V(x_i), l_i^{(k)} at F_W(x_i),
/// E_i = (1/m) sum_r sigma''(t_ir)^2 u_ir^2 q_ir^2, a = ||W||_{2,4}, b = ||W*||_{2,4}, B_x = max_i ||x_i||.
///
/// Derivation (each line is a step of the run):
///  L2.a <grad f^Q_W(x), SW*> = sum_r s_r c_r u_r q_r, and E s_r s_q = delta_rq, so
///       E_S <grad f^Q_W(x_i), SW*>^2 = sum_r c_ir^2 u_ir^2 q_ir^2 = E_i (a_r^2 = 1). Left: mean over all
///       2^m sign patterns (m <= enumerate_max_m); scale (sum_r |c u q|)^2.
///  L2.b f^Q_{SW*}(x) = (1/2) sum_r c_r (s_r q_r)^2 = f^Q_{W*}(x) (s_r^2 = 1). Left: the reference
///       f^Q of S W* for all patterns when m <= 6, otherwise 32 fixed pseudo-random patterns.
///  L2.c Lemma L1 with D = SW*, averaged over S, with L2.a and L2.b:
///       E_S Hess L^Q(W)[SW*,SW*] = (1/n) sum_i l''_i E_i + (2/n) sum_i l'_i f^Q_{W*}(x_i).
///       Left: the reference curvature averaged over S (enumeration, or sum_r of the curvature along
///       the single-row directions W*_r when m <= per_row_max_m; skipped for wider m).
///  L2.d <grad L^Q(W), W> = (2/n) sum_i l'_i f^Q_W(x_i) (Euler; reference gradient).
///  L2.e L2.c - L2.d: E_S Hess L^Q[SW*,SW*] - <grad L^Q, W> = (1/n) sum l''_i E_i + (2/n) sum l'_i (f^Q_W* - f^Q_W)(x_i).
///  L2.f convexity, per sample: l'(F_W)(F_W* - F_W) <= l(F_W*) - l(F_W), and F_W* - F_W = f^Q_W* - f^Q_W.
///  L2.g average of L2.f times 2: (2/n) sum_i l'_i (f^Q_W* - f^Q_W)(x_i) <= 2 (L^Q(W*) - L^Q(W)) (reference L^Q).
///  L2.h l''_i <= L2 (per sample; 1 for square, 1/4 for logistic).
///  L2.i sigma''(t_ir)^2 <= C2^2 (per sample and neuron; C2^2 = 2 for sincos).
///  L2.j |u_ir| <= ||w_r|| B_x and |q_ir| <= ||w*_r|| B_x (Cauchy-Schwarz, per sample and neuron).
///  L2.k with L2.i, L2.j: E_i <= (C2^2 B_x^4 / m) sum_r ||w_r||^2 ||w*_r||^2 (per sample).
///  L2.l Cauchy-Schwarz: sum_r ||w_r||^2 ||w*_r||^2 <= (sum_r ||w_r||^4)^{1/2} (sum_r ||w*_r||^4)^{1/2} = a^2 b^2.
///  L2.m with L2.h (E_i >= 0): (1/n) sum_i l''_i E_i <= L2 C2^2 B_x^4 a^2 b^2 / m.
///  L2.n the lemma: L2.e + L2.g + L2.m. Left: reference E_S Hess (as in L2.c; closed form beyond
///       per_row_max_m) minus the reference radial derivative.
///
/// Precisions: float64 / mp50 take the reference sides from the library; interval50 evaluates
/// everything from the formulas in MPFI intervals (sincos, square or logistic loss). Cost
/// O(nmd) + the sign average (2^m or m HVPs). Throws std::invalid_argument for an unsupported
/// activation or loss in intervals, or a W* of the wrong shape.
ProofRun lemma_l2_run(const Instance<double>& inst, const RowMatrix<double>& W_star, ProofPrecision precision,
                      const ProofOptions& options = {});

}  // namespace beyondlin::proofs
