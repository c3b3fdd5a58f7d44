#pragma once
// Property bodies for network.hpp, randomization.hpp and regularizer.hpp, templated on the scalar
// type T. test_network.cpp / test_randomization.cpp / test_regularizer.cpp instantiate them at
// double, test_mp50_model.cpp at 50 digits (smaller sizes: a 50-digit operation costs ~100x).
//
// Tolerances: c * u_T * M with M from support.hpp (ModelMags, eval_mag); c is stated per check.
// The same c serves every T: the analysis is first order in u, so it is precision independent.
// Claim ids refer to SPEC §6.1 (ID-*) and §6.2 (IN-*).
#include "support.hpp"

#include <boost/math/constants/constants.hpp>

namespace bltest {

/// Sizes for a property at a given precision.
struct Budget {
  int dmax, mmax, nmax, m_enum_max;
};
inline Budget budget_double() { return {6, 24, 6, 10}; }
inline Budget budget_mp50() { return {4, 10, 3, 6}; }

inline DrawSpec spec_from(const Budget& b) {
  DrawSpec ds;
  ds.dmax = b.dmax;
  ds.mmax = b.mmax;
  ds.nmax = b.nmax;
  return ds;
}

/// Activations with finite sup bounds C_k for the given orders that are also C^smooth (SPEC §1.5
/// Assumption A needs sigma in C^2 with sigma'' Lipschitz; the a.e. derivative bounds of relu say nothing).
inline std::vector<Activation> with_finite(const std::vector<int>& orders, int smooth = 0) {
  std::vector<Activation> out;
  for (Activation a : all_activations()) {
    bool ok = activation_is_smooth(a, smooth);
    for (int k : orders) ok = ok && std::isfinite(activation_sup_bound(a, k));
    if (ok) out.push_back(a);
  }
  return out;
}

template <class T> Vector<T> sq(const Vector<T>& v) { return v.cwiseProduct(v); }

/// sum_r ||w_r||^p (double, for the bounds of SPEC §1.4)
inline double row_power_sum(const RowMatrix<double>& W, double p) {
  double s = 0;
  for (Eigen::Index r = 0; r < W.rows(); ++r) s += std::pow(W.row(r).norm(), p);
  return s;
}

/// The quantities entering the bounds of SPEC §6.2, evaluated at the precision of T: equality cases
/// (m = 1, or a cubic activation whose R_3 equals its bound) must not be lost to double rounding.
template <class T> struct BoundInputs {
  T Bx = 0;                 ///< max_i ||x_i||
  T B = 0;                  ///< ||W||_{2,4}
  std::vector<T> s1, s2, s3, s4;  ///< per sample sum_r |u_ir|^k
};
template <class T> BoundInputs<T> bound_inputs(const Instance<T>& it, const RowMatrix<T>& W) {
  using std::abs;
  using std::max;
  using std::pow;
  using std::sqrt;
  BoundInputs<T> bi;
  for (Eigen::Index i = 0; i < it.n(); ++i) bi.Bx = max(bi.Bx, T(it.X.row(i).norm()));
  T s4w = 0;
  for (Eigen::Index r = 0; r < W.rows(); ++r) s4w += pow(W.row(r).squaredNorm(), 2);
  bi.B = sqrt(sqrt(s4w));
  for (Eigen::Index i = 0; i < it.n(); ++i) {
    T a1 = 0, a2 = 0, a3 = 0, a4 = 0;
    for (Eigen::Index r = 0; r < W.rows(); ++r) {
      const T u = abs(T(it.X.row(i).dot(W.row(r))));
      a1 += u, a2 += u * u, a3 += u * u * u, a4 += u * u * u * u;
    }
    bi.s1.push_back(a1), bi.s2.push_back(a2), bi.s3.push_back(a3), bi.s4.push_back(a4);
  }
  return bi;
}

/// A matrix whose row r has norm ||A_r|| + ||B_r|| (for magnitudes of A +- B; only row norms matter).
inline RowMatrix<double> norm_sum_rows(const RowMatrix<double>& A, const RowMatrix<double>& B) {
  RowMatrix<double> M = RowMatrix<double>::Zero(A.rows(), A.cols());
  for (Eigen::Index r = 0; r < A.rows(); ++r) M(r, 0) = A.row(r).norm() + B.row(r).norm();
  return M;
}

// =================================================================================================
// Network (SPEC §1.2, §2)

/// ID-1: symmetric init gives f_{W0} = 0. The pairs cancel exactly in real arithmetic; whatever the
/// summation order, |computed| <= m u sum_r |a_r sigma(t_r)| / sqrt m (<= 2 m u M_f0). At double,
/// additionally the SPEC's absolute 1e-14.
template <class T> void prop_id1_symmetric_init(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = all_activations();
  ds.allow_gaussian_init = false;
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const Vector<T> f0 = initial_output(it);
  const std::vector<double> M = ModelMags(in).network(RowMatrix<double>::Zero(in.m(), in.d()));
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    rc_near("f_W0(x_i) = 0", f0(i), T(0), T(2 * double(in.m()) * unit_roundoff<T>() * M[i]));
    if (std::is_same_v<T, double>) rc_near("ID-1 SPEC tolerance", f0(i), T(0), T(1e-14));
  }
  // taylor_term(0) is f_{W0} (network.hpp)
  const Vector<T> t0 = taylor_term(it, it.W, 0);
  for (Eigen::Index i = 0; i < in.n(); ++i) rc_near("taylor_term(0) = f_W0", t0(i), f0(i), T(0));
}

/// ID-2: cubic sigma, arbitrary (large) W: f_{W0+W} - f_{W0} = f^(1) + f^(2) + f^(3) and f^(k) = 0
/// for k >= 4. Tolerance 16 u (M_f(W) + M_f(0) + sum_k M_k): each of the five computed terms errs
/// by <= 4 u of its magnitude, doubled for safety in the sums of the comparison.
template <class T> void prop_id2_cubic_terminates(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = {Activation::cubic};
  ds.rho_centi_max = 800;  // "even large W"
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const ModelMags mm(in);
  const Vector<T> f = network_output(it), f0 = initial_output(it);
  const Matrix<T> tt = taylor_terms(it, it.W, 5);
  const Vector<T> rem3 = taylor_remainder(it, it.W, 3);
  const std::vector<double> Mf = mm.network(in.W), M0 = mm.network(RowMatrix<double>::Zero(in.m(), in.d()));
  std::vector<std::vector<double>> Mk;
  for (int k = 1; k <= 3; ++k) Mk.push_back(mm.taylor(in.W, k));
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    const double M = Mf[i] + M0[i] + Mk[0][i] + Mk[1][i] + Mk[2][i];
    const T tol = T(16 * unit_roundoff<T>() * M);
    rc_near("f - f0 = f1 + f2 + f3", T(f(i) - f0(i)), T(tt(i, 0) + tt(i, 1) + tt(i, 2)), tol);
    rc_near("R_4 = 0", rem3(i), T(0), tol);
    RC_ASSERT(tt(i, 3) == T(0));  // sigma'''' = 0 exactly: f^(4) is a sum of exact zeros
    RC_ASSERT(tt(i, 4) == T(0));
  }
}

