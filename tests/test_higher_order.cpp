// higher_order.hpp: the moment-matched laws of SPEC §4.7 H3 (exact at 50 digits for every k = 2..16,
// SPEC's k = 3 closed form, k = 2 = Rademacher / delta_0), and the exact moments of the paired scheme
// against brute-force enumeration, against §3's sign randomization (k = 2), against the library's
// Taylor terms, and against H3's series for the mean.
//
// Tolerances follow support.hpp: an identity is checked to c u M, u the unit roundoff of the scalar
// type and M the natural magnitude of the computation (stated per test).
#include "support.hpp"

#include <beyondlin/higher_order.hpp>

#include <cmath>

using namespace bltest;

namespace {

using mp50 = scalar_mp50;

/// E G^j for G ~ N(0, 1): 0 for odd j, (j-1)!! for even j.
mp50 normal_moment(int j) {
  if (j % 2 == 1) return mp50(0);
  mp50 v(1);
  for (int i = j - 1; i > 1; i -= 2) v *= mp50(i);
  return v;
}

/// A random instance with symmetric init (d <= 5, m = 2, 4, 6 or 8) and a pair movement of the
/// order-k scale m^{-1/(2k)} per row.
struct PairedCase {
  Instance<double> inst;
  RowMatrix<double> Wp;
  PairOrientation o;
  int k;
};

PairedCase draw_paired_case(int kmin, int kmax) {
  PairedCase c;
  c.k = *uniform_in(kmin, kmax + 1);
  InstanceOptions opt;
  opt.d = *uniform_in(1, 6);
  // (|P| |Q|)^{m/2} <= 2^20 outcomes: k = 3 (4 per pair) and k = 2 (2 per pair) up to m = 8; larger
  // supports (k = 4: 10, k = 5: 9) up to m = 8 as well (10^4 outcomes)
  opt.m = 2 * *uniform_in(1, 5);
  opt.n = *uniform_in(1, 4);
  opt.activation = *rc::gen::element(Activation::sincos, Activation::tanh, Activation::softplus, Activation::erf);
  opt.data = *rc::gen::element<std::string>("sphere", "gaussian", "cube");
  opt.target = "zero";
  opt.seed = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  RC_LOG() << describe(opt) << " k = " << c.k << "\n";
  c.inst = generate_instance(opt);
  const std::uint64_t ws = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  const double scale = std::pow(double(opt.m), -1.0 / (2 * c.k)) * (*uniform_in(10, 300) / 100.0) / std::sqrt(double(opt.d));
  c.Wp = random_matrix(opt.m / 2, opt.d, scale, ws);
  c.o = *rc::gen::element(PairOrientation::first, PairOrientation::positive);
  RC_LOG() << "Wp = random_matrix(m/2, d, " << scale << ", " << ws << "), orientation "
           << (c.o == PairOrientation::first ? "first" : "positive") << "\n";
  return c;
}

}  // namespace

// ---- the laws ------------------------------------------------------------------------------------

// For every k = 2..16 at 50 digits: mu_j^P = mu_j^Q for j < k and mu_k^P - mu_k^Q = 1; moreover both laws
// match N(0,1) up to degree k-1 (the construction's invariant). Tolerance 64 (j + N) u * (E|z|^j), u = 1e-50:
// each moment is a compensated sum of N terms w_i x_i^j whose nodes and weights carry a few u of relative
// error (Newton to 4u, Christoffel sums of N positive terms), magnified j times by the power.
TEST(PairedLaws, MomentsMatchAt50Digits) {
  const mp50 u = uT<mp50>();
  for (int k = 2; k <= kMaxPairedOrder; ++k) {
    const MomentMatchedLaws<mp50> L = moment_matched_laws<mp50>(k);
    const int N = std::max(L.P.size(), L.Q.size());
    for (int j = 1; j <= k; ++j) {
      const mp50 tol = mp50(64 * (j + N)) * u * (law_abs_moment(L.P, j) + law_abs_moment(L.Q, j));
      const mp50 diff = law_moment(L.P, j) - law_moment(L.Q, j);
      EXPECT_TRUE(near("k=" + std::to_string(k) + " mu_" + std::to_string(j) + "^P - mu^Q", diff, mp50(j == k ? 1 : 0), tol));
      if (j < k) {
        EXPECT_TRUE(near("k=" + std::to_string(k) + " P vs N(0,1), j=" + std::to_string(j), law_moment(L.P, j),
                         normal_moment(j), tol));
        EXPECT_TRUE(near("k=" + std::to_string(k) + " Q vs N(0,1), j=" + std::to_string(j), law_moment(L.Q, j),
                         normal_moment(j), tol));
      }
    }
    for (const DiscreteLaw<mp50>* law : {&L.P, &L.Q}) {
      mp50 sum(0);
      for (int i = 0; i < law->size(); ++i) {
        EXPECT_GT(law->weights[i], mp50(0)) << "k = " << k;
        if (i > 0) {
          EXPECT_GT(law->nodes[i], law->nodes[i - 1]) << "k = " << k;
        }
        sum += law->weights[i];
      }
      EXPECT_TRUE(near("k=" + std::to_string(k) + " sum of weights", sum, mp50(1), mp50(64 * N) * u));
    }
  }
}

