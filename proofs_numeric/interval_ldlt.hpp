#pragma once
/// @file interval_ldlt.hpp
/// Certified positive definiteness and certified lower bounds of the smallest eigenvalue of a
/// symmetric matrix given by an interval enclosure (used by Theorem L for lambda_min of the Hessian).

#include "interval.hpp"

#include <beyondlin/scalar.hpp>

namespace beyondlin::proofs {

/// Outcome of an interval LDL^T factorization.
struct PositiveDefiniteCertificate {
  bool proved = false;      ///< every pivot interval is > 0
  int size = 0;             ///< N
  int failed_pivot = -1;    ///< first pivot whose interval is not > 0 (-1 on success)
  double min_pivot_lo = 0;  ///< smallest lower end over the computed pivots (rounded down)
};

/// Interval LDL^T (no pivoting) of the symmetric interval matrix A (only the lower triangle is read):
///   d_k = A_kk - sum_{j<k} L_kj (L_kj d_j),   L_ik = (A_ik - sum_{j<k} L_ij (L_kj d_j)) / d_k,
/// all in outward-rounded MPFI arithmetic. Guarantee: if `proved`, every real symmetric matrix whose
/// lower-triangle entries lie in A's intervals is positive definite (inclusion isotonicity: its exact
/// pivots lie in the computed intervals, all > 0, and the pivots of a symmetric LDL^T are ratios of
/// leading principal minors, Sylvester's criterion). Not guaranteed: that a failure means the matrix
/// is indefinite (interval overestimation can make a pivot interval contain 0).
/// Cost N^3/3 interval multiply-adds.
PositiveDefiniteCertificate certify_positive_definite(const Matrix<Interval>& A);

/// A certified lower bound theta < lambda_min of the symmetric matrices enclosed by H.
struct MinEigenvalueBound {
  bool proved = false;     ///< H - theta I certified positive definite
  IntervalEnd theta = 0;   ///< the bound (exact binary number)
  double theta_double = 0; ///< theta rounded down to double
  double shift = 0;        ///< estimate - theta (>= 0)
  int attempts = 0;        ///< factorizations tried
  PositiveDefiniteCertificate certificate;  ///< of the last attempt
};

/// Try theta = estimate - delta_k * scale for delta_k = 1e-30, 1e-20, 1e-12, 1e-6, 1e-3 (relative to
/// `scale` > 0, e.g. ||H||_F) until the interval LDL^T of H - theta I succeeds. `estimate` is a
/// floating approximation of lambda_min (e.g. the 50-digit dense eigensolver); it need not be
/// certified: only theta is. Cost up to 5 factorizations.
MinEigenvalueBound certify_min_eigenvalue_lower_bound(const Matrix<Interval>& H, const IntervalEnd& estimate,
                                                      const IntervalEnd& scale);

}  // namespace beyondlin::proofs
