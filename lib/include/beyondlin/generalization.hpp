#pragma once
/// @file generalization.hpp
/// Theorem G and the sample complexity of SPEC §4.4 / §4.6 from parameters (n, d, m, B, B_x, C_k,
/// L_1, delta, loss range), term by term.
///
/// Theorem G ([reconstructed, verify], SPEC §4.4): with probability >= 1 - delta, uniformly over the
/// class,
///   L^Q_D(W) <= L^Q(W) + 2 L1 R_S(F) + 3 M sqrt(log(2/delta) / (2n)),
/// M the range of the loss on the class (symmetrization + Talagrand contraction). Here R_S(F) is
/// replaced by its upper bound from parameters (class_complexity_bound):
///   - quadratic F^Q(B) = {||W||_{2,4} <= B}:  (B^2/2) C2 Bx sqrt(2 log(2dm) ||Sigma_n|| / n)   (G2),
///       ||Sigma_n|| given, or the isotropic value Bx^2/d (SPEC §4.4 "Dimension factor");
///   - ntk F^L(B_F) = {||W||_F <= B_F}:       B_F C1 Bx / sqrt(n)                           (G3, trace bound);
///   - order k F^(k)(B) = {||W||_{2,2k} <= B}, k >= 3: (B^k/k!) Ck Bx^k sqrt(2 log(m (d + d^{k-1})) / n)
///       (rectangular matrix Khintchine on the d x d^{k-1} flattenings; [derived] here, rademacher.hpp).
/// The transfer to the randomized network (coupling C1, O(m^{-1/4})) is not a term here: its
/// constant is not quantified in SPEC §4.4.
///
/// Sample complexity (SPEC §4.6, reconstructed end-to-end statement): the complexity term
/// 2 L1 R_S(F) is at most epsilon once
///   quadratic: n >= (L1 B^2 C2 Bx)^2 2 log(2dm) ||Sigma_n|| / epsilon^2,
///   ntk:       n >= (2 L1 B_F C1 Bx)^2 / epsilon^2,
///   order k:   n >= (2 L1 (B^k/k!) Ck Bx^k)^2 2 log(m (d + d^{k-1})) / epsilon^2;
/// the whole bound 2 L1 R + 3 M sqrt(log(2/delta)/(2n)) is at most epsilon from the n returned by
/// required_sample_size.
///
/// Example (output captured):
/// @code
///   GeneralizationInputs p;  p.cls = {FunctionClass::quadratic, 2};
///   p.n = 1000; p.d = 100; p.m = 1024; p.B = 1; p.Bx = 1; p.C = 1.4142;   // L1 = 1, delta = 0.05, M = 1
///   TheoremG g = theorem_g(p);              // terms 0.02212 (2 L1 R_S) and 0.1288 (confidence), total 0.151
///   SampleSize s = required_sample_size(p, 0.1);   // s.n = 2279
/// @endcode
/// All functions cost O(1) (required_sample_size: O(log n) evaluations of theorem_g).

#include <beyondlin/rademacher.hpp>

#include <limits>
#include <string>
#include <vector>

