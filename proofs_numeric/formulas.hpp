#pragma once
/// @file formulas.hpp
/// The SPEC formulas of the quadratic model, its loss and the regularizer, written once as
/// templates on the scalar T and evaluated in T = double, scalar_mp50 and Interval (MPFI).
///
/// The lemma chains compare these formulas with the library (Objective, taylor_term,
/// regularizer_*) in double and at 50 digits, and evaluate them alone in intervals (the library is
/// not instantiated for intervals). For T = double / scalar_mp50 the primitives come from the
/// library (pre_activations, activation_derivatives, loss_derivatives), so the formulas cross-check
/// it; for intervals they are written here: sigma = sin + cos (sincos) and the square and logistic
/// losses, evaluated with MPFI's outward-rounded sin, cos, exp, log1p.
///
/// Notation (SPEC §2, §3.3): t_ir = w0_r.x_i, u_ir = w_r.x_i, p_ir = d_r.x_i,
/// c_ir = a_r sigma''(t_ir)/sqrt(m), f^Q_V(x_i) = (1/2) sum_r c_ir (v_r.x_i)^2,
/// L^Q(V) = (1/n) sum_i l(f_W0(x_i) + f^Q_V(x_i), y_i), R(W) = (sum_r ||w_r||^4)^2.
/// Costs: projections O(nmd); gradient, HVP O(nmd); dense Hessian O(n (md)^2); regularizer O(md).

#include "interval.hpp"

#include <beyondlin/activation.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace beyondlin::proofs {

// ---- scalars ------------------------------------------------------------------------------------

/// Sum of terms: compensated (TwoSum, scalar.hpp) for floating types; plain interval addition for
/// intervals (already an enclosure; TwoSum's error term has no meaning for intervals).
template <class T> class Accumulator {
 public:
  void add(const T& x) {
    if constexpr (is_interval_v<T>) s_ += x;
    else two_sum_add(s_, c_, x);
  }
  T value() const {
    if constexpr (is_interval_v<T>) return s_;
    else return T(s_ + c_);
  }

 private:
  T s_ = T(0), c_ = T(0);
};

/// x^2 (intervals: without the dependency effect).
template <class T> T square_of(const T& x) {
  if constexpr (is_interval_v<T>) return sqr(x);
  else return T(x * x);
}

/// |x| (intervals: the enclosure of {|v| : v in x}).
template <class T> T abs_of(const T& x) {
  using std::abs;
  return T(abs(x));
}

/// sqrt(x) (intervals: outward-rounded MPFI square root).
template <class T> T sqrt_of(const T& x) {
  using std::sqrt;
  return T(sqrt(x));
}

/// A double for display: midpoint of an interval, rounding otherwise.
template <class T> double display(const T& x) {
  if constexpr (is_interval_v<T>) return mid_double(x);
  else return to_double(x);
}

/// An upper-bound-safe max for the Bx of SPEC §1.1 (intervals: enclosure of the max).
template <class T> T max_of(const T& a, const T& b) {
  if constexpr (is_interval_v<T>) return interval_max(a, b);
  else return a > b ? a : b;
}

/// sigma(t) and sigma''(t). Intervals: sincos only (sigma'' = -(sin + cos)); other T: the library.
template <class T> void sigma_and_second(Activation act, const T& t, T& s0, T& s2) {
  if constexpr (is_interval_v<T>) {
    if (act != Activation::sincos)
      throw std::invalid_argument("interval evaluation is implemented for the sincos activation only");
    using std::cos;
    using std::sin;
    const T s = T(sin(t) + cos(t));
    s0 = s;
    s2 = T(-s);
  } else {
    T out[3];
    activation_derivatives(act, t, 2, out);
    s0 = out[0];
    s2 = out[2];
  }
}

