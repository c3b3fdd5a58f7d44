#pragma once
// Property bodies for objective.hpp (and the parts of randomization.hpp that need it), templated
// on the scalar type. test_objective.cpp instantiates them at double, test_mp50_objective.cpp at 50
// digits. Claim ids: SPEC §6.1 (ID-*), §6.2 (IN-*), directional identities of SPEC §2 / §3.
//
// Every objective is F(W) = (1/n) sum_i ell(g_i(W), y_i) + lambda R(W) with g_i = offset + m^{-1/2}
// sum_r a_r phi_ir(u_ir) (objective.hpp); randomized ones average this over sign patterns. ObjMags
// bounds, from the instance, the directional derivatives d^j/ds^j F(W + s D) for j = 0..4 and the
// rounding error of F, by the chain rule with every factor replaced by an upper bound of its
// absolute value:
//   phi^(j) bounds e_j (eval_mag of the activation, for taylor-K the product sigma^(K) u^(K-j)/(K-j)!),
//   predictor derivatives  G_j = m^{-1/2} sum_r e_j (||d_r|| ||x_i||)^j,
//   loss derivatives       l_j = loss_mag (|ell^(j)| + 1 at the predictor),
//   F' <= l1 G1,  F'' <= l2 G1^2 + l1 G2,  F''' <= l3 G1^3 + 3 l2 G1 G2 + l1 G3,
//   F'''' <= l4 G1^4 + 6 l3 G1^2 G2 + l2 (3 G2^2 + 4 G1 G3) + l1 G4,
// plus lambda times the derivative bounds of R (degree-8 polynomial) and, for the closed-form
// randomized squared loss, half the derivatives of Var = m^{-1} sum O^2. Rounding: a value, a
// gradient-direction product or a quadratic form is a chain of O(n + m + d) sums of such terms, so
// its error is <= 16 (n + m + d + 8) u times the matching bound (ObjMags::round).
//
// Finite differences then use the step that balances truncation and rounding for the bounds:
//   central    (F(s=h) - F(-h))/2h:        err <= h^2/6 B3 + eps/h,       h = (3 eps/B3)^{1/3}
//   second     (F(h) - 2F(0) + F(-h))/h^2: err <= h^2/12 B4 + 4 eps/h^2,  h = (24 eps/B4)^{1/4}
// and the tolerance is 4 x (that error + the analytic side's rounding). The bounds are evaluated at
// W; along [W - hD, W + hD] they change by a relative O(h), covered by the factor 4.
#include "props_model.hpp"

namespace bltest {

enum class Kind { full, rand_closed, rand_enum, rand_mc, quadratic, taylor3, ntk, taylor2, taylor4 };

inline const char* kind_name(Kind k) {
  switch (k) {
    case Kind::full: return "full";
    case Kind::rand_closed: return "randomized/closed-form";
    case Kind::rand_enum: return "randomized/enumeration";
    case Kind::rand_mc: return "randomized/monte-carlo";
    case Kind::quadratic: return "quadratic";
    case Kind::taylor3: return "taylor-3";
    case Kind::ntk: return "ntk";
    case Kind::taylor2: return "taylor-2";
    case Kind::taylor4: return "taylor-4";
  }
  return "?";
}

inline const std::vector<Kind>& all_kinds() {
  static const std::vector<Kind> k{Kind::full,     Kind::rand_closed, Kind::rand_enum, Kind::rand_mc, Kind::quadratic,
                                   Kind::taylor3,  Kind::ntk,         Kind::taylor2,   Kind::taylor4};
  return k;
}

inline std::vector<Activation> smooth_activations() {
  return {Activation::sincos, Activation::tanh, Activation::softplus, Activation::sigmoid,
          Activation::cubic,  Activation::erf,  Activation::gelu};
}

struct ObjCase {
  Instance<double> in;
  ObjectiveSpec spec;
  Kind kind;
};

inline ObjectiveSpec spec_for(Kind k) {
  switch (k) {
    case Kind::full: return parse_objective("full");
    case Kind::rand_closed: {
      auto s = parse_objective("randomized");
      s.method = RandomizedMethod::closed_form;
      return s;
    }
    case Kind::rand_enum: {
      auto s = parse_objective("randomized");
      s.method = RandomizedMethod::enumeration;
      return s;
    }
    case Kind::rand_mc: {
      auto s = parse_objective("randomized");
      s.method = RandomizedMethod::monte_carlo;
      return s;
    }
    case Kind::quadratic: return parse_objective("quadratic");
    case Kind::taylor3: return parse_objective("taylor-3");
    case Kind::ntk: return parse_objective("ntk");
    case Kind::taylor2: return parse_objective("taylor-2");
    case Kind::taylor4: return parse_objective("taylor-4");
  }
  return {};
}

/// Draw an objective kind, a matching instance and lambda (logged).
///  smooth: only C^infinity activations and the square/logistic losses (finite-difference checks).
inline ObjCase draw_case(const Budget& b, const std::vector<Kind>& kinds, bool smooth, bool allow_lambda = true) {
  ObjCase c;
  c.kind = kinds[*bltest::uniform_in<std::size_t>(0, kinds.size())];
  DrawSpec ds = spec_from(b);
  if (smooth) ds.losses = {Loss::square, Loss::logistic};
  else {
    ds.activations = all_activations();
    ds.losses = all_losses();
  }
  if (smooth) ds.activations = smooth_activations();
  if (c.kind == Kind::rand_closed) ds.losses = {Loss::square};
  if (c.kind == Kind::rand_enum) ds.mmax = b.m_enum_max;
  if (c.kind == Kind::rand_enum && !smooth) ds.losses = {Loss::logistic, Loss::huber, Loss::square};
  c.in = draw_instance(ds);
  c.spec = spec_for(c.kind);
  if (c.kind == Kind::rand_mc) {
    c.spec.mc_pairs = *bltest::uniform_in(4, 25);
    c.spec.seed = *bltest::uniform_in<std::uint64_t>(1, 1u << 30);
  }
  if (allow_lambda && *bltest::uniform_in(0, 2)) c.spec.lambda = *bltest::uniform_in(1, 1001) / 10000.0;
  RC_LOG() << "objective " << kind_name(c.kind) << " lambda " << c.spec.lambda << " mc_pairs " << c.spec.mc_pairs
           << " mc_seed " << c.spec.seed << "\n";
  return c;
}

/// Derivative and rounding bounds of F along W + s D (see the file comment).
struct ObjMags {
  const Instance<double>& in;
  ObjectiveSpec spec;
  Kind kind;
  RowMatrix<double> W;
  std::vector<Matrix<double>> e;  // e[j](i, r), j = 0..4
  std::vector<double> l[5];       // loss bounds per sample
  std::vector<double> Mpred;      // predictor magnitude per sample (incl. offset)
  double n_, m_, d_;

