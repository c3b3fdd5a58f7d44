#pragma once
/// @file higher_order.hpp
/// The paired moment-matching randomization of SPEC §4.7 (H3) that couples the network with its
/// k-th order Taylor term, exactly evaluated (SPEC §4.7 H1-H4, §6.3 SC-9).
///
/// **Scheme (H3) [reconstructed: a valid scheme, not confirmed to be the paper's].** Under symmetric
/// initialization (SPEC §1.3) the neurons come in pairs p = (r, r + m/2) with the same w_{0,r} and
/// a_{r+m/2} = -a_r. Each pair gets one shared movement w_p (row p of an (m/2) x d matrix Wp). One
/// neuron of the pair (the "P-neuron", sign a_P) is moved by z w_p with z ~ P, its partner (sign
/// -a_P) by z' w_p with z' ~ Q, all z, z' independent:
///     f(x) = m^{-1/2} sum_r a_r sigma(w_{0,r}^T x + z_r w_p^T x).
/// With t = w_{0,r}^T x, u = w_p^T x and mu_j the moments of the laws, a pair contributes
///     E[pair] = (a_P / sqrt m) sum_{j >= 1} sigma^(j)(t) u^j (mu_j^P - mu_j^Q) / j!,
/// so when P and Q match the moments 1..k-1 and mu_k^P - mu_k^Q = 1, E f = f_{W0} + f^(k)_{W_eff} +
/// (orders >= k+1), where W_eff carries w_p on the P-neuron and 0 on its partner (f_{W0} = 0 under
/// symmetric init). With ||w_p|| ~ m^{-1/(2k)} the gap is O(m^{-1/(2k)}) and so is the standard
/// deviation (H4; SC-9 for k = 3).
///
/// **The laws.** Let G ~ N(0,1), He_j the probabilists' Hermite polynomials, and R_N(alpha) the
/// interpolatory rule on the N zeros of He_N + alpha He_{N-1} (alpha = 0: the N-point Gauss-Hermite
/// rule G_N). R_N(alpha) is exact for polynomials of degree <= 2N-2 (quasi-orthogonality), and
/// <= 2N-1 when alpha = 0; its weights are the Christoffel numbers w_i = 1 / sum_{j<N} He_j(x_i)^2 / j!
/// (Christoffel-Darboux at a zero of He_N + alpha He_{N-1}), all positive, so it is a probability law.
/// For x^{2N-1} = (He_N + alpha He_{N-1}) s + r (s monic of degree N-1, deg r <= N-1) one gets
/// E G^{2N-1} - R_N(alpha)[x^{2N-1}] = alpha (N-1)!. Hence, for every k >= 2:
///   - k = 2n + 1 (odd):  P = G_{n+1},  Q = R_{n+1}(1/n!).  Both match N(0,1) up to degree 2n = k-1,
///     and mu_k^P - mu_k^Q = E G^k - R_{n+1}(1/n!)[x^k] = (1/n!) n! = 1.
///     k = 3: P = Rademacher, Q = the zeros of x^2 + x - 1, i.e. 1/phi w.p. q = (5 + sqrt5)/10 and
///     -phi w.p. 1 - q (phi the golden ratio): exactly SPEC §4.7's two-point law.
///   - k = 2n (even):  Q = G_n,  P = (1 - 1/n!) G_n + (1/n!) G_{n+1} (a mixture; the supports are
///     disjoint by interlacing).  Both match N(0,1) up to degree 2n-1 = k-1, and
///     mu_k^P - mu_k^Q = (1/n!) (E G^{2n} - G_n[x^{2n}]) = (1/n!) n! = 1.
///     k = 2: P = G_2 = Rademacher, Q = G_1 = delta_0: SPEC §3's sign randomization (H3).
/// Constructed for 2 <= k <= kMaxPairedOrder. (k = 1 is excluded: H3 is about k >= 2.)
///
/// Everything is a template on the scalar type T, instantiated for double, long double, scalar_mp50
/// and scalar_mp100 (lib/src/inst/higher_order_*.cpp): the laws are exact to a few units of T's
/// roundoff (verified at 50 digits by tests/test_higher_order.cpp and by check SC-9).