/// l, l', l'' at (yhat, y). Intervals: square and logistic only; other T: the library.
template <class T> void loss_0_2(Loss loss, const T& yhat, const T& y, T out[3]) {
  if constexpr (is_interval_v<T>) {
    using std::exp;
    using std::log1p;
    if (loss == Loss::square) {
      const T r = yhat - y;
      out[0] = T(sqr(r) / 2);
      out[1] = r;
      out[2] = T(1);
    } else if (loss == Loss::logistic) {
      // l = log(1 + e^{-z}), z = y yhat; l' = -y / (1 + e^z); l'' = y^2 s (1 - s), s = 1/(1 + e^{-z})
      const T z = y * yhat;
      out[0] = T(log1p(exp(T(-z))));
      out[1] = T(-y / (T(1) + exp(z)));
      const T s = T(T(1) / (T(1) + exp(T(-z))));
      const T sc = T(T(1) / (T(1) + exp(z)));  // 1 - s without cancellation
      out[2] = T(sqr(y) * s * sc);
    } else {
      throw std::invalid_argument("interval evaluation is implemented for the square and logistic losses only");
    }
  } else {
    T full[5];
    loss_derivatives(loss, yhat, y, 2, full);
    out[0] = full[0];
    out[1] = full[1];
    out[2] = full[2];
  }
}

/// L2 = sup l'' (SPEC §1.1) as an exact T: 1 (square), 1/4 (logistic); otherwise the library's
/// loss_sup_derivative (a double upper bound).
template <class T> T loss_second_bound(Loss loss) {
  if (loss == Loss::square) return T(1);
  if (loss == Loss::logistic) return T(T(1) / 4);
  return T(loss_sup_derivative(loss, 2));
}

/// C2^2 = (sup |sigma''|)^2 (SPEC §1.5): exactly 2 for sincos (|sin + cos| <= sqrt 2); otherwise
/// the square of the library's activation_sup_bound (an upper bound at double precision).
template <class T> T activation_c2_squared(Activation act) {
  if (act == Activation::sincos) return T(2);
  const double c2 = activation_sup_bound(act, 2);
  return T(T(c2) * T(c2));
}

// ---- the quadratic model on an instance ---------------------------------------------------------

/// Instance data in T and the per-(sample, neuron) coefficients of the quadratic model.
template <class T> struct QuadModel {
  Activation act = Activation::sincos;
  Loss loss = Loss::square;
  Eigen::Index n = 0, m = 0, d = 0;
  Matrix<T> X;       ///< n x d
  Vector<T> y, a;
  RowMatrix<T> W0;
  Matrix<T> s2;      ///< sigma''(t_ir), n x m
  Matrix<T> c;       ///< c_ir = a_r sigma''(t_ir) / sqrt(m)
  Vector<T> f0;      ///< f_W0(x_i) = m^{-1/2} sum_r a_r sigma(t_ir)
  T inv_sqrt_m = T(0);

  /// Converts the (double) instance exactly to T. Cost O(nmd) + nm activation evaluations.
  explicit QuadModel(const Instance<double>& inst);
};

/// P(i, r) = v_r . x_i (n x m). Library GEMM (pre_activations) for T = double / mp50; loops for intervals.
template <class T> Matrix<T> projections(const QuadModel<T>& qm, const RowMatrix<T>& V) {
  if constexpr (is_interval_v<T>) {
    Matrix<T> P(qm.n, qm.m);
    for (Eigen::Index i = 0; i < qm.n; ++i)
      for (Eigen::Index r = 0; r < qm.m; ++r) {
        Accumulator<T> s;
        for (Eigen::Index j = 0; j < qm.d; ++j) s.add(T(qm.X(i, j) * V(r, j)));
        P(i, r) = s.value();
      }
    return P;
  } else {
    return pre_activations(qm.X, V);
  }
}

template <class T> QuadModel<T>::QuadModel(const Instance<double>& inst) {
  act = inst.activation;
  loss = inst.loss;
  n = inst.n();
  m = inst.m();
  d = inst.d();
  X = inst.X.cast<T>();
  y = inst.y.cast<T>();
  a = inst.a.cast<T>();
  W0 = inst.W0.cast<T>();
  inv_sqrt_m = T(T(1) / sqrt_of(T(static_cast<double>(m))));
  const Matrix<T> t = projections(*this, W0);
  s2.resize(n, m);
  c.resize(n, m);
  f0.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    Accumulator<T> f;
    for (Eigen::Index r = 0; r < m; ++r) {
      T s0, ss;
      sigma_and_second(act, t(i, r), s0, ss);
      s2(i, r) = ss;
      c(i, r) = T(a(r) * ss * inv_sqrt_m);
      f.add(T(a(r) * s0));
    }
    f0(i) = T(f.value() * inv_sqrt_m);
  }
}