/// taylor_terms, taylor_term, taylor_remainder, network_output are mutually consistent (any
/// activation): R_{K+1} = f - f0 - sum_{k<=K} f^(k); the K-column matrix holds the single terms.
template <class T> void prop_taylor_consistency(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const int K = *bltest::uniform_in(1, 7);
  RC_LOG() << "K = " << K << "\n";
  const ModelMags mm(in);
  const Vector<T> f = network_output(it), f0 = initial_output(it);
  const RowMatrix<T> V = it.W0 + it.W;
  const Vector<T> fV = network_output(it, V);
  const Matrix<T> tt = taylor_terms(it, it.W, K);
  RC_ASSERT(tt.rows() == in.n());
  RC_ASSERT(tt.cols() == K);
  const Vector<T> rem = taylor_remainder(it, it.W, K);
  std::vector<double> M = mm.network(in.W);
  const std::vector<double> M0 = mm.network(RowMatrix<double>::Zero(in.m(), in.d()));
  for (int k = 1; k <= K; ++k) {
    const std::vector<double> Mk = mm.taylor(in.W, k);
    const Vector<T> single = taylor_term(it, it.W, k);
    for (Eigen::Index i = 0; i < in.n(); ++i) {
      rc_near("taylor_term(k) = column k-1", single(i), tt(i, k - 1), T(8 * unit_roundoff<T>() * Mk[i]));
      M[i] += Mk[i];
    }
  }
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    T s = f(i) - f0(i);
    for (int k = 1; k <= K; ++k) s -= tt(i, k - 1);
    rc_near("remainder definition", rem(i), s, T(16 * unit_roundoff<T>() * (M[i] + M0[i])));
    rc_near("network_output(inst) = network_output(inst, W0 + W)", f(i), fV(i), T(8 * unit_roundoff<T>() * M[i]));
  }
}

/// network_output against an independent evaluation of m^{-1/2} sum_r a_r sigma(v_r.x) (per-neuron
/// dot products and scalar activation calls, compensated sum): 16 u M_f.
template <class T> void prop_network_direct(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const Vector<T> f = network_output(it);
  const std::vector<double> M = ModelMags(in).network(in.W);
  using std::sqrt;
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    CompensatedSum<T> s;
    for (Eigen::Index r = 0; r < in.m(); ++r) {
      T z = 0;
      for (Eigen::Index j = 0; j < in.d(); ++j) z += (it.W0(r, j) + it.W(r, j)) * it.X(i, j);
      s.add(it.a(r) * activation_derivative<T>(in.activation, z, 0));
    }
    rc_near("f vs direct sum", f(i), T(s.value() / sqrt(T(in.m()))), T(16 * unit_roundoff<T>() * M[i]));
  }
}

/// ID-6 (first part): f^(k)_{tau W} = tau^k f^(k)_W, k = 1..4, tau in [-3, 3]: 16 u (|tau|^k M_k(W) + M_k(tau W)).
template <class T> void prop_taylor_homogeneity(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const int j = *bltest::uniform_in(-192, 193);
  const double tau = j / 64.0;  // exact in every type
  RC_LOG() << "tau = " << tau << "\n";
  const RowMatrix<double> tW = tau * in.W;
  const RowMatrix<T> tWt = T(tau) * it.W;
  const ModelMags mm(in);
  const Matrix<T> a = taylor_terms(it, it.W, 4), c = taylor_terms(it, tWt, 4);
  for (int k = 1; k <= 4; ++k) {
    const std::vector<double> Ma = mm.taylor(in.W, k), Mc = mm.taylor(tW, k);
    using std::pow;
    const T tk = pow(T(tau), k);
    for (Eigen::Index i = 0; i < in.n(); ++i)
      rc_near("f^(k)_{tau W} = tau^k f^(k)_W, k=" + std::to_string(k), c(i, k - 1), T(tk * a(i, k - 1)),
              T(16 * unit_roundoff<T>() * (std::pow(std::abs(tau), k) * Ma[i] + Mc[i])));
  }
}

/// IN-1: |f^Q_W(x)| <= 1/2 C_2 B_x^2 ||W||_{2,4}^2 and |f^(1)_W(x)| <= C_1 B_x m^{1/4} ||W||_{2,4};
/// and the sharper per-neuron forms |f^(k)| <= C_k/(k! sqrt m) sum_r |u_r|^k. Slack: rounding of the
/// left side only, 8 u M_k (the bounds are products of positive terms, accurate to (m + d + 8) u
/// relative, far below the slack... included as (m + d + 8) u rhs).
template <class T> void prop_in1_taylor_bounds(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = with_finite({1, 2}, 2);
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const Matrix<T> tt = taylor_terms(it, it.W, 2);
  const ModelMags mm(in);
  const std::vector<double> M1 = mm.taylor(in.W, 1), M2 = mm.taylor(in.W, 2);
  const BoundInputs<T> bi = bound_inputs(it, it.W);
  const T C1(activation_sup_bound(in.activation, 1)), C2(activation_sup_bound(in.activation, 2));
  const T m(double(in.m())), rel = T((double(in.m()) + in.d() + 8) * unit_roundoff<T>());
  using std::pow;
  using std::sqrt;
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    const T b1 = C1 * bi.s1[i] / sqrt(m), b2 = C2 * bi.s2[i] / (2 * sqrt(m));
    const T e1 = absT(T(tt(i, 0))), e2 = absT(T(tt(i, 1)));
    rc_le("|f^(1)| <= C1/sqrt(m) sum|u_r|", e1, T(b1 * (1 + rel)), T(8 * unit_roundoff<T>() * M1[i]));
    rc_le("|f^(2)| <= C2/(2 sqrt m) sum u_r^2", e2, T(b2 * (1 + rel)), T(8 * unit_roundoff<T>() * M2[i]));
    rc_le("IN-1 |f^(1)| <= C1 Bx m^{1/4} ||W||_{2,4}", e1, T(C1 * bi.Bx * sqrt(sqrt(m)) * bi.B * (1 + rel)),
          T(8 * unit_roundoff<T>() * M1[i]));
    rc_le("IN-1 |f^Q| <= C2 Bx^2 ||W||_{2,4}^2 / 2", e2, T(C2 * bi.Bx * bi.Bx * bi.B * bi.B / 2 * (1 + rel)),
          T(8 * unit_roundoff<T>() * M2[i]));
  }
}