// The same construction in double is accurate to a few u as well (64 (j + N) u relative to E|z|^j).
TEST(PairedLaws, MomentsMatchInDouble) {
  const double u = unit_roundoff<double>();
  for (int k = 2; k <= kMaxPairedOrder; ++k) {
    const MomentMatchedLaws<double> L = moment_matched_laws<double>(k);
    const int N = std::max(L.P.size(), L.Q.size());
    for (int j = 1; j <= k; ++j) {
      const double tol = 64.0 * (j + N) * u * (law_abs_moment(L.P, j) + law_abs_moment(L.Q, j));
      EXPECT_TRUE(near("k=" + std::to_string(k) + " j=" + std::to_string(j), law_moment(L.P, j) - law_moment(L.Q, j),
                       j == k ? 1.0 : 0.0, tol));
    }
  }
}

// SPEC §4.7: k = 3 is P = Rademacher and Q = sqrt((1-q)/q) w.p. q, -sqrt(q/(1-q)) w.p. 1-q, q = (5 + sqrt5)/10,
// with mean 0, variance 1, mu_3 = -1, mu_4 = 2. The general construction gives these laws (to 16 u), and
// the closed form has the stated moments (to 64 u times the absolute moment).
TEST(PairedLaws, KEquals3IsSpecClosedForm) {
  const mp50 u = uT<mp50>();
  const MomentMatchedLaws<mp50> L = moment_matched_laws<mp50>(3), S = spec_k3_laws<mp50>();
  ASSERT_EQ(L.P.size(), 2);
  ASSERT_EQ(L.Q.size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(near("P node", L.P.nodes[i], S.P.nodes[i], mp50(16) * u * absT(S.P.nodes[i])));
    EXPECT_TRUE(near("Q node", L.Q.nodes[i], S.Q.nodes[i], mp50(16) * u * absT(S.Q.nodes[i])));
    EXPECT_TRUE(near("P weight", L.P.weights[i], S.P.weights[i], mp50(16) * u));
    EXPECT_TRUE(near("Q weight", L.Q.weights[i], S.Q.weights[i], mp50(16) * u));
  }
  const mp50 want[5] = {mp50(1), mp50(0), mp50(1), mp50(-1), mp50(2)};
  for (int j = 0; j <= 4; ++j)
    EXPECT_TRUE(near("SPEC Q moment " + std::to_string(j), law_moment(S.Q, j), want[j], mp50(64) * u * law_abs_moment(S.Q, j)));
  // 1/phi = (sqrt5 - 1)/2 and -phi
  using std::sqrt;
  EXPECT_TRUE(near("Q upper node 1/phi", S.Q.nodes[1], (sqrt(mp50(5)) - 1) / 2, mp50(16) * u));
  EXPECT_TRUE(near("Q lower node -phi", S.Q.nodes[0], -(sqrt(mp50(5)) + 1) / 2, mp50(16) * u));
}

// k = 2: P = Rademacher and Q = delta_0 exactly (SPEC §4.7 H3: it reproduces §3's randomization).
TEST(PairedLaws, KEquals2IsRademacherAndDeltaZero) {
  const MomentMatchedLaws<double> L = moment_matched_laws<double>(2);
  ASSERT_EQ(L.P.size(), 2);
  ASSERT_EQ(L.Q.size(), 1);
  EXPECT_EQ(L.P.nodes[0], -1.0);
  EXPECT_EQ(L.P.nodes[1], 1.0);
  EXPECT_EQ(L.P.weights[0], 0.5);
  EXPECT_EQ(L.P.weights[1], 0.5);
  EXPECT_EQ(L.Q.nodes[0], 0.0);
  EXPECT_EQ(L.Q.weights[0], 1.0);
}

