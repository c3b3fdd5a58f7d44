// Theorem L chain (theorem_l.hpp; SPEC §4.2).

#include "theorem_l.hpp"

#include "chain_util.hpp"
#include "interval_ldlt.hpp"
#include "reference.hpp"

#include <beyondlin/rng.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

namespace beyondlin::proofs {
namespace {

/// lambda_min estimate at 50 digits (library) for the interval run.
IntervalEnd lambda_min_estimate_mp50(const Instance<double>& inst, const RowMatrix<double>& W, double lambda) {
  const QuadModel<scalar_mp50> qm(inst);
  const Reference<scalar_mp50> ref(inst, qm, lambda);
  const scalar_mp50 v = ref.min_eigenvalue(RowMatrix<scalar_mp50>(W.cast<scalar_mp50>()));
  return IntervalEnd(v);  // 168-bit to 168-bit: exact
}

template <class T>
ProofRun tl_chain(const Instance<double>& inst, const RowMatrix<double>& Wsd, double lambda, ProofPrecision prec,
                  const ProofOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  detail::require_shape(inst.W, inst.m(), inst.d(), "theorem_l_run", "inst.W");
  detail::require_shape(Wsd, inst.m(), inst.d(), "theorem_l_run", "W*");
  if (!(lambda >= 0) || !std::isfinite(lambda)) throw std::invalid_argument("theorem_l_run: lambda must be >= 0");
  ProofRun run;
  run.lemma = "Theorem L";
  run.instance = opt.label;
  run.precision = precision_label(prec);
  const QuadModel<T> qm(inst);
  const Reference<T> refF(inst, qm, lambda), refL(inst, qm, 0.0);
  using Ref = Reference<T>;
  const std::string src = Ref::source();
  const RowMatrix<T> W = inst.W.cast<T>(), Ws = Wsd.cast<T>();
  const Eigen::Index n = qm.n, m = qm.m;
  const T lam = T(lambda), mT = T(static_cast<double>(m)), inv_n = T(T(1) / T(static_cast<double>(n)));

  // measured stationarity
  const RowMatrix<T> gF = refF.gradient(W);
  const T eps_g = sqrt_of(frobenius_sq(gF));
  T lam_min = T(0);     // float: the eigenvalue; interval: the certified theta (point interval)
  bool theta_certified = true;
  T eps_H = T(0);
  if constexpr (is_interval_v<T>) {
    const Matrix<T> H = refF.dense(W);
    Accumulator<T> hf;
    for (Eigen::Index i = 0; i < H.rows(); ++i)
      for (Eigen::Index j = 0; j < H.cols(); ++j) hf.add(sqr(H(i, j)));
    {  // the dense entries against the HVP formulas (an independent evaluation path), column by column
      std::vector<T> lhs, rhs, sc;
      std::vector<std::string> where;
      const T hnorm = sqrt_of(hf.value());
      for (Eigen::Index k = 0; k < H.cols(); ++k) {
        RowMatrix<T> E = RowMatrix<T>::Zero(m, qm.d);
        E(k / qm.d, k % qm.d) = T(1);
        const RowMatrix<T> col = refF.hvp(W, E);
        for (Eigen::Index p = 0; p < H.rows(); ++p) {
          lhs.push_back(H(p, k));
          rhs.push_back(col(p / qm.d, p % qm.d));
          sc.push_back(hnorm);
        }
      }
      const Eigen::Index N = H.rows();
      run.steps.push_back(detail::worst_of<T>(
          true, {"TL.0 dense Hessian = HVP formulas", "H[p,k] (dense formulas)", "(Hess F e_k)[p] (HVP formulas)",
                 "both in MPFI: App. A + §3.3 entries vs the HVP formulas applied to unit vectors; scale ||H||_F"},
          lhs, rhs, sc, [N](std::size_t idx) {
            return "entry (" + std::to_string(idx % static_cast<std::size_t>(N)) + ", " +
                   std::to_string(idx / static_cast<std::size_t>(N)) + ")";
          }));
    }
    const IntervalEnd est = lambda_min_estimate_mp50(inst, inst.W, lambda);
    const MinEigenvalueBound mb = certify_min_eigenvalue_lower_bound(H, est, upper_end(sqrt_of(hf.value())));
    ProofStep s;
    s.name = "TL.0 certified lower bound of lambda_min";
    s.relation = "<=";
    s.lhs_text = "theta";
    s.rhs_text = "lambda_min(Hess F(W))";
    s.source = "interval LDL^T of H - theta I, H = formula Hessian of F in MPFI (" +
               std::to_string(mb.attempts) + " attempt(s)); lambda_min estimate from the 50-digit library eigensolver";
    s.lhs = mb.theta_double;
    s.rhs = mpfr_get_d(est.backend().data(), MPFR_RNDN);
    s.certified = mb.proved;  // the ends below mean "lambda_min in (theta, +inf)" only when proved
    s.lhs_lo = s.lhs_hi = mb.theta_double;
    s.rhs_lo = mb.theta_double;
    s.rhs_hi = std::numeric_limits<double>::infinity();
    s.scale = std::max(std::abs(s.rhs), 1e-300);
    s.error = -mb.shift / s.scale;
    s.margin = -s.error;
    s.tolerance = 0;
    // a failed factorization is no violation (it does not prove indefiniteness): theta <= estimate
    // holds by construction, so the step HOLDS uncertified, and every later step is downgraded below
    s.status = mb.proved ? "PROVED" : "HOLDS";
    if (!mb.proved)
      s.where = "not certified: no factorization succeeded (first failed pivot " +
                std::to_string(mb.certificate.failed_pivot) + ")";
    else
      s.where = "smallest pivot lower end " + shortest_decimal(mb.certificate.min_pivot_lo);
    run.steps.push_back(s);
    theta_certified = mb.proved;
    lam_min = T(mb.theta);
    eps_H = lower_end(lam_min) < 0 ? T(-lam_min) : T(0);
    run.quantities.push_back({"lambda_min estimate (50 digits)", s.rhs});
    run.quantities.push_back({"theta (certified lower bound)", mb.theta_double});
  } else {
    const Matrix<T> Hlib = refF.dense(W);
    Matrix<T> Hf = quadratic_hessian(qm, W);
    if (lambda != 0) Hf += lam * reg_hessian(W);
    const T dH = T((Hlib - Hf).norm()), nH = T(Hlib.norm());
    detail::push(run, identity_step<T>({"TL.0 formula Hessian = library Hessian", "||H_library - H_formula||_F", "0",
                                        "library dense_hessian (md HVPs) vs Appendix A + §3.3 formulas; scale ||H||_F"},
                                       dH, T(0), nH));
    lam_min = refF.min_eigenvalue(W);
    eps_H = lam_min < T(0) ? T(-lam_min) : T(0);
    run.quantities.push_back({"lambda_min", display(lam_min)});
  }

  // sign averages (reference) and closed forms
  const SignAverage method = detail::choose_sign_average(m, opt);
  const Matrix<T> U = projections(qm, W), Q = projections(qm, Ws);
  const Vector<T> fqW = refL.quadratic_term_of(W), fqS = refL.quadratic_term_of(Ws);
  const Matrix<T> L = loss_at(qm, quadratic_term(qm, U));
  Accumulator<T> AL_closed;
  for (Eigen::Index i = 0; i < n; ++i) {
    Accumulator<T> e;
    for (Eigen::Index r = 0; r < m; ++r)
      e.add(T(square_of(qm.s2(i, r)) * square_of(U(i, r)) * square_of(Q(i, r))));
    AL_closed.add(T(L(i, 2) * e.value() / mT + T(2) * L(i, 1) * fqS(i)));
  }
  const T AR_closed = Ref::reg_sign_averaged_of(W, Ws);
  T AF, AL, AR = AR_closed;
  std::string A_src;
  if (method != SignAverage::none) {
    AF = sign_average<T>(Ws, method, [&](const RowMatrix<T>& D) { return refF.curvature(W, D); });
    AL = sign_average<T>(Ws, method, [&](const RowMatrix<T>& D) { return refL.curvature(W, D); });
    A_src = src + ", " + sign_average_text(method);
  } else {
    AL = T(AL_closed.value() * inv_n);
    AF = T(AL + lam * AR);
    A_src = "closed forms (m > per_row_max_m)";
  }
  const T GF = frobenius_dot(gF, W), GL = frobenius_dot(refL.gradient(W), W);
  const T GR = frobenius_dot(Ref::reg_gradient_of(W), W);
  const T WsF2 = frobenius_sq(Ws), WF = sqrt_of(frobenius_sq(W));

  // TL.i
  const std::string lam_text = is_interval_v<T> ? "theta" : "lambda_min";
  detail::push(run, at_most_step<T>({"TL.i Rayleigh quotient along SW*", lam_text + " ||W*||_F^2",
                                     "E_S Hess F(W)[SW*,SW*]", "right: " + A_src},
                                    T(lam_min * WsF2), AF));
  detail::push(run, at_most_step<T>({"TL.i SOSP curvature condition", "-eps_H ||W*||_F^2", "E_S Hess F(W)[SW*,SW*]",
                                     "eps_H = max(0, -" + lam_text + "); right: " + A_src},
                                    T(T(0) - eps_H * WsF2), AF));
  // TL.ii
  detail::push(run, at_most_step<T>({"TL.ii Cauchy-Schwarz", "<grad F(W), W>", "eps_g ||W||_F",
                                     "eps_g = ||grad F(W)||_F, gradient from " + src},
                                    GF, T(eps_g * WF)));
  // TL.iii
  const T L2c = loss_second_bound<T>(qm.loss), C2sq = activation_c2_squared<T>(qm.act);
  const T Bx = input_norm_max(qm.X), Bx4 = square_of(square_of(Bx));
  const T a = Ref::norm24(W), b = Ref::norm24(Ws);
  const T a2 = square_of(a), b2 = square_of(b), a6 = T(a2 * a2 * a2), a8 = T(a6 * a2), b8 = square_of(square_of(b2));
  const T LQW = refL.data_value(W), LQS = refL.data_value(Ws);
  const T termL = T(L2c * C2sq * Bx4 * a2 * b2 / mT), termR = T(T(56) * a6 * b2 - T(8) * a8);
  detail::push(run, at_most_step<T>({"TL.iii.a Lemma L2 at W", "E_S Hess L^Q[SW*,SW*] - <grad L^Q(W), W>",
                                     "2 (L^Q(W*) - L^Q(W)) + L2 C2^2 B_x^4 a^2 b^2 / m", "left: " + A_src},
                                    T(AL - GL), T(T(2) * (LQS - LQW) + termL), T(T(2) * abs_of(T(LQS - LQW)) + termL)));
  detail::push(run, at_most_step<T>({"TL.iii.b Lemma L3 at W", "E_S Hess R[SW*,SW*] - <grad R(W), W>",
                                     "56 a^6 b^2 - 8 a^8", "left: " + src + " closed form; scale 56 a^6 b^2 + 8 a^8"},
                                    T(AR - GR), termR, T(T(56) * a6 * b2 + T(8) * a8)));
  detail::push(run, identity_step<T>({"TL.iii.c F = L^Q + lambda R", "E_S Hess F[SW*,SW*] - <grad F(W), W>",
                                      "(A_L - G_L) + lambda (A_R - G_R)",
                                      "left: F from " + src + "; right: L^Q and R separately; scale sum of |terms|"},
                                     T(AF - GF), T(AL - GL + lam * (AR - GR)),
                                     T(abs_of(AL) + abs_of(GL) + lam * (abs_of(AR) + abs_of(GR)))));
  const T rhs_d = T(termL + lam * termR + eps_H * WsF2 + eps_g * WF);
  detail::push(run, at_most_step<T>({"TL.iii.d combined", "2 (L^Q(W) - L^Q(W*))",
                                     "L2 C2^2 B_x^4 a^2 b^2/m + lambda (56 a^6 b^2 - 8 a^8) + eps_H ||W*||_F^2 + eps_g ||W||_F",
                                     "TL.i, TL.ii, TL.iii.a-c; scale 2 (L^Q(W) + L^Q(W*)) + |right|"},
                                    T(T(2) * (LQW - LQS)), rhs_d, T(T(2) * (abs_of(LQW) + abs_of(LQS)) + abs_of(rhs_d))));
  // TL.iv
  const T sqm = sqrt_of(mT);
  detail::push(run, at_most_step<T>({"TL.iv mixed norms", "||W*||_F^2", "sqrt(m) ||W*||_{2,4}^2", "SPEC §1.4"}, WsF2,
                                    T(sqm * b2)));
  // TL.v
  const T errT = T(termL / T(2) + eps_H * sqm * b2 / T(2) + eps_g * WF / T(2));
  const T bound1 = T(LQS + errT + lam / T(2) * termR);
  detail::push(run, at_most_step<T>({"TL.v Theorem L (first line)", "L^Q(W)",
                                     "L^Q(W*) + L2 C2^2 B_x^4 a^2 B*^2/(2m) + (lambda/2)(56 a^6 B*^2 - 8 a^8) + "
                                     "eps_H sqrt(m) B*^2/2 + eps_g ||W||_F/2",
                                     "B* = ||W*||_{2,4}; scale |L^Q(W)| + |right|"},
                                    LQW, bound1, T(abs_of(LQW) + abs_of(bound1))));
  // TL.vi
  const T C64 = T(T(64827) / T(64));
  detail::push(run, at_most_step<T>({"TL.vi regularizer term", "(lambda/2)(56 a^6 b^2 - 8 a^8)",
                                     "(64827/64) lambda b^8", "Lemma L3.l; scale (lambda/2)(56 a^6 b^2 + 8 a^8) + right"},
                                    T(lam / T(2) * termR), T(C64 * lam * b8),
                                    T(lam / T(2) * (T(56) * a6 * b2 + T(8) * a8) + C64 * lam * b8)));
  detail::push(run, at_most_step<T>({"TL.vi constant", "64827/64", "1013", "exact rationals"}, C64, T(1013)));
  // TL.vii
  const T bound2 = T(LQS + errT + T(1013) * lam * b8);
  detail::push(run, at_most_step<T>({"TL.vii Theorem L (second line)", "L^Q(W)",
                                     "L^Q(W*) + L2 C2^2 B_x^4 a^2 B*^2/(2m) + 1013 lambda B*^8 + eps_H sqrt(m) B*^2/2 + "
                                     "eps_g ||W||_F/2",
                                     "OPT(B*) <= L^Q(W*); scale |L^Q(W)| + |right|"},
                                    LQW, bound2, T(abs_of(LQW) + abs_of(bound2))));
  // TL.viii
  if (lambda > 0) {
    const T x = T((LQS + errT) / (T(2) * lam));
    const T root8 = sqrt_of(sqrt_of(sqrt_of(x)));
    const T nb = max_of(T(sqrt_of(T(14)) * b), root8);
    detail::push(run, at_most_step<T>({"TL.viii norm control", "||W||_{2,4}",
                                       "max(sqrt(14) B*, ((L^Q(W*) + T)/(2 lambda))^{1/8})", "TL.iii.d with L^Q >= 0"},
                                      a, nb));
  } else {
    run.notes.push_back("TL.viii (norm control) needs lambda > 0");
  }

  if (!theta_certified) {  // eps_H is not certified: nothing after TL.0 may claim PROVED
    bool after = false;
    for (ProofStep& st : run.steps) {
      if (after && st.status == "PROVED") {
        st.status = "HOLDS";
        st.where = st.where.empty() ? "uses the uncertified theta" : st.where + "; uses the uncertified theta";
      }
      after = after || st.name == "TL.0 certified lower bound of lambda_min";
    }
    run.notes.push_back("lambda_min could not be certified: the steps that use eps_H are reported HOLDS, not PROVED");
  }
  run.quantities.push_back({"eps_g", display(eps_g)});
  run.quantities.push_back({"eps_H", display(eps_H)});
  run.quantities.push_back({"lambda", lambda});
  run.quantities.push_back({"L^Q(W)", display(LQW)});
  run.quantities.push_back({"L^Q(W*)", display(LQS)});
  run.quantities.push_back({"||W||_{2,4}", display(a)});
  run.quantities.push_back({"||W*||_{2,4}", display(b)});
  run.quantities.push_back({"||W||_F", display(WF)});
  run.quantities.push_back({"B_x", display(Bx)});
  run.quantities.push_back({"E_S Hess F(W)[SW*,SW*]", display(AF)});
  run.quantities.push_back({"bound (first line)", display(bound1)});
  run.quantities.push_back({"bound (second line)", display(bound2)});
  finalize_run(run);
  run.elapsed_s = detail::seconds_since(t0);
  return run;
}

}  // namespace

ProofRun theorem_l_run(const Instance<double>& inst, const RowMatrix<double>& W_star, double lambda,
                       ProofPrecision precision, const ProofOptions& options) {
  return detail::dispatch_precision(precision, [&](auto tag) {
    using T = decltype(tag);
    return tl_chain<T>(inst, W_star, lambda, precision, options);
  });
}

DescentResult gradient_descent_quadratic(const Instance<double>& inst, const DescentOptions& o) {
  if (!(o.step > 0) || o.max_steps < 0 || !(o.lambda >= 0))
    throw std::invalid_argument("gradient_descent_quadratic: step > 0, max_steps >= 0 and lambda >= 0 required");
  ObjectiveSpec spec;
  spec.kind = ObjectiveKind::taylor;
  spec.order = 2;
  spec.lambda = o.lambda;
  const Objective<double> obj(inst, spec);
  Rng rng(o.seed);
  Vector<double> w(obj.dim());
  for (Eigen::Index k = 0; k < w.size(); ++k) w(k) = o.init_scale * rng.normal();
  Vector<double> g, wn, gn;
  double f = obj.gradient(w, g), eta = o.step;
  DescentResult res;
  int k = 0;
  for (; k < o.max_steps && g.norm() > o.gradient_tol; ++k) {
    wn = w - eta * g;
    const double fn = obj.gradient(wn, gn);
    if (!(fn <= f)) {  // step too long: halve and retry (no move)
      eta /= 2;
      if (eta < 1e-12) break;
      continue;
    }
    w.swap(wn);
    g.swap(gn);
    f = fn;
  }
  res.W = obj.unflatten(w);
  res.steps = k;
  res.gradient_norm = g.norm();
  res.value = f;
  res.step = eta;
  return res;
}

TheoremLSetup theorem_l_planted_setup(std::uint64_t seed, int d, int m, int n, const DescentOptions& descent) {
  InstanceOptions o;
  o.d = d;
  o.m = m;
  o.n = n;
  o.activation = Activation::sincos;
  o.loss = Loss::square;
  o.init = Init::symmetric;
  o.movement = "zero";
  o.target = "planted";
  o.seed = seed;
  TheoremLSetup s;
  s.instance = generate_instance(o);
  if (s.instance.W_star.rows() != m || s.instance.W_star.cols() != d)
    throw std::logic_error("theorem_l_planted_setup: the planted generator did not set Instance::W_star");
  s.lambda = descent.lambda;
  s.descent = gradient_descent_quadratic(s.instance, descent);
  s.instance.W = s.descent.W;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "planted seed %llu: d=%d m=%d n=%d sincos square symmetric; W = GD end point (%d steps, lambda=%g, "
                "||grad F|| = %.3g); W* = planted",
                static_cast<unsigned long long>(seed), d, m, n, s.descent.steps, descent.lambda,
                s.descent.gradient_norm);
  s.label = buf;
  return s;
}

}  // namespace beyondlin::proofs