/// IN-2: |R_3(x)| <= C_3/(6 sqrt m) sum_r |u_r|^3 <= C_3 B_x^3 m^{-1/4} ||W||_{2,4}^3 / 6, for W and a
/// random Sigma W (activations with finite C_3, including cubic and relu3 whose sigma'' is Lipschitz).
/// R_3 is computed neuron by neuron as sigma(t+u) - sigma(t) - sigma'(t) u - sigma''(t) u^2/2: slack
/// 16 u (M_f(W) + M_f(0) + M_1 + M_2).
template <class T> void prop_in2_remainder_bound(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = with_finite({3}, 2);
  const Instance<double> in0 = draw_instance(ds);
  Instance<double> in = in0;
  if (*bltest::uniform_in(0, 2)) {
    in.W = apply_signs(in0.W, draw_sign_vector(int(in0.m())));
    RC_LOG() << "using Sigma W\n";
  }
  const Instance<T> it = instance_cast<T>(in);
  const Vector<T> R3 = taylor_remainder(it, it.W, 2);
  const ModelMags mm(in);
  const std::vector<double> Mf = mm.network(in.W), M0 = mm.network(RowMatrix<double>::Zero(in.m(), in.d())),
                            M1 = mm.taylor(in.W, 1), M2 = mm.taylor(in.W, 2);
  const BoundInputs<T> bi = bound_inputs(it, it.W);
  const T C3(activation_sup_bound(in.activation, 3)), m(double(in.m()));
  const T rel = T((double(in.m()) + in.d() + 8) * unit_roundoff<T>());
  using std::pow;
  using std::sqrt;
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    const T slack = T(16 * unit_roundoff<T>() * (Mf[i] + M0[i] + M1[i] + M2[i]));
    rc_le("|R_3| <= C3/(6 sqrt m) sum|u|^3", absT(T(R3(i))), T(C3 / (6 * sqrt(m)) * bi.s3[i] * (1 + rel)), slack);
    rc_le("IN-2 |R_3| <= C3 Bx^3 m^{-1/4} B^3 / 6", absT(T(R3(i))),
          T(C3 * pow(bi.Bx * bi.B, 3) / sqrt(sqrt(m)) / 6 * (1 + rel)), slack);
  }
}

/// IN-9 / SPEC §1.4: the mixed-norm inequalities, for random W, V and p <= q (including q = inf).
/// All quantities are sums of positive terms and powers: relative error <= (m + d + 16) u each;
/// slack 4 (m + d + 16) u (|lhs| + |rhs|).
template <class T> void prop_in9_mixed_norms(const Budget& b) {
  const int m = *bltest::uniform_in(1, b.mmax + 1), d = *bltest::uniform_in(1, b.dmax + 1);
  const RowMatrix<double> Wd = draw_direction(m, d, "W"), Vd = draw_direction(m, d, "V");
  const RowMatrix<T> W = castM<T>(Wd), V = castM<T>(Vd);
  const double p = *bltest::uniform_in(10, 81) / 10.0;
  const bool qinf = *bltest::uniform_in(0, 4) == 0;
  const double q = qinf ? std::numeric_limits<double>::infinity() : p + *bltest::uniform_in(0, 61) / 10.0;
  RC_LOG() << "m " << m << " d " << d << " p " << p << " q " << q << "\n";
  const double rel = 4 * (m + d + 16) * unit_roundoff<T>();
  const T np = mixed_norm(W, p), nq = mixed_norm(W, q);
  using std::pow;
  using std::sqrt;
  auto le = [&](const std::string& what, const T& lhs, const T& rhs) { rc_le(what, lhs, rhs, T(rel * D(absT(lhs) + absT(rhs)))); };
  le("||W||_{2,q} <= ||W||_{2,p}", nq, np);
  le("||W||_{2,p} <= m^{1/p-1/q} ||W||_{2,q}", np, T(pow(T(m), T(1 / p - (qinf ? 0.0 : 1 / q))) * nq));
  // definitions
  const Vector<T> rn = row_norms(W);
  T maxr = 0, s2 = 0, s4 = 0, s1 = 0, s3 = 0, sWV = 0;
  for (int r = 0; r < m; ++r) {
    using std::max;
    maxr = max(maxr, rn(r));
    s1 += rn(r);
    s2 += rn(r) * rn(r);
    s3 += rn(r) * rn(r) * rn(r);
    s4 += pow(rn(r), 4);
    rc_near("row_norms", rn(r), T(W.row(r).norm()), T(rel * D(rn(r))));
    sWV += rn(r) * rn(r) * V.row(r).squaredNorm();
  }
  rc_near("||W||_{2,inf} = max_r ||w_r||", T(mixed_norm(W, std::numeric_limits<double>::infinity())), maxr, T(rel * D(maxr)));
  rc_near("||W||_{2,2} = ||W||_F", T(mixed_norm(W, 2.0)), T(sqrt(s2)), T(rel * D(sqrt(s2))));
  const T n4 = mixed_norm(W, 4.0), nv4 = mixed_norm(V, 4.0);
  rc_near("||W||_{2,4}^4 = sum ||w_r||^4", T(pow(n4, 4)), s4, T(rel * D(s4)));
  le("||W||_F^2 <= sqrt(m) ||W||_{2,4}^2", s2, T(sqrt(T(m)) * n4 * n4));
  le("sum ||w_r|| <= m^{3/4} ||W||_{2,4}", s1, T(pow(T(m), T(0.75)) * n4));
  le("sum ||w_r||^3 <= m^{1/4} ||W||_{2,4}^3", s3, T(pow(T(m), T(0.25)) * pow(n4, 3)));
  le("sum ||w_r||^2 ||v_r||^2 <= ||W||_{2,4}^2 ||V||_{2,4}^2", sWV, T(n4 * n4 * nv4 * nv4));
  for (int k = 4; k <= 8; ++k) {
    T sk = 0;
    for (int r = 0; r < m; ++r) sk += pow(rn(r), k);
    le("sum ||w_r||^k <= ||W||_{2,4}^k, k=" + std::to_string(k), sk, T(pow(n4, k)));
  }
  // homogeneity
  const double tau = *bltest::uniform_in(-300, 301) / 100.0;
  rc_near("||tau W||_{2,p} = |tau| ||W||_{2,p}", T(mixed_norm(RowMatrix<T>(T(tau) * W), p)), T(std::abs(tau) * np),
          T(rel * std::abs(tau) * D(np)));
}

// =================================================================================================
// Randomization (SPEC §3)