TEST(PairedLaws, BadInputs) {
  EXPECT_THROW(moment_matched_laws<double>(1), InputError);
  EXPECT_THROW(moment_matched_laws<double>(kMaxPairedOrder + 1), InputError);
  try {
    moment_matched_laws<double>(0);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "k");
  }
  EXPECT_THROW(quasi_gauss_hermite_rule<double>(0, 0.0), std::invalid_argument);
}

// ---- the scheme ------------------------------------------------------------------------------------

// Exact moments over the product of the laws = brute force over all (|P| |Q|)^{m/2} joint outcomes
// (network_output on every outcome: an independent code path). Tolerance 64 u M for the mean,
// M = m^{-1/2} sum_r E|sigma(v_r^T x)| (both sides are sums of such terms with a few u of error each),
// and 64 u M^2 for the variance (central second moments of values known to u M).
RC_GTEST_PROP(PairedScheme, ExactMomentsMatchEnumeration, ()) {
  const PairedCase c = draw_paired_case(2, 5);
  const MomentMatchedLaws<double> L = moment_matched_laws<double>(c.k);
  const PairedMoments<double> ex = paired_moments(c.inst, c.Wp, L, c.o);
  const PairedMoments<double> bf = paired_moments_enumerated(c.inst, c.Wp, L, c.o);
  const double u = unit_roundoff<double>();
  for (Eigen::Index i = 0; i < c.inst.n(); ++i) {
    const double M = bf.gap_mag(i);
    rc_near("mean", ex.mean(i), bf.mean(i), 64 * u * M);
    rc_near("var", ex.var(i), bf.var(i), 64 * u * M * M);
    rc_near("gap", ex.gap(i), bf.gap(i), 64 * u * M);
  }
}

// The same at 50 digits for k = 3, m = 8 (4 pairs, 256 outcomes): agreement to 64 u M with u = 1e-50.
TEST(PairedScheme, ExactMomentsMatchEnumerationAt50Digits) {
  InstanceOptions opt;
  opt.d = 4;
  opt.m = 8;
  opt.n = 2;
  opt.target = "zero";
  opt.seed = 11;
  const Instance<mp50> inst = instance_cast<mp50>(generate_instance(opt));
  const RowMatrix<mp50> Wp = random_matrix(4, 4, 0.3, 12).cast<mp50>();
  const MomentMatchedLaws<mp50> L = moment_matched_laws<mp50>(3);
  const PairedMoments<mp50> ex = paired_moments(inst, Wp, L, PairOrientation::positive);
  const PairedMoments<mp50> bf = paired_moments_enumerated(inst, Wp, L, PairOrientation::positive);
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    const mp50 M = bf.gap_mag(i), tol = mp50(64) * uT<mp50>() * M;
    EXPECT_TRUE(near("mean", ex.mean(i), bf.mean(i), tol));
    EXPECT_TRUE(near("var", ex.var(i), bf.var(i), tol * M));
  }
}

// k = 2 with P = Rademacher, Q = delta_0 is SPEC §3's sign randomization of W_eff (w_p on the P-neuron,
// 0 on its partner): its exact mean and variance (P2/P3, randomized_moments) agree with the paired
// scheme to 64 u M (both are compensated sums of O(M) terms).
RC_GTEST_PROP(PairedScheme, KEquals2ReproducesSignRandomization, ()) {
  const PairedCase c = draw_paired_case(2, 2);
  const MomentMatchedLaws<double> L = moment_matched_laws<double>(2);
  const PairedMoments<double> pm = paired_moments(c.inst, c.Wp, L, c.o);
  const RowMatrix<double> Weff = paired_effective_movement(c.inst, c.Wp, c.o);
  const SignMoments<double> sm = randomized_moments(c.inst, Weff);
  const double u = unit_roundoff<double>();
  for (Eigen::Index i = 0; i < c.inst.n(); ++i) {
    const double M = pm.gap_mag(i);
    rc_near("mean", pm.mean(i), sm.mean(i), 64 * u * M);
    rc_near("var", pm.var(i), sm.var(i), 64 * u * M * M);
  }
}