  ObjMags(const Instance<double>& inst, const ObjectiveSpec& sp, Kind k, const RowMatrix<double>& Wm)
      : in(inst), spec(sp), kind(k), W(Wm), n_(double(inst.n())), m_(double(inst.m())), d_(double(inst.d())) {
    const Eigen::Index n = in.n(), m = in.m();
    e.assign(5, Matrix<double>::Zero(n, m));
    Mpred.assign(n, 0.0);
    Objective<double> obj(in, sp);
    const Vector<double> g = obj.predictions(Objective<double>::flatten(W));
    const int K = sp.kind == ObjectiveKind::taylor ? sp.order : 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double xn = in.X.row(i).norm();
      double off = 0;
      for (Eigen::Index r = 0; r < m; ++r) {
        const double t = in.X.row(i).dot(in.W0.row(r)), u = in.X.row(i).dot(W.row(r));
        const double A = W.row(r).norm() * xn, B = in.W0.row(r).norm() * xn;
        const double arg = (d_ + 2) * (in.W0.row(r).norm() + W.row(r).norm()) * xn;
        for (int j = 0; j <= 4; ++j) {
          double v = 0;
          if (K > 0) {
            if (j <= K) {
              double f = 1;
              for (int q = 2; q <= K - j; ++q) f *= q;
              const double s = eval_mag(in.activation, K, t) + eval_mag(in.activation, K + 1, t) * B * (d_ + 2);
              v = s * (1 + K * (d_ + 2)) * std::pow(A, K - j) / f;
            }
          } else if (sp.kind == ObjectiveKind::full) {
            v = eval_mag(in.activation, j, t + u) + eval_mag(in.activation, j + 1, t + u) * arg;
          } else {
            v = std::max(eval_mag(in.activation, j, t + u) + eval_mag(in.activation, j + 1, t + u) * arg,
                         eval_mag(in.activation, j, t - u) + eval_mag(in.activation, j + 1, t - u) * arg);
          }
          e[j](i, r) = v;
        }
        if (K > 0) off += eval_mag(in.activation, 0, t) + eval_mag(in.activation, 1, t) * B * (d_ + 2);
        Mpred[i] += e[0](i, r);
      }
      Mpred[i] = (Mpred[i] + off) / std::sqrt(m_);
      for (int j = 0; j <= 4; ++j) l[j].push_back(loss_mag(in.loss, j, g(i), in.y(i)));
      if (sp.kind == ObjectiveKind::randomized && kind != Kind::rand_closed) {
        // patterns move the prediction by up to Mpred around the mean
        if (in.loss == Loss::square) {
          l[1].back() += Mpred[i];
          l[0].back() += l[1].back() * Mpred[i];
        }
      }
    }
  }

  bool closed() const { return kind == Kind::rand_closed; }