/// Brute-force moments of f_{W0 + Sigma W} over all 2^m sign patterns from network_output.
template <class T> struct Brute {
  std::vector<Vector<T>> f;  // per pattern
  std::vector<long> bits;    // the pattern's bits (s_r = -1 iff bit r set), in enumeration order
  Vector<T> mean, var;
  Matrix<T> cov;
};
template <class T> Brute<T> brute_force(const Instance<T>& it) {
  Brute<T> b;
  for_each_sign_pattern(int(it.m()), [&](const std::vector<int>& s) {
    const RowMatrix<T> V = it.W0 + apply_signs(it.W, s);
    b.f.push_back(network_output(it, V));
    long bb = 0;
    for (std::size_t r = 0; r < s.size(); ++r) bb |= long(s[r] < 0) << r;
    b.bits.push_back(bb);
  });
  const Eigen::Index n = it.n();
  const T P = T(double(b.f.size()));
  b.mean.resize(n);
  b.var.resize(n);
  b.cov.resize(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    CompensatedSum<T> s;
    for (const auto& f : b.f) s.add(f(i));
    b.mean(i) = s.value() / P;
  }
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      CompensatedSum<T> s;
      for (const auto& f : b.f) s.add((f(i) - b.mean(i)) * (f(j) - b.mean(j)));
      b.cov(i, j) = s.value() / P;
    }
  b.var = b.cov.diagonal();
  return b;
}

/// ID-3: closed forms P2/P3 vs randomized_moments_enumerated vs our own enumeration; the antithetic
/// pair equals P2 for every Sigma; covariance P3.
///   mean: every f_Sigma errs by <= 8 u M_mean (its neurons sit at t +- u), the average as well:
///         tolerance eps = 32 u M_mean for any two of the three.
///   var, cov: Var = E Z^2 with Z perturbed by <= eps: |dVar| <= 2 sqrt(Var) eps + eps^2, plus the
///         closed form's own 8 u M_var.
template <class T> void prop_id3_moments(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.mmax = b.m_enum_max;
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const ModelMags mm(in);
  const std::vector<double> Mmean = mm.randomized_mean(in.W), Mvar = mm.randomized_var(in.W);
  const SignMoments<T> cf = randomized_moments(it, it.W), en = randomized_moments_enumerated(it, it.W);
  const Brute<T> bf = brute_force(it);
  const Matrix<T> cov = randomized_covariance(it, it.W);
  const double u = unit_roundoff<T>();
  std::vector<double> eps(in.n());
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    eps[i] = 32 * u * Mmean[i];
    rc_near("P2 closed form vs enumerated", cf.mean(i), en.mean(i), T(eps[i]));
    rc_near("P2 closed form vs brute force", cf.mean(i), bf.mean(i), T(eps[i]));
    const double sv = std::sqrt(std::max(0.0, D(cf.var(i))));
    const T tv = T(2 * sv * eps[i] + eps[i] * eps[i] + 8 * u * Mvar[i]);
    rc_near("P3 closed form vs enumerated", cf.var(i), en.var(i), tv);
    rc_near("P3 closed form vs brute force", cf.var(i), bf.var(i), tv);
    RC_ASSERT(cf.var(i) >= T(0));
  }
  for (Eigen::Index i = 0; i < in.n(); ++i)
    for (Eigen::Index j = 0; j < in.n(); ++j) {
      const double si = std::sqrt(std::max(0.0, D(cf.var(i)))), sj = std::sqrt(std::max(0.0, D(cf.var(j))));
      const double e = std::max(eps[i], eps[j]);
      rc_near("P3 covariance vs brute force", cov(i, j), bf.cov(i, j),
              T((si + sj) * e + e * e + 8 * u * std::sqrt(Mvar[i] * Mvar[j])));
    }
  // antithetic pair, for one random Sigma
  const std::vector<int> s = draw_sign_vector(int(in.m()));
  const RowMatrix<T> SW = apply_signs(it.W, s);
  const Vector<T> fp = network_output(it, RowMatrix<T>(it.W0 + SW)), fm = network_output(it, RowMatrix<T>(it.W0 - SW));
  for (Eigen::Index i = 0; i < in.n(); ++i)
    rc_near("antithetic pair = E_Sigma f", T((fp(i) + fm(i)) / 2), cf.mean(i), T(eps[i]));
}

/// Same closed forms without enumeration, for wide layers (m up to 4 x mmax): the covariance
/// diagonal is the variance, the leading-order variance V = m^{-1} sum sigma'(t)^2 u^2 (P3).
template <class T> void prop_p3_covariance_and_leading(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.mmax = 4 * b.mmax;
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const ModelMags mm(in);
  const std::vector<double> Mvar = mm.randomized_var(in.W);
  const SignMoments<T> cf = randomized_moments(it, it.W);
  const Matrix<T> cov = randomized_covariance(it, it.W);
  const Vector<T> lead = randomized_variance_leading(it, it.W);
  const double u = unit_roundoff<T>();
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    rc_near("diag Cov = Var", cov(i, i), cf.var(i), T(16 * u * Mvar[i]));
    for (Eigen::Index j = 0; j < in.n(); ++j)
      rc_near("Cov symmetric", cov(i, j), cov(j, i), T(16 * u * std::sqrt(Mvar[i] * Mvar[j])));
    // V(x_i): compare with our own sum of sigma'(t)^2 u^2 / m; each term's magnitude is
    // eval_mag(1)^2 (||w|| ||x||)^2 (1 + 2(d+2))^2-bounded, summed: tolerance 16 u x that / m
    CompensatedSum<T> s;
    double mag = 0;
    for (Eigen::Index r = 0; r < in.m(); ++r) {
      const T t = it.X.row(i).dot(it.W0.row(r)), uu = it.X.row(i).dot(it.W.row(r));
      const T sp = activation_derivative<T>(in.activation, t, 1);
      s.add(sp * sp * uu * uu);
      const double td = in.X.row(i).dot(in.W0.row(r));
      const double A = in.W.row(r).norm() * in.X.row(i).norm(), Bn = in.W0.row(r).norm() * in.X.row(i).norm();
      const double e1 = eval_mag(in.activation, 1, td) + eval_mag(in.activation, 2, td) * Bn * (in.d() + 2);
      mag += e1 * e1 * A * A * (1 + 2 * (in.d() + 2));
    }
    rc_near("leading variance V(x)", lead(i), T(s.value() / T(in.m())), T(16 * u * mag / double(in.m())));
  }
}