/// f^Q_V(x_i) = (1/2) sum_r c_ir P_ir^2 from the projections P of V (SPEC §2). O(nm).
template <class T> Vector<T> quadratic_term(const QuadModel<T>& qm, const Matrix<T>& P) {
  Vector<T> out(qm.n);
  for (Eigen::Index i = 0; i < qm.n; ++i) {
    Accumulator<T> s;
    for (Eigen::Index r = 0; r < qm.m; ++r) s.add(T(qm.c(i, r) * square_of(P(i, r))));
    out(i) = T(s.value() / 2);
  }
  return out;
}

/// S_Q(V)(x_i) = (1/2) sum_r |c_ir| P_ir^2: the natural magnitude of f^Q_V(x_i). O(nm).
template <class T> Vector<T> quadratic_term_magnitude(const QuadModel<T>& qm, const Matrix<T>& P) {
  Vector<T> out(qm.n);
  for (Eigen::Index i = 0; i < qm.n; ++i) {
    Accumulator<T> s;
    for (Eigen::Index r = 0; r < qm.m; ++r) s.add(T(abs_of(qm.c(i, r)) * square_of(P(i, r))));
    out(i) = T(s.value() / 2);
  }
  return out;
}

/// l, l', l'' of every sample at yhat_i = f_W0(x_i) + fq_i (n x 3).
template <class T> Matrix<T> loss_at(const QuadModel<T>& qm, const Vector<T>& fq) {
  Matrix<T> L(qm.n, 3);
  for (Eigen::Index i = 0; i < qm.n; ++i) {
    T v[3];
    loss_0_2(qm.loss, T(qm.f0(i) + fq(i)), qm.y(i), v);
    for (int k = 0; k < 3; ++k) L(i, k) = v[k];
  }
  return L;
}

/// Mean over the samples of column k of an n x K matrix.
template <class T> T sample_mean(const Matrix<T>& L, int k) {
  Accumulator<T> s;
  for (Eigen::Index i = 0; i < L.rows(); ++i) s.add(L(i, k));
  return T(s.value() / T(static_cast<double>(L.rows())));
}

/// L^Q(V) = (1/n) sum_i l(f_W0(x_i) + f^Q_V(x_i), y_i) (SPEC §3.3). O(nmd).
template <class T> T quadratic_loss(const QuadModel<T>& qm, const RowMatrix<T>& V) {
  return sample_mean(loss_at(qm, quadratic_term(qm, projections(qm, V))), 0);
}

/// <A, B> = sum_rj A_rj B_rj.
template <class T> T frobenius_dot(const RowMatrix<T>& A, const RowMatrix<T>& B) {
  Accumulator<T> s;
  for (Eigen::Index r = 0; r < A.rows(); ++r)
    for (Eigen::Index j = 0; j < A.cols(); ++j) s.add(T(A(r, j) * B(r, j)));
  return s.value();
}

/// ||A||_F^2.
template <class T> T frobenius_sq(const RowMatrix<T>& A) {
  Accumulator<T> s;
  for (Eigen::Index r = 0; r < A.rows(); ++r)
    for (Eigen::Index j = 0; j < A.cols(); ++j) s.add(square_of(A(r, j)));
  return s.value();
}

/// rows sum_i coef(i, r) x_i (m x d): the form of every gradient and HVP of the quadratic model.
template <class T> RowMatrix<T> rows_from_coefficients(const QuadModel<T>& qm, const Matrix<T>& coef) {
  RowMatrix<T> G(qm.m, qm.d);
  for (Eigen::Index r = 0; r < qm.m; ++r)
    for (Eigen::Index j = 0; j < qm.d; ++j) {
      Accumulator<T> s;
      for (Eigen::Index i = 0; i < qm.n; ++i) s.add(T(coef(i, r) * qm.X(i, j)));
      G(r, j) = s.value();
    }
  return G;
}