  /// G_j(i) for direction Dm
  double G(const RowMatrix<double>& Dm, Eigen::Index i, int j) const {
    double s = 0;
    const double xn = in.X.row(i).norm();
    for (Eigen::Index r = 0; r < in.m(); ++r) s += e[j](i, r) * std::pow(Dm.row(r).norm() * xn, j);
    return s / std::sqrt(m_);
  }
  /// j-th derivative bound of Var_i = m^{-1} sum O^2 along D (Leibniz)
  double Vj(const RowMatrix<double>& Dm, Eigen::Index i, int j) const {
    static const double C[5][5] = {{1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {1, 2, 1, 0, 0}, {1, 3, 3, 1, 0}, {1, 4, 6, 4, 1}};
    double s = 0;
    const double xn = in.X.row(i).norm();
    for (Eigen::Index r = 0; r < in.m(); ++r) {
      double c = 0;
      for (int k = 0; k <= j; ++k) c += C[j][k] * e[k](i, r) * e[j - k](i, r);
      s += c * std::pow(Dm.row(r).norm() * xn, j);
    }
    return s / m_;
  }
  /// |d^j/ds^j F(W + s D)| bound at s = 0, j = 0..4 (j = 0: |F|-magnitude incl. rounding terms)
  double B(const RowMatrix<double>& Dm, int j) const {
    double s = 0;
    for (Eigen::Index i = 0; i < in.n(); ++i) {
      const double g1 = G(Dm, i, 1), g2 = G(Dm, i, 2), g3 = G(Dm, i, 3), g4 = G(Dm, i, 4);
      const double L0 = l[0][i], L1 = l[1][i], L2 = l[2][i], L3 = l[3][i], L4 = l[4][i];
      double v = 0;
      switch (j) {
        case 0: v = L0 + L1 * Mpred[i]; break;
        case 1: v = L1 * g1 + L2 * Mpred[i] * g1; break;
        case 2: v = L2 * g1 * g1 + L1 * g2 + L3 * Mpred[i] * g1 * g1; break;
        case 3: v = L3 * g1 * g1 * g1 + 3 * L2 * g1 * g2 + L1 * g3; break;
        case 4: v = L4 * std::pow(g1, 4) + 6 * L3 * g1 * g1 * g2 + L2 * (3 * g2 * g2 + 4 * g1 * g3) + L1 * g4; break;
      }
      if (closed()) v += Vj(Dm, i, j) / 2;
      s += v;
    }
    s /= n_;
    if (spec.lambda > 0) {
      const double a = std::pow(row_power_sum(W, 4), 0.25), b = std::pow(row_power_sum(Dm, 4), 0.25);
      static const double c[5] = {1, 8, 56, 336, 1680};  // 8!/(8-j)!
      s += spec.lambda * c[j] * std::pow(a + b, 8 - j) * std::pow(b, j);
    }
    return s;
  }
  /// rounding error of a computed quantity whose absolute-value bound is `bound`, at precision T
  template <class T> double round(double bound) const { return 16 * (n_ + m_ + d_ + 8) * unit_roundoff<T>() * bound; }
};

template <class T> Vector<T> flat(const RowMatrix<double>& M) { return Objective<T>::flatten(castM<T>(M)); }

// =================================================================================================

/// Value consistency: value = data_value + lambda R; gradient() returns value(); value_with_error
/// carries 0 error for exact methods and > 0 for Monte Carlo; predictions are f / f0 + f^(K) / E f;
/// data_value = (1/n) sum ell(pred_i) (full, taylor) or (1/2n) sum[(E f - y)^2 + Var] (closed form) or
/// the brute-force average over patterns (enumeration); Jensen (IN-4): randomized >= loss of the
/// symmetrized predictor. Tolerances: ObjMags::round of the value bound (x 2 for two computations).
template <class T> void prop_obj_value_consistency(const Budget& b) {
  const ObjCase c = draw_case(b, all_kinds(), false);
  const Instance<T> it = instance_cast<T>(c.in);
  const Objective<T> obj(it, c.spec);
  RC_ASSERT(obj.dim() == c.in.m() * c.in.d());
  RC_ASSERT(obj.m() == c.in.m());
  RC_ASSERT(obj.d() == c.in.d());
  RC_ASSERT(objective_name(obj.spec()) == objective_name(c.spec));
  const Vector<T> w = Objective<T>::flatten(it.W);
  RC_ASSERT(obj.unflatten(w) == it.W);
  for (Eigen::Index r = 0; r < c.in.m(); ++r)  // row-major: w[r d + j] = W(r, j)
    for (Eigen::Index j = 0; j < c.in.d(); ++j) RC_ASSERT(w(r * c.in.d() + j) == it.W(r, j));
  const ObjMags om(c.in, c.spec, c.kind, c.in.W);
  const double tolv = 2 * om.round<T>(om.B(c.in.W, 0));
  const T v = obj.value(w), dv = obj.data_value(w);
  Vector<T> g;
  const T vg = obj.gradient(w, g);
  RC_ASSERT(g.size() == obj.dim());
  rc_near("gradient() returns value()", vg, v, T(tolv));
  rc_near("value = data_value + lambda R", v, T(dv + T(c.spec.lambda) * regularizer_value(it.W)), T(tolv));
  const ValueWithError<T> ve = obj.value_with_error(w);
  rc_near("value_with_error.value", ve.value, v, T(tolv));
  if (c.kind == Kind::rand_mc) RC_ASSERT(ve.stderr_ >= T(0));
  else RC_ASSERT(ve.stderr_ == T(0));
  const std::string method = obj.method();
  switch (c.kind) {
    case Kind::rand_closed: RC_ASSERT(method == "closed-form"); break;
    case Kind::rand_enum: RC_ASSERT(method == "enumeration"); break;
    case Kind::rand_mc: RC_ASSERT(method == "monte-carlo"); break;
    default: RC_ASSERT(method == "analytic");
  }
  const Vector<T> pred = obj.predictions(w);
  const double u = unit_roundoff<T>();
  const ModelMags mm(c.in);
  T want = 0;
  if (c.spec.kind == ObjectiveKind::randomized) {
    const SignMoments<T> mom = randomized_moments(it, it.W);
    const std::vector<double> Mmean = mm.randomized_mean(c.in.W), Mvar = mm.randomized_var(c.in.W);
    for (Eigen::Index i = 0; i < c.in.n(); ++i) {
      rc_near("randomized predictions = E_Sigma f", pred(i), mom.mean(i), T(32 * u * Mmean[i]));
      if (c.kind == Kind::rand_closed) want += ((mom.mean(i) - it.y(i)) * (mom.mean(i) - it.y(i)) + mom.var(i)) / 2;
    }
    if (c.kind == Kind::rand_enum) {
      const Brute<T> bf = brute_force(it);
      want = brute_expected_loss(it, bf).sum();
    }
    if (c.kind != Kind::rand_mc) {
      want /= T(double(c.in.n()));
      rc_near("randomized data value vs own computation", dv, want, T(tolv));
    }
    // IN-4, Jensen: exact methods only (Monte Carlo averages a finite set of antithetic pairs:
    // Jensen holds per pair, so it holds for the estimator as well)
    T jensen = 0;
    for (Eigen::Index i = 0; i < c.in.n(); ++i) jensen += loss_value<T>(c.in.loss, pred(i), it.y(i));
    jensen /= T(double(c.in.n()));
    rc_le("IN-4: L(W) >= loss of the symmetrized predictor", jensen, dv, T(tolv));
  } else {
    Vector<T> p;
    std::vector<double> Mp;
    if (c.spec.kind == ObjectiveKind::full) {
      p = network_output(it);
      Mp = mm.network(c.in.W);
    } else {
      p = initial_output(it) + taylor_term(it, it.W, c.spec.order);
      Mp = mm.taylor(c.in.W, c.spec.order);
      const auto M0 = mm.network(RowMatrix<double>::Zero(c.in.m(), c.in.d()));
      for (std::size_t i = 0; i < Mp.size(); ++i) Mp[i] += M0[i];
    }
    for (Eigen::Index i = 0; i < c.in.n(); ++i) {
      rc_near("predictions", pred(i), p(i), T(16 * u * Mp[i]));
      want += loss_value<T>(c.in.loss, p(i), it.y(i));
    }
    want /= T(double(c.in.n()));
    rc_near("data value = mean loss of predictions", dv, want, T(tolv));
  }
}

/// Gradient against the central difference of the value, along a random direction (every kind,
/// lambda = 0 or > 0). See the file comment for the step and the tolerance.
template <class T> void prop_obj_gradient_fd(const Budget& b) {
  const ObjCase c = draw_case(b, all_kinds(), true);
  const Instance<T> it = instance_cast<T>(c.in);
  const Objective<T> obj(it, c.spec);
  const RowMatrix<double> Dd = draw_direction(c.in.m(), c.in.d(), "D");
  const ObjMags om(c.in, c.spec, c.kind, c.in.W), omf(c.in, c.spec, c.kind, norm_sum_rows(c.in.W, Dd));
  // bounds at W and at the "fattened" point with row norms ||w_r|| + ||d_r|| (which dominates every
  // W + s D, |s| <= 1, for the Taylor models; e.g. B3 = 0 at W = 0 for the quadratic model)
  const double eps = om.round<T>(std::max(om.B(Dd, 0), omf.B(Dd, 0))), B3 = std::max(om.B(Dd, 3), omf.B(Dd, 3));
  const double hd = std::min(1.0, std::cbrt(3 * eps / std::max(B3, 1e-300)));
  RC_LOG() << "h = " << hd << " eps = " << eps << " B3 = " << B3 << "\n";
  const T h(hd);
  const Vector<T> w = Objective<T>::flatten(it.W), dvec = flat<T>(Dd);
  const T fd = (obj.value(Vector<T>(w + h * dvec)) - obj.value(Vector<T>(w - h * dvec))) / (2 * h);
  Vector<T> g;
  obj.gradient(w, g);
  const T gd = g.dot(dvec);
  const double tol = 4 * (hd * hd / 6 * B3 + eps / hd + om.round<T>(om.B(Dd, 1)));
  rc_near("<grad F, D> vs central difference", gd, fd, T(tol));
}

/// HVP: <Z, H Z> against the second difference of the value for Z = U, V, U + V (which pins down the
/// symmetric part of H), symmetry <U, H V> = <V, H U> (the rest), and linearity.
template <class T> void prop_obj_hvp_fd(const Budget& b) {
  const ObjCase c = draw_case(b, all_kinds(), true);
  const Instance<T> it = instance_cast<T>(c.in);
  const Objective<T> obj(it, c.spec);
  const RowMatrix<double> Ud = draw_direction(c.in.m(), c.in.d(), "U"), Vd = draw_direction(c.in.m(), c.in.d(), "V");
  const ObjMags om(c.in, c.spec, c.kind, c.in.W);
  const Vector<T> w = Objective<T>::flatten(it.W), uvec = flat<T>(Ud), vvec = flat<T>(Vd);
  auto fat = [&](const RowMatrix<double>& Z) { return ObjMags(c.in, c.spec, c.kind, norm_sum_rows(c.in.W, Z)); };
  Vector<T> Hu, Hv, Huv;
  obj.hvp(w, uvec, Hu);
  obj.hvp(w, vvec, Hv);
  obj.hvp(w, Vector<T>(uvec + vvec), Huv);
  RC_ASSERT(Hu.size() == obj.dim());
  const RowMatrix<double> UVd = Ud + Vd;  // for the magnitudes only; the direction itself is U + V in T
  const Vector<T> uv = uvec + vvec;
  for (const auto& [name, Zd, zp, HZ] :
       {std::make_tuple(std::string("U"), &Ud, &uvec, &Hu), std::make_tuple(std::string("V"), &Vd, &vvec, &Hv),
        std::make_tuple(std::string("U+V"), &UVd, &uv, &Huv)}) {
    const ObjMags omf = fat(*Zd);  // see prop_obj_gradient_fd
    const double eps = om.round<T>(std::max(om.B(*Zd, 0), omf.B(*Zd, 0))), B4 = std::max(om.B(*Zd, 4), omf.B(*Zd, 4));
    const double hd = std::min(1.0, std::pow(24 * eps / std::max(B4, 1e-300), 0.25));
    const T h(hd);
    const Vector<T>& z = *zp;
    const T sd = (obj.value(Vector<T>(w + h * z)) - 2 * obj.value(w) + obj.value(Vector<T>(w - h * z))) / (h * h);
    const T q = z.dot(*HZ);
    const double tol = 4 * (hd * hd / 12 * B4 + 4 * eps / (hd * hd) + om.round<T>(om.B(*Zd, 2)));
    RC_LOG() << "Z = " << name << " h = " << hd << "\n";
    rc_near("<Z, H Z> vs second difference, Z = " + name, q, sd, T(tol));
  }
  // bilinear magnitudes: |<U, H V>| <= (B2(U) + B2(V)) / 2 in the absolute-value form (AM-GM per term)
  const double bil = om.B(Ud, 2) + om.B(Vd, 2);
  rc_near("<U, H V> = <V, H U>", uvec.dot(Hv), vvec.dot(Hu), T(2 * om.round<T>(bil)));
  // linearity, tested along U: <U, H(U+V)> = <U, HU> + <U, HV>
  rc_near("H(U+V) = HU + HV (along U)", uvec.dot(Huv), T(uvec.dot(Hu) + uvec.dot(Hv)),
          T(2 * om.round<T>(om.B(UVd, 2) + om.B(Ud, 2) + bil)));
}

/// Euler identities of the Taylor objectives (SPEC §2): f^(K) is K-homogeneous, so
/// <grad F, W> = (K/n) sum_i ell'_i f^(K)_W(x_i) + 8 lambda R(W), ell' at f0 + f^(K). (K = 2: the
/// radial derivative of L^Q, SPEC §4.1 (C2).) Tolerance: round of the first-derivative bound along W.
template <class T> void prop_obj_euler_taylor(const Budget& b) {
  const ObjCase c = draw_case(b, {Kind::ntk, Kind::quadratic, Kind::taylor3, Kind::taylor4}, false);
  const Instance<T> it = instance_cast<T>(c.in);
  const Objective<T> obj(it, c.spec);
  const int K = c.spec.order;
  const Vector<T> w = Objective<T>::flatten(it.W);
  Vector<T> g;
  obj.gradient(w, g);
  const Vector<T> f0 = initial_output(it), fk = taylor_term(it, it.W, K);
  T rhs = 0;
  for (Eigen::Index i = 0; i < c.in.n(); ++i) {
    T dl[5];
    loss_derivatives<T>(c.in.loss, T(f0(i) + fk(i)), it.y(i), 4, dl);
    rhs += dl[1] * fk(i);
  }
  rhs = T(K) * rhs / T(double(c.in.n())) + 8 * T(c.spec.lambda) * regularizer_value(it.W);
  const ObjMags om(c.in, c.spec, c.kind, c.in.W);
  rc_near("Euler: <grad F, W> = (K/n) sum ell' f^(K) + 8 lambda R", g.dot(w), rhs, T(2 * om.round<T>(om.B(c.in.W, 1) + om.B(c.in.W, 0))));
}

/// The lambda R part: F_lambda - F_0 = lambda R, grad F_lambda - grad F_0 = lambda grad R,
/// H_lambda D - H_0 D = lambda Hess R D (regularizer.hpp), every kind.
template <class T> void prop_obj_regularizer_split(const Budget& b) {
  ObjCase c = draw_case(b, all_kinds(), false, false);
  c.spec.lambda = *bltest::uniform_in(1, 1001) / 1000.0;
  RC_LOG() << "lambda = " << c.spec.lambda << "\n";
  ObjectiveSpec s0 = c.spec;
  s0.lambda = 0;
  const Instance<T> it = instance_cast<T>(c.in);
  const Objective<T> o1(it, c.spec), o0(it, s0);
  const RowMatrix<double> Dd = draw_direction(c.in.m(), c.in.d(), "D");
  const Vector<T> w = Objective<T>::flatten(it.W), dv = flat<T>(Dd);
  const ObjMags om(c.in, c.spec, c.kind, c.in.W);
  const T lam(c.spec.lambda);
  rc_near("F_lambda - F_0 = lambda R", T(o1.value(w) - o0.value(w)), T(lam * regularizer_value(it.W)),
          T(2 * om.round<T>(om.B(c.in.W, 0))));
  Vector<T> g1, g0, h1, h0;
  o1.gradient(w, g1);
  o0.gradient(w, g0);
  const Vector<T> gr = Objective<T>::flatten(regularizer_gradient(it.W));
  rc_near("grad difference = lambda grad R (along D)", T((g1 - g0).dot(dv)), T(lam * gr.dot(dv)), T(2 * om.round<T>(om.B(Dd, 1))));
  o1.hvp(w, dv, h1);
  o0.hvp(w, dv, h0);
  const Vector<T> hr = Objective<T>::flatten(regularizer_hvp(it.W, castM<T>(Dd)));
  rc_near("HVP difference = lambda Hess R D (along D)", T((h1 - h0).dot(dv)), T(lam * hr.dot(dv)), T(2 * om.round<T>(om.B(Dd, 2))));
}

/// ID-7, Lemma L1 (SPEC §4.2) for the quadratic model with any C^2 loss:
///   Hess L^Q[D,D] - <grad L^Q, W> = (1/n) sum ell''_i <grad f^Q_W(x_i), D>^2 + (2/n) sum ell'_i (f^Q_D - f^Q_W)
/// with <grad f^Q_W(x), D> = [f^Q_{W+D}(x) - f^Q_{W-D}(x)]/2 exactly (f^Q is quadratic), and
/// Appendix A's Hess L^Q[D,D] = (1/n) sum ell'' <grad f^Q, D>^2 + (2/n) sum ell' f^Q_D.
template <class T> void prop_obj_lemma_l1(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.losses = {Loss::square, Loss::logistic};
  ds.activations = all_activations();
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const Objective<T> obj(it, parse_objective("quadratic"));
  const RowMatrix<double> Dd = draw_direction(in.m(), in.d(), "D");
  const RowMatrix<T> Dm = castM<T>(Dd);
  const Vector<T> w = Objective<T>::flatten(it.W), dv = Objective<T>::flatten(Dm);
  Vector<T> g, Hd;
  obj.gradient(w, g);
  obj.hvp(w, dv, Hd);
  const Vector<T> f0 = initial_output(it), fqW = taylor_term(it, it.W, 2), fqD = taylor_term(it, Dm, 2);
  const Vector<T> gp = taylor_term(it, RowMatrix<T>(it.W + Dm), 2), gm = taylor_term(it, RowMatrix<T>(it.W - Dm), 2);
  T rhs = 0, hess = 0;
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    T dl[5];
    loss_derivatives<T>(in.loss, T(f0(i) + fqW(i)), it.y(i), 4, dl);
    const T gdir = (gp(i) - gm(i)) / 2;
    rhs += dl[2] * gdir * gdir + 2 * dl[1] * (fqD(i) - fqW(i));
    hess += dl[2] * gdir * gdir + 2 * dl[1] * fqD(i);
  }
  rhs /= T(double(in.n()));
  hess /= T(double(in.n()));
  const ObjMags om(in, obj.spec(), Kind::quadratic, in.W);
  const double tol = 4 * om.round<T>(om.B(Dd, 2) + om.B(in.W, 1) + om.B(norm_sum_rows(in.W, Dd), 2) + om.B(norm_sum_rows(in.W, Dd), 0));
  rc_near("ID-7 Lemma L1", T(dv.dot(Hd) - g.dot(w)), rhs, T(tol));
  rc_near("Hess L^Q[D,D] (Appendix A)", dv.dot(Hd), hess, T(tol));
}