/// ID-5 / P1: f^(k)_{Sigma W} = f^(k)_W for even k; for odd k the flipped neurons change sign:
/// f^(k)_{Sigma W} = f^(k)_{W+} - f^(k)_{W-} with W+- the rows with s_r = +-1 (f^(k) is a sum over
/// neurons). Tolerance 16 u (M_k(W) + M_k(W+) + M_k(W-)) <= 48 u M_k(W).
template <class T> void prop_id5_p1_parity(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const std::vector<int> s = draw_sign_vector(int(in.m()));
  const RowMatrix<T> SW = apply_signs(it.W, s);
  RowMatrix<T> Wp = it.W, Wm = it.W;
  for (Eigen::Index r = 0; r < in.m(); ++r) (s[r] > 0 ? Wm : Wp).row(r).setZero();
  const Matrix<T> a = taylor_terms(it, it.W, 5), c = taylor_terms(it, SW, 5), pp = taylor_terms(it, Wp, 5),
                  mm_ = taylor_terms(it, Wm, 5);
  const ModelMags mags(in);
  for (int k = 1; k <= 5; ++k) {
    const std::vector<double> M = mags.taylor(in.W, k);
    for (Eigen::Index i = 0; i < in.n(); ++i) {
      const T tol = T(48 * unit_roundoff<T>() * M[i]);
      if (k % 2 == 0) rc_near("even k: f^(k)_{Sigma W} = f^(k)_W, k=" + std::to_string(k), c(i, k - 1), a(i, k - 1), tol);
      else rc_near("odd k: neuron-wise sign flip, k=" + std::to_string(k), c(i, k - 1), T(pp(i, k - 1) - mm_(i, k - 1)), tol);
      rc_near("additivity over neurons, k=" + std::to_string(k), a(i, k - 1), T(pp(i, k - 1) + mm_(i, k - 1)), tol);
    }
  }
}

/// ID-14: for sigma = sin + cos: E f = m^{-1/2} sum a_r sigma(t_r) cos u_r, delta_r = sigma'(t_r) sin u_r,
/// E f - f_W0 - f^Q_W = m^{-1/2} sum a_r sigma(t_r)(cos u_r - 1 + u_r^2/2). Our side uses T's own sin/cos.
/// Tolerance 32 u (M_mean + M_f0 + M_2) for the means, 16 u M_var + ... for the variance.
template <class T> void prop_id14_sincos_closed_forms(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = {Activation::sincos};
  ds.mmax = 4 * b.mmax;
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const SignMoments<T> cf = randomized_moments(it, it.W);
  const Vector<T> f0 = initial_output(it), fq = taylor_term(it, it.W, 2);
  const ModelMags mm(in);
  const std::vector<double> Mmean = mm.randomized_mean(in.W), Mvar = mm.randomized_var(in.W),
                            M0 = mm.network(RowMatrix<double>::Zero(in.m(), in.d())), M2 = mm.taylor(in.W, 2);
  using std::cos;
  using std::sin;
  using std::sqrt;
  const double u = unit_roundoff<T>();
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    CompensatedSum<T> mean, var, gap;
    for (Eigen::Index r = 0; r < in.m(); ++r) {
      const T t = it.X.row(i).dot(it.W0.row(r)), uu = it.X.row(i).dot(it.W.row(r));
      const T sg = sin(t) + cos(t), sp = cos(t) - sin(t);
      mean.add(it.a(r) * sg * cos(uu));
      var.add(sp * sp * sin(uu) * sin(uu));
      gap.add(it.a(r) * sg * ((cos(uu) - 1) + uu * uu / 2));
    }
    const T sm = sqrt(T(in.m()));
    const double tm = 32 * u * (Mmean[i] + M0[i] + M2[i]);
    rc_near("E f closed form (sincos)", cf.mean(i), T(mean.value() / sm), T(tm));
    rc_near("Var closed form (sincos)", cf.var(i), T(var.value() / T(in.m())), T(16 * u * Mvar[i]));
    rc_near("E f - f0 - f^Q (sincos)", T(cf.mean(i) - f0(i) - fq(i)), T(gap.value() / sm), T(tm));
  }
}

/// IN-3: Var_Sigma f <= C_1^2/m sum_r u_r^2 <= C_1^2 B_x^2 ||W||_{2,4}^2 / sqrt m (activations with
/// finite C_1, relu included: |delta_r| <= C_1 |u_r| by the mean value theorem). Slack 16 u M_var.
template <class T> void prop_in3_variance_bound(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.activations = with_finite({1});
  ds.mmax = 4 * b.mmax;
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const SignMoments<T> cf = randomized_moments(it, it.W);
  const std::vector<double> Mvar = ModelMags(in).randomized_var(in.W);
  const BoundInputs<T> bi = bound_inputs(it, it.W);
  const T C1(activation_sup_bound(in.activation, 1)), m(double(in.m()));
  const T rel = T((double(in.m()) + in.d() + 8) * unit_roundoff<T>());
  using std::sqrt;
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    const T slack = T(16 * unit_roundoff<T>() * Mvar[i]);
    rc_le("Var <= C1^2/m sum u_r^2", cf.var(i), T(C1 * C1 / m * bi.s2[i] * (1 + rel)), slack);
    rc_le("IN-3 Var <= C1^2 Bx^2 ||W||_{2,4}^2 / sqrt m", cf.var(i), T(C1 * C1 * bi.Bx * bi.Bx * bi.B * bi.B / sqrt(m) * (1 + rel)), slack);
  }
}

/// Loss magnitudes at the symmetrized mean for sample i (for the slack of loss comparisons):
/// loss error <= |ell'| * (error of its argument) + 8 u loss_mag.
inline double loss_slack(Loss l, double g, double y, double arg_err, double u) {
  return loss_mag(l, 1, g, y) * arg_err + 8 * u * loss_mag(l, 0, g, y) + loss_mag(l, 2, g, y) * arg_err * arg_err;
}

/// Per-sample E_Sigma ell(f_Sigma(x_i), y_i) from the brute-force pattern values.
template <class T> Vector<T> brute_expected_loss(const Instance<T>& it, const Brute<T>& bf) {
  Vector<T> out(it.n());
  for (Eigen::Index i = 0; i < it.n(); ++i) {
    CompensatedSum<T> s;
    for (const auto& f : bf.f) s.add(loss_value<T>(it.loss, f(i), it.y(i)));
    out(i) = s.value() / T(double(bf.f.size()));
  }
  return out;
}

/// ID-4 (squared loss: E ell = 1/2[(E f - y)^2 + Var f]) and IN-4 (Jensen: E ell(f) >= ell(E f)),
/// every loss, per sample, by brute force. Errors: each f_Sigma within eps = 32 u M_mean, so each
/// loss value within loss_slack(eps); ID-4's right side within |E f - y| eps + the variance error.
template <class T> void prop_id4_in4_expected_loss(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.mmax = b.m_enum_max;
  ds.activations = all_activations();
  ds.losses = all_losses();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const Brute<T> bf = brute_force(it);
  const Vector<T> El = brute_expected_loss(it, bf);
  const SignMoments<T> cf = randomized_moments(it, it.W);
  const std::vector<double> Mmean = ModelMags(in).randomized_mean(in.W), Mvar = ModelMags(in).randomized_var(in.W);
  const double u = unit_roundoff<T>();
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    const double eps = 32 * u * Mmean[i];
    // largest |f_Sigma - y| for the slack of the squared loss
    double spread = 0;
    for (const auto& f : bf.f) spread = std::max(spread, std::abs(D(f(i)) - in.y(i)));
    const double sl = loss_slack(in.loss, D(cf.mean(i)), in.y(i), eps, u) + (in.loss == Loss::square ? spread * eps : 0.0);
    rc_le("IN-4 Jensen: ell(E f) <= E ell(f)", loss_value<T>(in.loss, cf.mean(i), it.y(i)), El(i), T(2 * sl));
    if (in.loss == Loss::square) {
      const T r = cf.mean(i) - it.y(i);
      const double sv = std::sqrt(std::max(0.0, D(cf.var(i))));
      rc_near("ID-4 E ell = ((E f - y)^2 + Var)/2", El(i), T((r * r + cf.var(i)) / 2),
              T(2 * sl + sv * eps + 8 * u * Mvar[i]));
    }
  }
}