namespace beyondlin {

/// Parameters of Theorem G (SPEC §4.4, §1.0 glossary). Ranges are checked by validate().
struct GeneralizationInputs {
  ClassSpec cls;          ///< quadratic (order 2), ntk (order 1) or order-k (k in [3, 24])
  double n = 0;           ///< sample size, integer >= 1
  double d = 0;           ///< input dimension, integer >= 1
  double m = 0;           ///< width, integer >= 1
  double B = 0;           ///< class radius (> 0): ||W||_{2,4}, ||W||_F or ||W||_{2,2k}
  double Bx = 0;          ///< input-norm bound ||x|| <= Bx (> 0)
  double C = 0;           ///< the class's activation constant (>= 0, finite): C2, C1 or C_k
  double L1 = 1;          ///< Lipschitz constant of the loss, >= 0
  double delta = 0.05;    ///< confidence, in (0, 1)
  double loss_range = 1;  ///< M, range of the loss on the class, >= 0
  /// quadratic only: ||Sigma_n|| in (0, Bx^2]; NaN (default) uses the isotropic value Bx^2/d.
  double sigma_norm = std::numeric_limits<double>::quiet_NaN();
};

/// Check every range; throws InputError naming the parameter and the value: "n", "d", "m" (integers
/// >= 1), "B", "Bx" (finite > 0), "C2"/"C1"/"Ck" (finite >= 0, named by the class), "L1", "loss_range"
/// (finite >= 0), "delta" (in (0, 1)), "sigma_norm" (in (0, Bx^2]), "order" (in [3, 24] for order-k).
void validate(const GeneralizationInputs& p);

/// The option-style name of the class constant: "C2" (quadratic), "C1" (ntk), "Ck" (order-k).
const char* class_constant_name(const ClassSpec& c);

/// One term of a bound, with the formula and its SPEC reference.
struct BoundTerm {
  std::string name;     ///< e.g. "2 L1 R_S(F^Q(B))"
  double value = 0;
  std::string formula;  ///< the formula evaluated, in words
  std::string spec;     ///< SPEC reference, e.g. "§4.4 Theorem G, G2"
};

/// ||Sigma_n|| used for the quadratic class: the given value, or Bx^2/d (isotropic).
double sigma_norm_used(const GeneralizationInputs& p);

/// The upper bound of the empirical Rademacher complexity R_S(F) from parameters (file comment).
/// Validates p. Cost O(1).
double class_complexity_bound(const GeneralizationInputs& p);

/// Theorem G's right-hand side minus the empirical loss, term by term.
struct TheoremG {
  std::vector<BoundTerm> ingredients;  ///< R_S bound, ||Sigma_n|| used, log factor (not summed)
  std::vector<BoundTerm> terms;        ///< the two summed terms: 2 L1 R_S(F), 3 M sqrt(log(2/delta)/(2n))
  double total = 0;                    ///< sum of `terms` (the generalization-gap bound)
  double rademacher = 0;               ///< R_S bound used
  double sigma_norm = 0;               ///< quadratic: ||Sigma_n|| used (else 0)
  std::string sigma_norm_source;       ///< "given" or "isotropic Bx^2/d" (quadratic), else ""
};

/// Evaluate Theorem G (validates p). The total is the plain double sum of the two terms.
TheoremG theorem_g(const GeneralizationInputs& p);

/// 3 M sqrt(log(2/delta) / (2n)) (Theorem G's confidence term, McDiarmid).
double confidence_term(double n, double delta, double loss_range);

/// The SPEC §4.6 end-to-end formula: the smallest real n with 2 L1 R_S(F) <= epsilon, i.e.
/// (2 L1 R_S(F)|_{n=1})^2 / epsilon^2 (formulas in the file comment; the n of p is ignored).
/// Throws InputError("epsilon", ...) unless epsilon is finite and > 0.
double end_to_end_sample_size(const GeneralizationInputs& p, double epsilon);

/// The smallest integer n with theorem_g(p with that n).total <= epsilon.
struct SampleSize {
  double n = 0;              ///< the required n (an integer, as a double)
  double bound_at_n = 0;     ///< total at n (<= epsilon)
  double bound_below = 0;    ///< total at n - 1 (> epsilon), +infinity when n = 1
  std::string method;        ///< how it was solved
};

/// Solve theorem_g(n).total <= epsilon for the smallest integer n >= 1. The total is strictly
/// decreasing in n (both terms are c / sqrt(n) with c >= 0; ||Sigma_n|| is held fixed), so the
/// solution is found by doubling n from 1 until the bound is <= epsilon, then bisection on the
/// integers, evaluating the same function theorem_g every time: the answer satisfies
/// total(n) <= epsilon < total(n-1) exactly as computed in double. Throws InputError("epsilon", ...)
/// when epsilon is not finite and > 0, or when n would exceed 2^53 (where consecutive integers are
/// no longer representable). If the total is 0 for every n (L1 R = M = 0) the answer is n = 1.
SampleSize required_sample_size(const GeneralizationInputs& p, double epsilon);

}  // namespace beyondlin
