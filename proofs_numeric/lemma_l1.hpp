#pragma once
/// @file lemma_l1.hpp
/// Lemma L1 (SPEC §4.2, directional-curvature identity) as a chain of identities.

#include "proof_step.hpp"

#include <beyondlin/instance.hpp>

namespace beyondlin::proofs {

/// Lemma L1 on the instance `inst` (movement W = inst.W) and a direction D (m x d): for any C^2 loss,
/// with l'_i, l''_i at (f_W0(x_i) + f^Q_W(x_i), y_i),
///   Hess L^Q(W)[D,D] - <grad L^Q(W), W>
///       = (1/n) sum_i l''_i <grad f^Q_W(x_i), D>^2 + (2/n) sum_i l'_i (f^Q_D(x_i) - f^Q_W(x_i)).
///
/// Derivation (each line is a step of the run):
///  L1.1 Euler, per sample. f^Q_W(x) = (1/2) sum_r c_r (w_r.x)^2 is homogeneous of degree 2 and
///       grad_{w_r} f^Q_W(x) = c_r (w_r.x) x, so <grad f^Q_W(x), W> = sum_r c_r (w_r.x)^2 = 2 f^Q_W(x).
///       Left: the gradient formula contracted with W entrywise; right: 2 taylor_term(W, 2).
///  L1.2 Hess f^Q(x)[D,D] = sum_r c_r (d_r.x)^2 = 2 f^Q_D(x) (the Hessian of f^Q does not depend on W).
///       Left: the HVP formula (Hess f^Q D)_r = c_r (d_r.x) x contracted with D; right: 2 taylor_term(D, 2).
///  L1.3 Chain rule + L1.1: <grad L^Q(W), W> = (1/n) sum_i l'_i <grad f^Q_W(x_i), W> = (2/n) sum_i l'_i f^Q_W(x_i).
///       Left: the reference gradient (library Objective / formulas in intervals).
///  L1.4 Gauss-Newton decomposition (SPEC Appendix A) + L1.2:
///       Hess L^Q(W)[D,D] = (1/n) sum_i l''_i <grad f^Q_W(x_i), D>^2 + (1/n) sum_i l'_i Hess f^Q(x_i)[D,D]
///                        = (1/n) sum_i l''_i J_i^2 + (2/n) sum_i l'_i f^Q_D(x_i),  J_i = sum_r c_ir u_ir p_ir.
///       Left: the reference HVP contracted with D.
///  L1.5 Lemma L1 = L1.4 - L1.3.
/// Natural magnitudes (the scale of each identity): the same sums with every term replaced by its
/// absolute value (e.g. (1/n) sum_i [|l''_i| (sum_r |c u p|)^2 + 2 |l'_i| (S_Q(D) + S_Q(W))] for L1.5,
/// S_Q(V)(x) = (1/2) sum_r |c_r| (v_r.x)^2).
///
/// Precisions: float64 and mp50 take the left sides from the library and the right sides from the
/// formulas (HOLDS / FAILS); interval50 evaluates both sides from the formulas in MPFI intervals
/// (sincos activation, square or logistic loss; PROVED when the two evaluation paths are certified to
/// agree to 1e-40 of the natural magnitude). Cost O(nmd) (plus the HVP and gradient).
/// Throws std::invalid_argument for an activation or loss that intervals do not support.
ProofRun lemma_l1_run(const Instance<double>& inst, const RowMatrix<double>& D, ProofPrecision precision,
                      const ProofOptions& options = {});

}  // namespace beyondlin::proofs