/// IN-5: coupling of the randomized loss with the quadratic model (SPEC §4.1) and the second-order
/// expansion of §3.4, per sample, by brute force:
///   (C1)  |L - L^Q| <= L_1 (C_1 B_x B + C_3 B_x^3 B^3 / 6) m^{-1/4}        (L_1 finite, C_1, C_3 finite)
///   (C1') |L - L^Q| <= L_1 C_4 B_x^4 B^4 m^{-1/2}/24 + L_2 C_1^2 B_x^2 B^2 m^{-1/2}/2   (+ C_4 finite)
///   remainder: |E ell(F+Z) - ell(F) - ell''(F) Var/2| <= sup|ell''''|/24 (3 Var^2 - 2 sum b_r^4)
/// with B = ||W||_{2,4}, B_x = max ||x_i||, b_r = delta_r / sqrt m; L, L^Q as sample averages.
template <class T> void prop_in5_coupling(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.mmax = b.m_enum_max;
  ds.activations = with_finite({1, 3}, 2);
  ds.losses = all_losses();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const Brute<T> bf = brute_force(it);
  const Vector<T> El = brute_expected_loss(it, bf);
  const SignMoments<T> cf = randomized_moments(it, it.W);
  const Vector<T> f0 = initial_output(it), fq = taylor_term(it, it.W, 2);
  const ModelMags mm(in);
  const std::vector<double> Mmean = mm.randomized_mean(in.W), Mvar = mm.randomized_var(in.W),
                            M0 = mm.network(RowMatrix<double>::Zero(in.m(), in.d())), M2 = mm.taylor(in.W, 2);
  const double u = unit_roundoff<T>(), m = double(in.m());
  double Bx = 0;
  for (Eigen::Index i = 0; i < in.n(); ++i) Bx = std::max(Bx, in.X.row(i).norm());
  const double B = std::pow(row_power_sum(in.W, 4), 0.25);
  const double L1 = loss_sup_derivative(in.loss, 1), L2 = loss_sup_derivative(in.loss, 2), L4 = loss_sup_derivative(in.loss, 4);
  const double C1 = activation_sup_bound(in.activation, 1), C3 = activation_sup_bound(in.activation, 3),
               C4 = activation_sup_bound(in.activation, 4);
  T L = 0, LQ = 0;
  double slack = 0;
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    const double eps = 32 * u * Mmean[i], epsq = 16 * u * (M0[i] + M2[i]);
    double spread = 0;
    for (const auto& f : bf.f) spread = std::max(spread, std::abs(D(f(i)) - in.y(i)));
    const double sl = loss_slack(in.loss, D(cf.mean(i)), in.y(i), eps, u) + (in.loss == Loss::square ? spread * eps : 0.0);
    const T gq = f0(i) + fq(i);
    L += El(i);
    LQ += loss_value<T>(in.loss, gq, it.y(i));
    slack += sl + loss_slack(in.loss, D(gq), in.y(i), epsq, u);
    // second-order expansion remainder (smooth losses with finite sup|ell''''|)
    if (std::isfinite(L4) && loss_is_smooth(in.loss, 4)) {
      T d2[5];
      loss_derivatives<T>(in.loss, cf.mean(i), it.y(i), 4, d2);
      T sb4 = 0;
      for (Eigen::Index r = 0; r < in.m(); ++r) {
        const T t = it.X.row(i).dot(it.W0.row(r)), uu = it.X.row(i).dot(it.W.row(r));
        const T delta = (activation_derivative<T>(in.activation, T(t + uu), 0) - activation_derivative<T>(in.activation, T(t - uu), 0)) / 2;
        using std::pow;
        sb4 += pow(delta, 4) / T(m * m);
      }
      const T V = cf.var(i);
      const T lhs = absT(T(El(i) - d2[0] - d2[2] * V / 2));
      const double sv = std::sqrt(std::max(0.0, D(V)));
      rc_le("IN-5 second-order remainder", lhs, T(L4 / 24 * D(T(3 * V * V - 2 * sb4))),
            T(2 * sl + loss_mag(in.loss, 2, D(cf.mean(i)), in.y(i)) * (sv * eps + 8 * u * Mvar[i]) + 8 * u * D(V * V)));
    }
  }
  L /= T(double(in.n()));
  LQ /= T(double(in.n()));
  slack /= double(in.n());
  const T gap = absT(T(L - LQ));
  if (std::isfinite(L1)) {
    rc_le("IN-5 (C1)", gap, T(L1 * (C1 * Bx * B + C3 * std::pow(Bx * B, 3) / 6) * std::pow(m, -0.25) * (1 + 1e-12)), T(2 * slack));
    // (C1') needs ell' to be L_2-Lipschitz: not the absolute loss (whose a.e. ell'' = 0 says nothing)
    if (std::isfinite(C4) && activation_is_smooth(in.activation, 4) && std::isfinite(L2) && loss_is_smooth(in.loss, 1))
      rc_le("IN-5 (C1')", gap,
            T((L1 * C4 * std::pow(Bx * B, 4) / 24 + L2 / 2 * C1 * C1 * Bx * Bx * B * B) / std::sqrt(m) * (1 + 1e-12)), T(2 * slack));
  }
}