/// ID-6 through the objective, and ID-8: one sample, squared loss, label y = f0 + f^Q_W - 1 so that
/// ell' = 1, ell'' = 1: then grad F = grad f^Q_W(x) and Hess F = grad f^Q grad f^Q^T + Hess f^Q, so
///   <grad F, W> = 2 f^Q_W(x)                         (Euler)
///   <D, H D> - <grad F, D>^2 = Hess f^Q[D,D] = 2 f^Q_D(x)   (ID-6)
///   E_S <grad F, S D>^2 = m^{-1} sum_r sigma''(t_r)^2 (w_r.x)^2 (d_r.x)^2   (ID-8, brute force over S)
template <class T> void prop_obj_single_sample_quadratic(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.nmax = 1;
  ds.mmax = b.m_enum_max;
  ds.losses = {Loss::square};
  ds.activations = all_activations();
  Instance<double> in = draw_instance(ds);
  in.y(0) = initial_output(in)(0) + taylor_term(in, in.W, 2)(0) - 1.0;
  Instance<T> it = instance_cast<T>(in);
  it.y(0) = initial_output(it)(0) + taylor_term(it, it.W, 2)(0) - T(1);  // ell' = 1 at the precision of T
  const Objective<T> obj(it, parse_objective("quadratic"));
  const RowMatrix<double> Dd = draw_direction(in.m(), in.d(), "D");
  const Vector<T> w = Objective<T>::flatten(it.W), dv = flat<T>(Dd);
  Vector<T> g, Hd;
  obj.gradient(w, g);
  obj.hvp(w, dv, Hd);
  const ObjMags om(in, obj.spec(), Kind::quadratic, in.W);
  const Vector<T> fqW = taylor_term(it, it.W, 2), fqD = taylor_term(it, castM<T>(Dd), 2);
  rc_near("Euler <grad f^Q, W> = 2 f^Q_W", g.dot(w), T(2 * fqW(0)), T(2 * om.round<T>(om.B(in.W, 1))));
  const T gd = g.dot(dv);
  rc_near("ID-6 Hess f^Q[D,D] = 2 f^Q_D", T(dv.dot(Hd) - gd * gd), T(2 * fqD(0)),
          T(2 * om.round<T>(om.B(Dd, 2) + om.B(Dd, 1) * om.B(Dd, 1))));
  // ID-8 by brute force over S
  const RowMatrix<T> G = obj.unflatten(g), Dm = castM<T>(Dd);
  Vector<T> per_row(in.m());
  for (Eigen::Index r = 0; r < in.m(); ++r) per_row(r) = G.row(r).dot(Dm.row(r));
  T acc = 0;
  long P = 0;
  for_each_sign_pattern(int(in.m()), [&](const std::vector<int>& s) {
    T dot = 0;
    for (Eigen::Index r = 0; r < in.m(); ++r) dot += T(s[r]) * per_row(r);
    acc += dot * dot;
    ++P;
  });
  acc /= T(double(P));
  T want = 0;
  for (Eigen::Index r = 0; r < in.m(); ++r) {
    const T t = it.X.row(0).dot(it.W0.row(r));
    const T s2 = activation_derivative<T>(in.activation, t, 2);
    const T uw = it.X.row(0).dot(it.W.row(r)), ud = it.X.row(0).dot(Dm.row(r));
    want += s2 * s2 * uw * uw * ud * ud;
  }
  want /= T(in.m());
  rc_near("ID-8 via the objective gradient", acc, want, T(4 * om.round<T>(om.B(Dd, 1) * om.B(Dd, 1))));
}