#include <beyondlin/instance.hpp>

#include <functional>
#include <string>
#include <vector>

namespace beyondlin {

/// Largest order k of the constructed laws (the supports have at most k/2 + 1 points; the Taylor
/// series of the gap uses derivatives up to order kMaxActivationOrder = 24).
constexpr int kMaxPairedOrder = 16;

/// A discrete probability law on R: P(z = nodes[i]) = weights[i] (weights positive, summing to 1
/// up to rounding; nodes ascending and distinct).
template <class T> struct DiscreteLaw {
  std::vector<T> nodes;
  std::vector<T> weights;
  int size() const { return static_cast<int>(nodes.size()); }
};

/// E z^j = sum_i weights[i] nodes[i]^j (compensated sum). Cost O(size * j).
template <class T> T law_moment(const DiscreteLaw<T>& law, int j);

/// sum_i weights[i] |nodes[i]|^j: the natural magnitude of law_moment (its rounding error is a few
/// (j + 2) u times this).
template <class T> T law_abs_moment(const DiscreteLaw<T>& law, int j);

/// The pair of laws of H3 for order k.
template <class T> struct MomentMatchedLaws {
  int k = 0;
  DiscreteLaw<T> P;          ///< the law of the P-neuron's multiplier z
  DiscreteLaw<T> Q;          ///< the law of the partner's multiplier z'
  std::string construction;  ///< e.g. "P = G_2, Q = R_2(1) (k = 2n+1, n = 1)"
};

/// The interpolatory rule R_N(alpha) on the zeros of He_N + alpha He_{N-1} (see the file comment),
/// N >= 1. Nodes: eigenvalues of the N x N Jacobi matrix with off-diagonal sqrt(1..N-1) and last
/// diagonal entry -alpha (double, Eigen), each polished by Newton's method in T until the step is
/// below 4 u |x| (quadratic convergence: 3-4 steps at 50 digits); weights: Christoffel numbers
/// 1 / sum_{j<N} He_j(x_i)^2 / j! (positive terms, relative accuracy ~N u). Cost O(N^2) in T.
/// Throws std::invalid_argument for N < 1 or N > kMaxPairedOrder / 2 + 1.
template <class T> DiscreteLaw<T> quasi_gauss_hermite_rule(int N, const T& alpha);

/// The laws P, Q of H3 for order k (2 <= k <= kMaxPairedOrder), constructed as in the file comment:
/// they match the moments 1..k-1 and mu_k^P - mu_k^Q = 1. Throws InputError("k", ...) out of range.
template <class T> MomentMatchedLaws<T> moment_matched_laws(int k);

/// SPEC §4.7's k = 3 laws in closed form: P = Rademacher; Q = sqrt((1-q)/q) w.p. q and
/// -sqrt(q/(1-q)) w.p. 1-q, q = (5 + sqrt5)/10 (mean 0, variance 1, mu_3 = -1, mu_4 = 2).
/// moment_matched_laws<T>(3) returns the same laws (tests compare them at 50 digits).
template <class T> MomentMatchedLaws<T> spec_k3_laws();

/// Which neuron of the pair (r, r + m/2), r < m/2, draws z ~ P.
enum class PairOrientation {
  first,    ///< neuron r (the first half)
  positive  ///< the neuron with a = +1 (the "coherent" choice of SC-9: then f^(k) adds up over pairs)
};

/// The P-neuron of pair p (p < m/2): p or p + m/2 according to the orientation. O(1).
template <class T> Eigen::Index paired_p_neuron(const Instance<T>& inst, Eigen::Index p, PairOrientation o);

/// W_eff (m x d): row p of Wp on the P-neuron of pair p, 0 on its partner. f^(k)_{W_eff} is the
/// Taylor term that the scheme's mean reproduces (SPEC §4.7 H3); for k = 2 the scheme is SPEC §3's sign
/// randomization of W_eff. Same input checks as paired_moments. Cost O(m d).
template <class T>
RowMatrix<T> paired_effective_movement(const Instance<T>& inst, const RowMatrix<T>& Wp, PairOrientation o);

/// Exact moments of f over the product of the laws, per sample of the instance (its W is ignored).
template <class T> struct PairedMoments {
  Vector<T> mean;     ///< E f(x_i)
  Vector<T> var;      ///< Var f(x_i) (pairs independent: the sum of the pair variances)
  Vector<T> f0;       ///< f_{W0}(x_i) (0 under symmetric init: every pair cancels exactly)
  Vector<T> taylor;   ///< f^(k)_{W_eff}(x_i) = (k! sqrt m)^{-1} sum_p a_P sigma^(k)(t_p) u_p^k
  Vector<T> gap;      ///< E f - f0 - f^(k), accumulated pair by pair
  /// Natural magnitude of gap's rounding error: m^{-1/2} sum_p (E|sigma(t+zu)| + E|sigma(t+z'u)| +
  /// |f^(k) pair|) (each pair mean is a difference of O(1) activation values).
  Vector<T> gap_mag;
};

/// Exact mean and variance of f over the product of the laws (SPEC §4.7 H3). For each sample and
/// pair the |P| x |Q| outcomes (z, z') are enumerated: v = sigma(t + z u) - sigma(t + z' u) with
/// probability P(z) Q(z'); the pair's mean and variance are formed from them (two passes), then
/// summed over pairs with compensated summation (pairs are independent). Needs symmetric init
/// (InputError("init", ...) otherwise) and Wp of shape (m/2) x d (InputError("Wp", ...)).
/// Cost: one GEMM (n x m/2 x d) plus (|P| + |Q| + 1) activation evaluations per sample and pair
/// and O(|P| |Q|) arithmetic per sample and pair.
template <class T>
PairedMoments<T> paired_moments(const Instance<T>& inst, const RowMatrix<T>& Wp, const MomentMatchedLaws<T>& laws,
                                PairOrientation o);

/// Reference by brute force: every one of the (|P| |Q|)^{m/2} joint outcomes of (z_r) is evaluated
/// with network_output(inst, W0 + Z) (an independent code path) and the mean and variance are
/// accumulated with compensated sums (mean, then central second moment). Limited to 2^20 outcomes
/// (std::invalid_argument otherwise). The gap/taylor/f0 fields are filled as in paired_moments.
template <class T>
PairedMoments<T> paired_moments_enumerated(const Instance<T>& inst, const RowMatrix<T>& Wp,
                                           const MomentMatchedLaws<T>& laws, PairOrientation o);

/// The truncated series of H3's mean, per sample: m^{-1/2} sum_p a_P sum_{j=j0}^{J} sigma^(j)(t_p) u_p^j
/// (mu_j^P - mu_j^Q) / j!, with the moment differences taken from the laws (j0 >= 1, J <=
/// kMaxActivationOrder). With j0 = k+1 it predicts `gap`; the truncation error is bounded by
/// paired_series_tail_bound. Cost O(n m d / 2 + n m J / 2).
template <class T>
Vector<T> paired_mean_series(const Instance<T>& inst, const RowMatrix<T>& Wp, const MomentMatchedLaws<T>& laws,
                             PairOrientation o, int j0, int J);

/// Bound on the series tail beyond J (Taylor's theorem with Lagrange remainder for each outcome):
/// m^{-1/2} sum_p C_{J+1} |u_p|^{J+1} (E_P|z|^{J+1} + E_Q|z'|^{J+1}) / (J+1)!, where C_{J+1} =
/// sup |sigma^(J+1)| (activation_sup_bound; +infinity if unbounded). Returned as double.
template <class T>
Vector<double> paired_series_tail_bound(const Instance<T>& inst, const RowMatrix<T>& Wp,
                                        const MomentMatchedLaws<T>& laws, int J);

}  // namespace beyondlin