/// grad L^Q(W): rows (1/n) sum_i l'_i c_ir u_ir x_i (SPEC §2: grad_{w_r} f^Q_W(x) = c_r u_r x). O(nmd).
template <class T> RowMatrix<T> quadratic_gradient(const QuadModel<T>& qm, const RowMatrix<T>& W) {
  const Matrix<T> U = projections(qm, W);
  const Matrix<T> L = loss_at(qm, quadratic_term(qm, U));
  Matrix<T> coef(qm.n, qm.m);
  const T inv_n = T(T(1) / T(static_cast<double>(qm.n)));
  for (Eigen::Index i = 0; i < qm.n; ++i)
    for (Eigen::Index r = 0; r < qm.m; ++r) coef(i, r) = T(L(i, 1) * qm.c(i, r) * U(i, r) * inv_n);
  return rows_from_coefficients(qm, coef);
}

/// Hess L^Q(W) D (Appendix A): rows (1/n) sum_i [l''_i J_i c_ir u_ir + l'_i c_ir p_ir] x_i with
/// J_i = <grad f^Q_W(x_i), D> = sum_r c_ir u_ir p_ir. O(nmd).
template <class T>
RowMatrix<T> quadratic_hvp(const QuadModel<T>& qm, const RowMatrix<T>& W, const RowMatrix<T>& D) {
  const Matrix<T> U = projections(qm, W), P = projections(qm, D);
  const Matrix<T> L = loss_at(qm, quadratic_term(qm, U));
  Matrix<T> coef(qm.n, qm.m);
  const T inv_n = T(T(1) / T(static_cast<double>(qm.n)));
  for (Eigen::Index i = 0; i < qm.n; ++i) {
    Accumulator<T> J;
    for (Eigen::Index r = 0; r < qm.m; ++r) J.add(T(qm.c(i, r) * U(i, r) * P(i, r)));
    const T Ji = J.value();
    for (Eigen::Index r = 0; r < qm.m; ++r)
      coef(i, r) = T((L(i, 2) * Ji * qm.c(i, r) * U(i, r) + L(i, 1) * qm.c(i, r) * P(i, r)) * inv_n);
  }
  return rows_from_coefficients(qm, coef);
}

/// Dense Hess L^Q(W) (md x md, index r*d + j) from Appendix A:
///   H[(r,j),(q,k)] = (1/n) sum_i [ l''_i (c_ir u_ir x_ij)(c_iq u_iq x_ik) + delta_rq l'_i c_ir x_ij x_ik ].
/// Only the lower triangle is computed and mirrored (exactly symmetric). O(n (md)^2).
template <class T> Matrix<T> quadratic_hessian(const QuadModel<T>& qm, const RowMatrix<T>& W) {
  const Matrix<T> U = projections(qm, W);
  const Matrix<T> L = loss_at(qm, quadratic_term(qm, U));
  const Eigen::Index N = qm.m * qm.d;
  const T inv_n = T(T(1) / T(static_cast<double>(qm.n)));
  Matrix<T> g(qm.n, N);  // g(i, (r,j)) = c_ir u_ir x_ij = grad f^Q_W(x_i)
  for (Eigen::Index i = 0; i < qm.n; ++i)
    for (Eigen::Index r = 0; r < qm.m; ++r)
      for (Eigen::Index j = 0; j < qm.d; ++j) g(i, r * qm.d + j) = T(qm.c(i, r) * U(i, r) * qm.X(i, j));
  Matrix<T> H(N, N);
  for (Eigen::Index p = 0; p < N; ++p)
    for (Eigen::Index q = 0; q <= p; ++q) {
      const Eigen::Index rp = p / qm.d, jp = p % qm.d, rq = q / qm.d, jq = q % qm.d;
      Accumulator<T> s;
      for (Eigen::Index i = 0; i < qm.n; ++i) {
        s.add(T(L(i, 2) * g(i, p) * g(i, q)));
        if (rp == rq) s.add(T(L(i, 1) * qm.c(i, rp) * qm.X(i, jp) * qm.X(i, jq)));
      }
      H(p, q) = T(s.value() * inv_n);
      H(q, p) = H(p, q);
    }
  return H;
}

