#pragma once
/// @file theorem_l.hpp
/// Theorem L (SPEC §4.2, landscape of the regularized quadratic model) as a chain of (in)equalities
/// at a measured near-second-order-stationary point, and the gradient descent that produces one.

#include "proof_step.hpp"

#include <beyondlin/instance.hpp>

#include <cstdint>
#include <string>

namespace beyondlin::proofs {

/// Theorem L at the point W = inst.W for F = L^Q + lambda R (lambda >= 0) and a comparator W*.
/// Every W is an (eps_g, eps_H)-SOSP of F with the measured eps_g = ||grad F(W)||_F and
/// eps_H = max(0, -lambda_min(Hess F(W))), so the theorem applies with these values:
///   L^Q(W) <= L^Q(W*) + L2 C2^2 B_x^4 a^2 B*^2 / (2m) + (lambda/2)(56 a^6 B*^2 - 8 a^8)
///             + eps_H sqrt(m) B*^2 / 2 + eps_g ||W||_F / 2
///          <= L^Q(W*) + L2 C2^2 B_x^4 a^2 B*^2 / (2m) + 1013 lambda B*^8 + eps_H sqrt(m) B*^2 / 2 + eps_g ||W||_F / 2,
/// a = ||W||_{2,4}, B* = ||W*||_{2,4} (the smallest admissible B*; every term increases with B*), and
/// OPT(B*) <= L^Q(W*) turns the second line into SPEC's.
///
/// Derivation (each line is a step of the run; A_L = E_S Hess L^Q(W)[SW*,SW*], G_L = <grad L^Q(W), W>,
/// A_R, G_R the same for R):
///  TL.0 float: the dense Hessian from the formulas (App. A, §3.3) equals the library's dense_hessian
///       (so the formulas evaluated in intervals below are the library's Hessian); interval: (a) the dense
///       formula entries equal the HVP formulas applied to the md unit vectors (two evaluation paths, in
///       MPFI), (b) lambda_min(Hess F(W)) > theta, certified by an interval LDL^T of H - theta I
///       (certify_min_eigenvalue_lower_bound), theta just below the 50-digit eigenvalue; then
///       eps_H := max(0, -theta) >= the true eps_H. What (b) certifies is lambda_min of the matrix of the
///       formulas; that it is the Hessian of F rests on the derivation of the formulas (SPEC App. A, §3.3),
///       checked by (a) and by the float TL.0 against the library. If no factorization succeeds, (b) is
///       reported HOLDS (uncertified) and every later step is downgraded from PROVED to HOLDS.
///  TL.i  Rayleigh: for every S, Hess F[SW*,SW*] >= lambda_min ||SW*||_F^2 = lambda_min ||W*||_F^2; averaging,
///        -eps_H ||W*||_F^2 <= lambda_min ||W*||_F^2 <= E_S Hess F(W)[SW*,SW*] (two steps).
///  TL.ii Cauchy-Schwarz: <grad F(W), W> <= eps_g ||W||_F.
///  TL.iii (a) Lemma L2: A_L - G_L <= 2 (L^Q(W*) - L^Q(W)) + L2 C2^2 B_x^4 a^2 b^2 / m;
///         (b) Lemma L3: A_R - G_R <= 56 a^6 b^2 - 8 a^8;
///         (c) E_S Hess F[SW*,SW*] - <grad F, W> = (A_L - G_L) + lambda (A_R - G_R) (identity, F = L^Q + lambda R);
///         (d) with TL.i, TL.ii: 2 (L^Q(W) - L^Q(W*)) <= L2 C2^2 B_x^4 a^2 b^2/m + lambda (56 a^6 b^2 - 8 a^8)
///             + eps_H ||W*||_F^2 + eps_g ||W||_F.
///  TL.iv ||W*||_F^2 <= sqrt(m) ||W*||_{2,4}^2 (SPEC §1.4).
///  TL.v  the first line above (TL.iii.d, TL.iv, divided by 2).
///  TL.vi (lambda/2)(56 a^6 b^2 - 8 a^8) <= (64827/64) lambda b^8 (Lemma L3.l) and 64827/64 <= 1013.
///  TL.vii the second line.
///  TL.viii norm control (lambda > 0): a <= max(sqrt(14) b, ((L^Q(W*) + T)/(2 lambda))^{1/8}),
///        T = L2 C2^2 B_x^4 a^2 b^2/(2m) + eps_H sqrt(m) b^2/2 + eps_g ||W||_F/2: if a^2 >= 14 b^2 then
///        56 a^6 b^2 <= 4 a^8 and TL.iii.d with L^Q(W) >= 0 gives 4 lambda a^8 <= 2 (L^Q(W*) + T).
///        (Only for losses >= 0, as square and logistic are.)
///
/// float64 / mp50: the reference sides from the library (Objective with lambda, dense_hessian_eigenvalues;
/// double with md > 1500: Lanczos); interval50: formulas in MPFI (sincos; square or logistic), with
/// lambda_min certified as in TL.0 (its estimate from the 50-digit library eigensolver). Cost: the
/// sign averages (2^m or m HVPs), md HVPs and an (md)^3 eigensolver (float), or an O(n (md)^2)
/// interval Hessian and up to five (md)^3/3 interval factorizations.
ProofRun theorem_l_run(const Instance<double>& inst, const RowMatrix<double>& W_star, double lambda,
                       ProofPrecision precision, const ProofOptions& options = {});

/// Plain gradient descent on F = L^Q + lambda R (library Objective<double>, quadratic model).
struct DescentOptions {
  double lambda = 1e-4;        ///< regularization weight of F
  double step = 4.0;           ///< initial step; halved whenever F would increase
  int max_steps = 50000;       ///< iteration cap (about 2 us per step at d = 3, m = 8, n = 10)
  double init_scale = 1e-2;    ///< W starts with i.i.d. init_scale * N(0,1) entries (W = 0 is a stationary point, SPEC §3.2 P5)
  double gradient_tol = 1e-10; ///< stop when ||grad F||_F <= gradient_tol
  std::uint64_t seed = 1;      ///< seed of the initial W
};

/// End point of a descent run.
struct DescentResult {
  RowMatrix<double> W;
  int steps = 0;
  double gradient_norm = 0;  ///< ||grad F(W)||_F at the end
  double value = 0;          ///< F(W) at the end
  double step = 0;           ///< the step size at the end
};

/// Gradient descent W <- W - eta grad F(W) from a small random W, with the step halved (and the
/// iteration repeated) whenever F would increase. Cost: steps x one gradient O(nmd).
DescentResult gradient_descent_quadratic(const Instance<double>& inst, const DescentOptions& options);

/// A planted Theorem L set-up (SPEC §6.4 ST-1, small): generate_instance(d, m, n, sincos, square loss,
/// symmetric init, target "planted", seed), W* = the planted matrix (Instance::W_star,
/// ||W*||_{2,4} = 1), and inst.W = the gradient-descent end point on F = L^Q + lambda R.
struct TheoremLSetup {
  Instance<double> instance;  ///< W = the descent's end point; W_star = planted W*
  DescentResult descent;
  double lambda = 0;
  std::string label;          ///< description for ProofRun::instance
};

/// Draw the planted instance and run gradient_descent_quadratic on it (descent.lambda is used).
TheoremLSetup theorem_l_planted_setup(std::uint64_t seed, int d = 3, int m = 8, int n = 10,
                                      const DescentOptions& descent = {});

}  // namespace beyondlin::proofs