/// ID-8: E_S <grad f^Q_W(x), S D>^2 = m^{-1} sum_r sigma''(t_r)^2 (w_r.x)^2 (d_r.x)^2 by brute force
/// over S. f^Q is quadratic in W, so <grad f^Q_W, Z> = [f^Q_{W+Z} - f^Q_{W-Z}]/2 exactly in real
/// arithmetic (no truncation), and it is linear in Z: with D_r = D restricted to row r,
/// <grad f^Q_W, S D> = sum_r s_r g_r, g_r = [f^Q_{W+D_r} - f^Q_{W-D_r}]/2 (2m library calls instead
/// of 2^{m+1}). Each g_r errs by <= 8 u M_2(|W| + |D|) =: g_eps, so the pattern sums by <= m g_eps
/// =: e, their squares by 2 G e + e^2 with |sum| <= G := m M_2(|W|+|D|).
template <class T> void prop_id8_sign_averaged_gradient(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.mmax = b.m_enum_max;
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const RowMatrix<double> Dd = draw_direction(in.m(), in.d(), "D");
  const RowMatrix<T> Dm = castM<T>(Dd);
  const std::vector<double> Mg = ModelMags(in).taylor(norm_sum_rows(in.W, Dd), 2);
  std::vector<Vector<T>> gr;
  for (Eigen::Index r = 0; r < in.m(); ++r) {
    RowMatrix<T> Dr = RowMatrix<T>::Zero(in.m(), in.d());
    Dr.row(r) = Dm.row(r);
    gr.push_back((taylor_term(it, RowMatrix<T>(it.W + Dr), 2) - taylor_term(it, RowMatrix<T>(it.W - Dr), 2)) / 2);
  }
  Vector<T> acc = Vector<T>::Zero(in.n());
  long P = 0;
  for_each_sign_pattern(int(in.m()), [&](const std::vector<int>& s) {
    Vector<T> g = Vector<T>::Zero(in.n());
    for (Eigen::Index r = 0; r < in.m(); ++r) g += T(s[r]) * gr[r];
    acc += g.cwiseProduct(g);
    ++P;
  });
  acc /= T(double(P));
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    CompensatedSum<T> s;
    for (Eigen::Index r = 0; r < in.m(); ++r) {
      const T t = it.X.row(i).dot(it.W0.row(r));
      const T s2 = activation_derivative<T>(in.activation, t, 2);
      const T uw = it.X.row(i).dot(it.W.row(r)), ud = it.X.row(i).dot(Dm.row(r));
      s.add(s2 * s2 * uw * uw * ud * ud);
    }
    const double m = double(in.m()), e = m * 8 * unit_roundoff<T>() * Mg[i], G = m * Mg[i];
    rc_near("ID-8", acc(i), T(s.value() / T(in.m())), T(2 * G * e + e * e + 8 * unit_roundoff<T>() * G * G));
  }
}

// =================================================================================================
// Regularizer (SPEC §3.3): R(W) = (sum_r ||w_r||^4)^2.
//
// Rounding: R, grad R and the Hessian are polynomials in the entries; with all row sums over d and
// the sum over m, each is accurate to (m + d + 8) u times its absolute-value version. For HVP
// entries: mag_r(D) = 32 (sum_q ||w_q||^3 ||d_q||) ||w_r||^3 + 24 S_4 ||w_r||^2 ||d_r||.

struct RegMags {
  const RowMatrix<double>& W;
  double S4, c3;
  explicit RegMags(const RowMatrix<double>& w) : W(w), S4(row_power_sum(w, 4)), c3(0) {}
  /// abs magnitude of row r of Hess R D
  std::vector<double> hvp_rows(const RowMatrix<double>& Dd) const {
    double c = 0;
    for (Eigen::Index q = 0; q < W.rows(); ++q) c += std::pow(W.row(q).norm(), 3) * Dd.row(q).norm();
    std::vector<double> out(W.rows());
    for (Eigen::Index r = 0; r < W.rows(); ++r) {
      const double wr = W.row(r).norm();
      out[r] = 32 * c * wr * wr * wr + 24 * S4 * wr * wr * Dd.row(r).norm();
    }
    return out;
  }
  /// abs magnitude of <U, Hess R V>
  double bilinear(const RowMatrix<double>& U, const RowMatrix<double>& V) const {
    const std::vector<double> h = hvp_rows(V);
    double s = 0;
    for (Eigen::Index r = 0; r < W.rows(); ++r) s += U.row(r).norm() * h[r];
    return s;
  }
};

/// ID-9 identities: <grad R, W> = 8R; Hess R W = 7 grad R (grad R is 7-homogeneous); R(tau W) =
/// tau^8 R; R = ||W||_{2,4}^8; grad R and HVP equal the formulas of SPEC §3.3 (our implementation);
/// <U, H V> = <V, H U>; H(U + V) = HU + HV. Tolerance 16 (m + d + 8) u x magnitude.
template <class T> void prop_id9_regularizer_identities(const Budget& b) {
  const int m = *bltest::uniform_in(1, b.mmax + 1), d = *bltest::uniform_in(1, b.dmax + 1);
  const RowMatrix<double> Wd = draw_direction(m, d, "W") * (*bltest::uniform_in(1, 301) / 100.0);
  const RowMatrix<double> Ud = draw_direction(m, d, "U"), Vd = draw_direction(m, d, "V");
  const RowMatrix<T> W = castM<T>(Wd), U = castM<T>(Ud), V = castM<T>(Vd);
  const double c = 16 * (m + d + 8) * unit_roundoff<T>();
  const RegMags rm(Wd);
  const T R = regularizer_value(W);
  const RowMatrix<T> G = regularizer_gradient(W);
  RC_ASSERT(G.rows() == m);
  RC_ASSERT(G.cols() == d);
  using std::pow;
  rc_near("R = ||W||_{2,4}^8", R, T(pow(mixed_norm(W, 4.0), 8)), T(c * D(R)));
  rc_near("<grad R, W> = 8 R", T(G.cwiseProduct(W).sum()), T(8 * R), T(c * 8 * D(R)));
  const double tau = *bltest::uniform_in(-300, 301) / 100.0;
  rc_near("R(tau W) = tau^8 R", regularizer_value(RowMatrix<T>(T(tau) * W)), T(pow(T(tau), 8) * R), T(c * std::pow(tau, 8) * D(R)));
  // formulas (our own evaluation)
  T S4 = 0;
  for (int r = 0; r < m; ++r) S4 += pow(W.row(r).squaredNorm(), 2);
  T cw = 0;
  for (int q = 0; q < m; ++q) cw += W.row(q).squaredNorm() * W.row(q).dot(U.row(q));
  const RowMatrix<T> HU = regularizer_hvp(W, U), HV = regularizer_hvp(W, V), HW = regularizer_hvp(W, W);
  const RowMatrix<T> HUV = regularizer_hvp(W, RowMatrix<T>(U + V));
  const std::vector<double> mu = rm.hvp_rows(Ud), mv = rm.hvp_rows(Vd), mw = rm.hvp_rows(Wd);
  for (int r = 0; r < m; ++r) {
    const T w2 = W.row(r).squaredNorm();
    const double wn = Wd.row(r).norm();
    for (int j = 0; j < d; ++j) {
      rc_near("grad R formula", G(r, j), T(8 * S4 * w2 * W(r, j)), T(c * 8 * rm.S4 * wn * wn * wn));
      const T h = 32 * cw * w2 * W(r, j) + 8 * S4 * w2 * U(r, j) + 16 * S4 * W.row(r).dot(U.row(r)) * W(r, j);
      rc_near("HVP formula", HU(r, j), h, T(c * mu[r]));
      rc_near("Hess R W = 7 grad R", HW(r, j), T(7 * G(r, j)), T(c * (mw[r] + 56 * rm.S4 * wn * wn * wn)));
      rc_near("HVP linear", HUV(r, j), T(HU(r, j) + HV(r, j)), T(c * (mu[r] + mv[r])));
    }
  }
  rc_near("<U, H V> = <V, H U>", T(U.cwiseProduct(HV).sum()), T(V.cwiseProduct(HU).sum()), T(c * (rm.bilinear(Ud, Vd) + rm.bilinear(Vd, Ud))));
  rc_near("<W, H W> = 56 R", T(W.cwiseProduct(HW).sum()), T(56 * R), T(c * 56 * D(R) * 2));
}