/// P5 (ID-5): sign invariance. For a fixed sign matrix S: F(SW) = F(W), grad F(SW) = S grad F(W),
/// H(SW)[SD] = S H(W)[D] for the randomized objective (exact methods), the even Taylor models
/// (quadratic, taylor-4) and R; Monte Carlo with antithetic pairs only for S = -I.
template <class T> void prop_obj_sign_invariance(const Budget& b) {
  const ObjCase c = draw_case(b, {Kind::rand_closed, Kind::rand_enum, Kind::rand_mc, Kind::quadratic, Kind::taylor4}, false);
  const Instance<T> it = instance_cast<T>(c.in);
  const Objective<T> obj(it, c.spec);
  std::vector<int> s = draw_sign_vector(int(c.in.m()));
  if (c.kind == Kind::rand_mc) s.assign(s.size(), -1);
  const RowMatrix<double> Dd = draw_direction(c.in.m(), c.in.d(), "D");
  const Vector<T> w = Objective<T>::flatten(it.W), sw = Objective<T>::flatten(apply_signs(it.W, s));
  const Vector<T> dv = flat<T>(Dd), sdv = Objective<T>::flatten(apply_signs(castM<T>(Dd), s));
  const ObjMags om(c.in, c.spec, c.kind, c.in.W);
  rc_near("F(SW) = F(W)", obj.value(sw), obj.value(w), T(2 * om.round<T>(om.B(c.in.W, 0))));
  Vector<T> g, gs, h, hs;
  obj.gradient(w, g);
  obj.gradient(sw, gs);
  // <grad F(SW), SD> = <S grad F(W), SD> = <grad F(W), D>
  rc_near("grad F(SW) = S grad F(W) (along SD)", gs.dot(sdv), g.dot(dv), T(2 * om.round<T>(om.B(Dd, 1))));
  obj.hvp(w, dv, h);
  obj.hvp(sw, sdv, hs);
  rc_near("H(SW)[SD] = S H(W)[D] (along SD)", sdv.dot(hs), dv.dot(h), T(2 * om.round<T>(om.B(Dd, 2))));
}