// ---- the regularizer R = ||W||_{2,4}^8 (SPEC §3.3) -----------------------------------------------

/// q_r = ||w_r||^2.
template <class T> Vector<T> row_squares(const RowMatrix<T>& W) {
  Vector<T> q(W.rows());
  for (Eigen::Index r = 0; r < W.rows(); ++r) {
    Accumulator<T> s;
    for (Eigen::Index j = 0; j < W.cols(); ++j) s.add(square_of(W(r, j)));
    q(r) = s.value();
  }
  return q;
}

/// S_4 = sum_r ||w_r||^4 = ||W||_{2,4}^4.
template <class T> T sum_fourth_powers(const RowMatrix<T>& W) {
  const Vector<T> q = row_squares(W);
  Accumulator<T> s;
  for (Eigen::Index r = 0; r < q.size(); ++r) s.add(square_of(q(r)));
  return s.value();
}

/// R(W) = S_4^2.
template <class T> T reg_value(const RowMatrix<T>& W) { return square_of(sum_fourth_powers(W)); }

/// grad R: rows 8 S_4 ||w_r||^2 w_r.
template <class T> RowMatrix<T> reg_gradient(const RowMatrix<T>& W) {
  const Vector<T> q = row_squares(W);
  const T S4 = sum_fourth_powers(W);
  RowMatrix<T> G(W.rows(), W.cols());
  for (Eigen::Index r = 0; r < W.rows(); ++r)
    for (Eigen::Index j = 0; j < W.cols(); ++j) G(r, j) = T(T(8) * S4 * q(r) * W(r, j));
  return G;
}

/// Hess R D: rows 32 (sum_q ||w_q||^2 w_q.d_q) ||w_r||^2 w_r + 8 S_4 ||w_r||^2 d_r + 16 S_4 (w_r.d_r) w_r.
template <class T> RowMatrix<T> reg_hvp(const RowMatrix<T>& W, const RowMatrix<T>& D) {
  const Vector<T> q = row_squares(W);
  const T S4 = sum_fourth_powers(W);
  Vector<T> e(W.rows());
  Accumulator<T> coupling;
  for (Eigen::Index r = 0; r < W.rows(); ++r) {
    Accumulator<T> s;
    for (Eigen::Index j = 0; j < W.cols(); ++j) s.add(T(W(r, j) * D(r, j)));
    e(r) = s.value();
    coupling.add(T(q(r) * e(r)));
  }
  const T cpl = coupling.value();
  RowMatrix<T> H(W.rows(), W.cols());
  for (Eigen::Index r = 0; r < W.rows(); ++r)
    for (Eigen::Index j = 0; j < W.cols(); ++j)
      H(r, j) = T((T(32) * cpl * q(r) + T(16) * S4 * e(r)) * W(r, j) + T(8) * S4 * q(r) * D(r, j));
  return H;
}

/// Dense Hess R (md x md): 32 v v^T + blockdiag(8 S_4 q_r I + 16 S_4 w_r w_r^T), v_(r,j) = q_r w_rj.
template <class T> Matrix<T> reg_hessian(const RowMatrix<T>& W) {
  const Vector<T> q = row_squares(W);
  const T S4 = sum_fourth_powers(W);
  const Eigen::Index m = W.rows(), d = W.cols(), N = m * d;
  Matrix<T> H(N, N);
  for (Eigen::Index p = 0; p < N; ++p)
    for (Eigen::Index k = 0; k <= p; ++k) {
      const Eigen::Index rp = p / d, jp = p % d, rk = k / d, jk = k % d;
      T h = T(T(32) * q(rp) * W(rp, jp) * q(rk) * W(rk, jk));
      if (rp == rk) {
        h += T(T(16) * S4 * W(rp, jp) * W(rp, jk));
        if (jp == jk) h += T(T(8) * S4 * q(rp));
      }
      H(p, k) = h;
      H(k, p) = h;
    }
  return H;
}