/// ID-9 (sign average) + P5 + IN-6 (Lemma L3): E_S Hess R[SD, SD] closed form vs brute force over S;
/// R(SW) = R(W), grad R(SW) = S grad R(W); E_S Hess R[S W*, S W*] - <grad R(W), W> <= 56 a^6 b^2 - 8 a^8
/// <= (64827/32) b^8 with a = ||W||_{2,4}, b = ||W*||_{2,4}.
template <class T> void prop_id9_sign_average_and_l3(const Budget& b) {
  const int m = *bltest::uniform_in(1, b.m_enum_max + 1), d = *bltest::uniform_in(1, b.dmax + 1);
  const RowMatrix<double> Wd = draw_direction(m, d, "W") * (*bltest::uniform_in(1, 301) / 100.0);
  const RowMatrix<double> Dd = draw_direction(m, d, "D") * (*bltest::uniform_in(1, 301) / 100.0);
  const RowMatrix<T> W = castM<T>(Wd), Dm = castM<T>(Dd);
  const double c = 16 * (m + d + 8) * unit_roundoff<T>();
  const RegMags rm(Wd);
  const double mag = rm.bilinear(Dd, Dd);
  T acc = 0;
  long P = 0;
  for_each_sign_pattern(m, [&](const std::vector<int>& s) {
    const RowMatrix<T> SD = apply_signs(Dm, s);
    acc += SD.cwiseProduct(regularizer_hvp(W, SD)).sum();
    ++P;
  });
  acc /= T(double(P));
  const T cf = regularizer_sign_averaged_curvature(W, Dm);
  rc_near("E_S Hess R[SD,SD]: closed form vs brute force", cf, acc, T(2 * c * mag));
  // P5 for R
  const std::vector<int> s = draw_sign_vector(m);
  const RowMatrix<T> SW = apply_signs(W, s);
  const T R = regularizer_value(W);
  rc_near("R(SW) = R(W)", regularizer_value(SW), R, T(c * D(R)));
  const RowMatrix<T> G = regularizer_gradient(W), GS = regularizer_gradient(SW), SG = apply_signs(G, s);
  for (int r = 0; r < m; ++r)
    for (int j = 0; j < d; ++j)
      rc_near("grad R(SW) = S grad R(W)", GS(r, j), SG(r, j), T(c * 8 * rm.S4 * std::pow(Wd.row(r).norm(), 3)));
  // IN-6 / Lemma L3 with W* = D
  using std::pow;
  const T a = mixed_norm(W, 4.0), bb = mixed_norm(Dm, 4.0);
  const T lhs = cf - G.cwiseProduct(W).sum();
  const T mid = 56 * pow(a, 6) * bb * bb - 8 * pow(a, 8);
  const double slack = c * (mag + 8 * D(R) + 64 * D(pow(a, 8)) + 56 * D(pow(a, 6) * bb * bb));
  rc_le("Lemma L3: E_S Hess R[SW*,SW*] - <grad R, W> <= 56 a^6 b^2 - 8 a^8", lhs, mid, T(slack));
  rc_le("Lemma L3: 56 a^6 b^2 - 8 a^8 <= 64827/32 b^8", mid, T(T(64827) / 32 * pow(bb, 8)), T(slack + c * 2026 * D(pow(bb, 8))));
  // the closed form's own bound (SPEC §3.3): <= 56 ||W||_{2,4}^6 ||D||_{2,4}^2
  rc_le("E_S Hess R[SD,SD] <= 56 a^6 b^2", cf, T(56 * pow(a, 6) * bb * bb), T(slack));
}

/// Gradient and HVP of R against finite differences at the precision of T, along W + s D:
/// R(W + sD) is a degree-8 polynomial in s with |d^3/ds^3| <= 336 (a + |s| b)^5 b^3 and
/// |d^4/ds^4| <= 1680 (a + |s| b)^4 b^4 (a = ||W||_{2,4}, b = ||D||_{2,4}, Cauchy-Schwarz per row),
/// and every value is accurate to c (a + b)^8 with c = 16 (m + d + 8) u.
///  - central difference, h = u^{1/3}: error <= h^2/6 R3 + c (a+b)^8 / h   (~u^{2/3}: 1e-11 double, 2e-34 mp50)
///  - second difference,  h = u^{1/4}: error <= h^2/12 R4 + 4 c (a+b)^8 / h^2
/// Tolerance: 4 x these bounds.
template <class T> void prop_regularizer_finite_differences(const Budget& b) {
  const int m = *bltest::uniform_in(1, b.mmax + 1), d = *bltest::uniform_in(1, b.dmax + 1);
  const RowMatrix<double> Wd = draw_direction(m, d, "W") * (*bltest::uniform_in(10, 201) / 100.0);
  const RowMatrix<double> Dd = draw_direction(m, d, "D");
  const RowMatrix<T> W = castM<T>(Wd), Dm = castM<T>(Dd);
  const double a = std::pow(row_power_sum(Wd, 4), 0.25), bn = std::pow(row_power_sum(Dd, 4), 0.25);
  const double R3 = 336 * std::pow(a + bn, 5) * std::pow(bn, 3), R4 = 1680 * std::pow(a + bn, 4) * std::pow(bn, 4);
  const double Rabs = std::pow(a + bn, 8), c = 16 * (m + d + 8) * unit_roundoff<T>();
  auto Rs = [&](const T& s) { return regularizer_value(RowMatrix<T>(W + s * Dm)); };
  using std::cbrt;
  using std::sqrt;
  const T h = cbrt(uT<T>());
  const double hd = D(h);
  const T fd = (Rs(h) - Rs(T(-h))) / (2 * h);
  const T gd = regularizer_gradient(W).cwiseProduct(Dm).sum();
  rc_near("<grad R, D> vs central difference", gd, fd, T(4 * (hd * hd / 6 * R3 + c * Rabs / hd)));
  const T hh = sqrt(sqrt(uT<T>()));
  const double hhd = D(hh);
  const T sd = (Rs(hh) - 2 * Rs(T(0)) + Rs(T(-hh))) / (hh * hh);
  const T qd = Dm.cwiseProduct(regularizer_hvp(W, Dm)).sum();
  rc_near("<D, Hess R D> vs second difference", qd, sd, T(4 * (hhd * hhd / 12 * R4 + 4 * c * Rabs / (hhd * hhd))));
}

}  // namespace bltest