/// P5 consequence: W = 0 is stationary for the randomized objective (closed form: exactly 0, ID-5),
/// and Hess L(0)[D,D] = (1/n) sum_i [ell''_i m^{-1} sum_r sigma'(t_ir)^2 (d_r.x_i)^2 + 2 ell'_i f^Q_D(x_i)]
/// with ell at f_W0 (SPEC §3.2 P5) for the exact methods.
template <class T> void prop_obj_zero_is_stationary(const Budget& b) {
  const ObjCase c = draw_case(b, {Kind::rand_closed, Kind::rand_enum, Kind::rand_mc}, false, false);
  const Instance<T> it = instance_cast<T>(c.in);
  const Objective<T> obj(it, c.spec);
  const RowMatrix<double> Z = RowMatrix<double>::Zero(c.in.m(), c.in.d());
  const Vector<T> w0 = flat<T>(Z);
  Vector<T> g;
  obj.gradient(w0, g);
  const ObjMags om(c.in, c.spec, c.kind, Z);
  const RowMatrix<double> Dd = draw_direction(c.in.m(), c.in.d(), "D");
  if (c.kind == Kind::rand_closed) RC_ASSERT(g.cwiseAbs().maxCoeff() == T(0));
  else rc_near("grad L(0) = 0 (along D)", g.dot(flat<T>(Dd)), T(0), T(2 * om.round<T>(om.B(Dd, 1))));
  if (c.kind == Kind::rand_mc) return;  // the sampled signs do not average sigma'^2 exactly
  const Vector<T> dv = flat<T>(Dd);
  Vector<T> h;
  obj.hvp(w0, dv, h);
  const RowMatrix<T> Dm = castM<T>(Dd);
  const Vector<T> f0 = initial_output(it), fqD = taylor_term(it, Dm, 2);
  T want = 0;
  for (Eigen::Index i = 0; i < c.in.n(); ++i) {
    T dl[5];
    loss_derivatives<T>(c.in.loss, f0(i), it.y(i), 4, dl);
    T ntk = 0;
    for (Eigen::Index r = 0; r < c.in.m(); ++r) {
      const T sp = activation_derivative<T>(c.in.activation, T(it.X.row(i).dot(it.W0.row(r))), 1);
      const T dx = it.X.row(i).dot(Dm.row(r));
      ntk += sp * sp * dx * dx;
    }
    want += dl[2] * ntk / T(c.in.m()) + 2 * dl[1] * fqD(i);
  }
  want /= T(double(c.in.n()));
  rc_near("Hess L(0)[D,D] (P5)", dv.dot(h), want, T(4 * om.round<T>(om.B(Dd, 2))));
}