/// E_S Hess R(W)[SD, SD] = 32 sum_r q_r^2 e_r^2 + 2 S_4 sum_r (4 q_r delta_r + 8 e_r^2),
/// e_r = w_r.d_r, delta_r = ||d_r||^2 (SPEC §3.3).
template <class T> T reg_sign_averaged_curvature(const RowMatrix<T>& W, const RowMatrix<T>& D) {
  const Vector<T> q = row_squares(W), dl = row_squares(D);
  const T S4 = sum_fourth_powers(W);
  Accumulator<T> first, second;
  for (Eigen::Index r = 0; r < W.rows(); ++r) {
    Accumulator<T> s;
    for (Eigen::Index j = 0; j < W.cols(); ++j) s.add(T(W(r, j) * D(r, j)));
    const T e2 = square_of(s.value());
    first.add(T(square_of(q(r)) * e2));
    second.add(T(T(4) * q(r) * dl(r) + T(8) * e2));
  }
  return T(T(32) * first.value() + T(2) * S4 * second.value());
}

// ---- sign averages (SPEC §3.1) -------------------------------------------------------------------

/// S W (row r multiplied by s_r).
template <class T> RowMatrix<T> flip_rows(const RowMatrix<T>& W, const std::vector<int>& s) {
  RowMatrix<T> out = W;
  for (Eigen::Index r = 0; r < W.rows(); ++r)
    if (s[static_cast<std::size_t>(r)] < 0) out.row(r) = -out.row(r);
  return out;
}

/// How E_S Q(SD) of a quadratic form Q is computed.
enum class SignAverage {
  enumeration,  ///< mean over all 2^m sign patterns (literal definition)
  per_row,      ///< sum_r Q(D_r), D_r = D restricted to row r (exact: E s_r s_q = delta_rq)
  none          ///< too wide for either: only the closed form is available
};

/// "enumeration over 2^m sign patterns", "sum of m per-row quadratic forms", "closed form only".
inline const char* sign_average_text(SignAverage a) {
  switch (a) {
    case SignAverage::enumeration: return "enumeration over all 2^m sign patterns";
    case SignAverage::per_row: return "sum over rows r of Q(D_r) (E s_r s_q = delta_rq)";
    case SignAverage::none: return "closed form only";
  }
  return "?";
}

/// E_S Q(S D) for a quadratic form Q(D) (a callable RowMatrix<T> -> T), by `method`
/// (enumeration: 2^m evaluations of Q; per_row: m evaluations). NaN-free: `none` throws.
template <class T, class Q> T sign_average(const RowMatrix<T>& D, SignAverage method, const Q& quad) {
  const int m = static_cast<int>(D.rows());
  Accumulator<T> acc;
  if (method == SignAverage::enumeration) {
    long count = 0;
    for_each_sign_pattern(m, [&](const std::vector<int>& s) {
      acc.add(quad(flip_rows(D, s)));
      ++count;
    });
    return T(acc.value() / T(static_cast<double>(count)));
  }
  if (method == SignAverage::per_row) {
    for (int r = 0; r < m; ++r) {
      RowMatrix<T> Dr = RowMatrix<T>::Zero(D.rows(), D.cols());
      Dr.row(r) = D.row(r);
      acc.add(quad(Dr));
    }
    return acc.value();
  }
  throw std::invalid_argument("sign_average: no exact method for this width");
}

/// max_i ||x_i|| (B_x of SPEC §1.1 for the sample; intervals: an enclosure of the max).
template <class T> T input_norm_max(const Matrix<T>& X) {
  T b = T(0);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    Accumulator<T> s;
    for (Eigen::Index j = 0; j < X.cols(); ++j) s.add(square_of(X(i, j)));
    b = max_of(b, sqrt_of(s.value()));
  }
  return b;
}

}  // namespace beyondlin::proofs