// The Taylor field is the library's f^(k)_{W_eff} (network.hpp), and gap = mean - f0 - taylor with
// f0 = 0 up to the rounding of initial_output (symmetric init). Tolerance 64 u M (+ |f0| for the gap).
RC_GTEST_PROP(PairedScheme, TaylorTermAndGapConsistent, ()) {
  const PairedCase c = draw_paired_case(2, 6);
  const MomentMatchedLaws<double> L = moment_matched_laws<double>(c.k);
  const PairedMoments<double> pm = paired_moments(c.inst, c.Wp, L, c.o);
  const Vector<double> fk = taylor_term(c.inst, paired_effective_movement(c.inst, c.Wp, c.o), c.k);
  const Vector<double> f0 = initial_output(c.inst);
  const double u = unit_roundoff<double>();
  for (Eigen::Index i = 0; i < c.inst.n(); ++i) {
    const double M = pm.gap_mag(i);
    rc_near("taylor", pm.taylor(i), fk(i), 64 * u * M);
    // gap is accumulated pair by pair, where f0 cancels exactly; initial_output's f0 is 0 up to its rounding
    rc_near("gap", pm.gap(i), pm.mean(i) - f0(i) - pm.taylor(i), 64 * u * M + std::abs(f0(i)));
  }
}

// H3's mean formula: gap = sum_{j=k+1}^{J} (a_P/sqrt m) sigma^(j)(t) u^j (mu_j^P - mu_j^Q)/j! + tail with
// |tail| <= paired_series_tail_bound (Lagrange remainder). sigma = sin + cos (all derivatives bounded by
// sqrt 2), unit-norm inputs and rows of Wp of norm <= m^{-1/(2k)} <= 1, so |u z| <= max|z| <= 3.4 and the
// series terms are bounded by sqrt 2 e^{3.4} ~ 42 per pair: their rounding is below 64 u M for M of order
// one per pair (sum of |sigma| values); J = 24 makes the tail bound negligible. Tolerance tail + 64 u M.
RC_GTEST_PROP(PairedScheme, GapEqualsH3Series, ()) {
  const int k = *uniform_in(2, 7);
  InstanceOptions opt;
  opt.d = *uniform_in(1, 6);
  opt.m = 2 * *uniform_in(1, 20);
  opt.n = *uniform_in(1, 4);
  opt.activation = Activation::sincos;
  opt.target = "zero";
  opt.seed = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  RC_LOG() << describe(opt) << " k = " << k << "\n";
  const Instance<double> inst = generate_instance(opt);
  const std::uint64_t ws = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  RowMatrix<double> Wp = random_matrix(opt.m / 2, opt.d, 1.0, ws);
  const double len = std::pow(double(opt.m), -1.0 / (2 * k)) * (*uniform_in(10, 101) / 100.0);
  for (Eigen::Index p = 0; p < Wp.rows(); ++p) Wp.row(p) *= len / Wp.row(p).norm();
  const PairOrientation o = *rc::gen::element(PairOrientation::first, PairOrientation::positive);
  const MomentMatchedLaws<double> L = moment_matched_laws<double>(k);
  const PairedMoments<double> pm = paired_moments(inst, Wp, L, o);
  const int J = kMaxActivationOrder;
  const Vector<double> series = paired_mean_series(inst, Wp, L, o, k + 1, J);
  const Vector<double> tail = paired_series_tail_bound(inst, Wp, L, J);
  const Vector<double> full = paired_mean_series(inst, Wp, L, o, 1, J);
  const double u = unit_roundoff<double>();
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    const double M = pm.gap_mag(i);
    RC_ASSERT(std::isfinite(tail(i)));
    rc_near("gap vs series", pm.gap(i), series(i), tail(i) + 64 * u * M);
    rc_near("mean vs full series", pm.mean(i), full(i), tail(i) + 64 * u * M);
  }
}

TEST(PairedScheme, BadInputs) {
  InstanceOptions opt;
  opt.d = 3;
  opt.m = 4;
  opt.n = 1;
  opt.target = "zero";
  const Instance<double> sym = generate_instance(opt);
  opt.init = Init::gaussian;
  const Instance<double> gauss = generate_instance(opt);
  const MomentMatchedLaws<double> L = moment_matched_laws<double>(3);
  try {
    paired_moments(gauss, RowMatrix<double>(RowMatrix<double>::Zero(2, 3)), L, PairOrientation::first);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "init");
  }
  try {
    paired_moments(sym, RowMatrix<double>(RowMatrix<double>::Zero(3, 3)), L, PairOrientation::first);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "Wp");
  }
  opt.init = Init::symmetric;
  opt.m = 24;  // 4^12 = 2^24 outcomes
  const Instance<double> wide = generate_instance(opt);
  EXPECT_THROW(paired_moments_enumerated(wide, RowMatrix<double>(RowMatrix<double>::Zero(12, 3)), L, PairOrientation::first),
               std::invalid_argument);
}