/// Methods agree: randomized closed form = enumeration for the squared loss (value, gradient, HVP);
/// taylor-2 = quadratic (the same objective: identical results). Monte Carlo with K antithetic
/// pairs, checked by distribution-free facts about the pair values P(s) = (1/n) sum_i
/// [ell(f_s(x_i)) + ell(f_{-s}(x_i))]/2 + lambda R, whose range [Pmin, Pmax] we get by enumeration:
///   - the estimate is an average of pair values: Pmin <= MC <= Pmax;
///   - Hoeffding: |MC - L| <= (Pmax - Pmin) sqrt(ln(2/delta)/(2K)) except with probability delta = 1e-9;
///   - the standard error of K values in a range R is at most R/(2 sqrt(K-1)) (Popoviciu).
/// (A "6 standard errors" test is not valid here: pair values can be extremely skewed, e.g. one
/// pattern in 256 carrying the whole variance, and then the sample standard error of K = 64 draws is
/// usually 0.)
template <class T> void prop_obj_methods_agree(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.mmax = b.m_enum_max;
  ds.activations = all_activations();
  ds.losses = {Loss::square, Loss::logistic, Loss::huber};
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const double lambda = *bltest::uniform_in(0, 2) ? 0.0 : 0.01;
  auto mk = [&](Kind k) {
    ObjectiveSpec s = spec_for(k);
    s.lambda = lambda;
    return s;
  };
  const RowMatrix<double> Dd = draw_direction(in.m(), in.d(), "D");
  const Vector<T> w = Objective<T>::flatten(it.W), dv = flat<T>(Dd);
  const Objective<T> en(it, mk(Kind::rand_enum));
  const ObjMags om(in, mk(Kind::rand_enum), Kind::rand_enum, in.W);
  if (in.loss == Loss::square) {
    const Objective<T> cf(it, mk(Kind::rand_closed));
    const ObjMags oc(in, mk(Kind::rand_closed), Kind::rand_closed, in.W);
    rc_near("closed form = enumeration: value", cf.value(w), en.value(w), T(2 * om.round<T>(om.B(in.W, 0) + oc.B(in.W, 0))));
    Vector<T> g1, g2, h1, h2;
    cf.gradient(w, g1);
    en.gradient(w, g2);
    rc_near("closed form = enumeration: gradient (along D)", g1.dot(dv), g2.dot(dv), T(2 * om.round<T>(om.B(Dd, 1) + oc.B(Dd, 1))));
    cf.hvp(w, dv, h1);
    en.hvp(w, dv, h2);
    rc_near("closed form = enumeration: HVP (along D)", h1.dot(dv), h2.dot(dv), T(2 * om.round<T>(om.B(Dd, 2) + oc.B(Dd, 2))));
  }
  {
    const Objective<T> q(it, mk(Kind::quadratic)), t2(it, mk(Kind::taylor2));
    RC_ASSERT(q.value(w) == t2.value(w));
    Vector<T> g1, g2, h1, h2;
    q.gradient(w, g1);
    t2.gradient(w, g2);
    RC_ASSERT(g1 == g2);
    q.hvp(w, dv, h1);
    t2.hvp(w, dv, h2);
    RC_ASSERT(h1 == h2);
    RC_ASSERT(objective_name(parse_objective("taylor-2")) == "quadratic");
    RC_ASSERT(objective_name(parse_objective("taylor-1")) == "ntk");
  }
  {
    ObjectiveSpec s = mk(Kind::rand_mc);
    s.mc_pairs = *bltest::uniform_in(2, 257);
    s.seed = *bltest::uniform_in<std::uint64_t>(1, 1u << 30);
    RC_LOG() << "mc_pairs " << s.mc_pairs << " seed " << s.seed << "\n";
    const Objective<T> mc(it, s);
    const ValueWithError<T> ve = mc.value_with_error(w);
    const Brute<T> bf = brute_force(it);
    const T lamR = T(lambda) * regularizer_value(it.W);
    T pmin = T(1e300), pmax = T(-1e300);
    const std::size_t P = bf.f.size();
    std::vector<std::size_t> at(P);  // position of each bit pattern
    for (std::size_t p = 0; p < P; ++p) at[std::size_t(bf.bits[p])] = p;
    for (std::size_t p = 0; p < P; ++p) {
      const std::size_t q = at[std::size_t((long(P) - 1) ^ bf.bits[p])];  // the negated pattern
      T v = 0;
      for (Eigen::Index i = 0; i < in.n(); ++i)
        v += (loss_value<T>(in.loss, bf.f[p](i), it.y(i)) + loss_value<T>(in.loss, bf.f[q](i), it.y(i))) / 2;
      v = v / T(double(in.n())) + lamR;
      using std::max;
      using std::min;
      pmin = min(pmin, v);
      pmax = max(pmax, v);
    }
    const double r = 2 * om.round<T>(om.B(in.W, 0)), range = D(T(pmax - pmin)), K = double(s.mc_pairs);
    rc_le("Monte Carlo >= smallest pair value", pmin, ve.value, T(r));
    rc_le("Monte Carlo <= largest pair value", ve.value, pmax, T(r));
    rc_near("Monte Carlo vs exact (Hoeffding, delta = 1e-9)", ve.value, en.value(w),
            T(range * std::sqrt(std::log(2e9) / (2 * K)) + 2 * r));
    RC_ASSERT(ve.stderr_ >= T(0));
    // In T, not double: at K = 2 with the two extreme pairs drawn this is an equality, so a
    // right-hand side rounded to double can fall below lhs by half an ulp of double.
    using std::sqrt;
    rc_le("standard error <= range / (2 sqrt(K - 1))", ve.stderr_, T((pmax - pmin) / (2 * sqrt(T(K - 1)))), T(r));
  }
}

/// ID-12: E_Sigma G_Sigma(W) = grad L(W), averaging stochastic_gradient over all 2^m patterns,
/// against the objective's exact gradient (enumeration, or closed form for the squared loss).
/// Tolerance: both are averages of the same per-pattern gradients: 2 round(B1) along D.
template <class T> void prop_obj_stochastic_gradient_unbiased(const Budget& b) {
  DrawSpec ds = spec_from(b);
  ds.mmax = b.m_enum_max;
  ds.activations = all_activations();
  ds.losses = {Loss::square, Loss::logistic, Loss::huber, Loss::absolute};
  const Instance<double> in = draw_instance(ds);
  const Instance<T> it = instance_cast<T>(in);
  const Kind k = in.loss == Loss::square && *bltest::uniform_in(0, 2) ? Kind::rand_closed : Kind::rand_enum;
  RC_LOG() << "reference " << kind_name(k) << "\n";
  const Objective<T> obj(it, spec_for(k));
  const Vector<T> w = Objective<T>::flatten(it.W);
  Vector<T> g;
  obj.gradient(w, g);
  RowMatrix<T> acc = RowMatrix<T>::Zero(in.m(), in.d());
  long P = 0;
  for_each_sign_pattern(int(in.m()), [&](const std::vector<int>& s) {
    acc += stochastic_gradient(it, it.W, s);
    ++P;
  });
  acc /= T(double(P));
  const RowMatrix<double> Dd = draw_direction(in.m(), in.d(), "D");
  const ObjMags om(in, spec_for(k), k, in.W);
  const RowMatrix<T> G = obj.unflatten(g);
  rc_near("ID-12 E G_Sigma = grad L (along D)", T(acc.cwiseProduct(castM<T>(Dd)).sum()), T(G.cwiseProduct(castM<T>(Dd)).sum()),
          T(4 * om.round<T>(om.B(Dd, 1))));
  // and along W itself: the radial derivative (SPEC §4.1 (C2))
  rc_near("ID-12 along W", T(acc.cwiseProduct(it.W).sum()), T(G.cwiseProduct(it.W).sum()), T(4 * om.round<T>(om.B(in.W, 1))));
}

}  // namespace bltest
