// Lemma L2 chain (lemma_l2.hpp; SPEC §4.2).

#include "lemma_l2.hpp"

#include "chain_util.hpp"
#include "reference.hpp"

#include <beyondlin/rng.hpp>

namespace beyondlin::proofs {
namespace {

/// The sign patterns of step L2.b: all 2^m when m <= 6, else 32 pseudo-random ones (fixed seed:
/// the identity holds for every pattern, so any are examples).
std::vector<std::vector<int>> l2b_patterns(int m) {
  std::vector<std::vector<int>> out;
  if (m <= 6) {
    for_each_sign_pattern(m, [&](const std::vector<int>& s) { out.push_back(s); });
  } else {
    Rng rng(0x5eed12ULL + static_cast<std::uint64_t>(m));
    for (int k = 0; k < 32; ++k) out.push_back(draw_signs(rng, m));
  }
  return out;
}

template <class T>
ProofRun l2_chain(const Instance<double>& inst, const RowMatrix<double>& Wsd, ProofPrecision prec,
                  const ProofOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  detail::require_shape(inst.W, inst.m(), inst.d(), "lemma_l2_run", "inst.W");
  detail::require_shape(Wsd, inst.m(), inst.d(), "lemma_l2_run", "W*");
  ProofRun run;
  run.lemma = "L2";
  run.instance = opt.label;
  run.precision = precision_label(prec);
  const QuadModel<T> qm(inst);
  const Reference<T> ref(inst, qm, 0.0);
  const std::string src = Reference<T>::source();
  const RowMatrix<T> W = inst.W.cast<T>(), Ws = Wsd.cast<T>();
  const Eigen::Index n = qm.n, m = qm.m;
  const Matrix<T> U = projections(qm, W), Q = projections(qm, Ws);
  const Vector<T> fqW = ref.quadratic_term_of(W), fqS = ref.quadratic_term_of(Ws);
  const Vector<T> SQW = quadratic_term_magnitude(qm, U), SQS = quadratic_term_magnitude(qm, Q);
  const Matrix<T> L = loss_at(qm, quadratic_term(qm, U)), LS = loss_at(qm, quadratic_term(qm, Q));
  const T inv_n = T(T(1) / T(static_cast<double>(n))), mT = T(static_cast<double>(m));
  const SignAverage method = detail::choose_sign_average(m, opt);
  auto sample = [](std::size_t k) { return "sample " + std::to_string(k); };

  // closed form E_i, its terms B_ir = c u q (so E_i = sum_r B_ir^2) and the natural magnitude (sum |B|)^2
  Matrix<T> B(n, m);
  std::vector<T> E(n), Emag(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    Accumulator<T> e, ea;
    for (Eigen::Index r = 0; r < m; ++r) {
      B(i, r) = T(qm.c(i, r) * U(i, r) * Q(i, r));
      e.add(T(square_of(qm.s2(i, r)) * square_of(U(i, r)) * square_of(Q(i, r))));
      ea.add(abs_of(B(i, r)));
    }
    E[i] = T(e.value() / mT);
    Emag[i] = square_of(ea.value());
  }

  // L2.a
  if (method == SignAverage::enumeration) {
    std::vector<Accumulator<T>> acc(static_cast<std::size_t>(n));
    long count = 0;
    for_each_sign_pattern(static_cast<int>(m), [&](const std::vector<int>& s) {
      for (Eigen::Index i = 0; i < n; ++i) {
        Accumulator<T> j;
        for (Eigen::Index r = 0; r < m; ++r) j.add(s[static_cast<std::size_t>(r)] < 0 ? T(-B(i, r)) : B(i, r));
        acc[static_cast<std::size_t>(i)].add(square_of(j.value()));
      }
      ++count;
    });
    std::vector<T> lhs(n);
    for (Eigen::Index i = 0; i < n; ++i) lhs[i] = T(acc[i].value() / T(static_cast<double>(count)));
    run.steps.push_back(detail::worst_of<T>(
        true, {"L2.a sign average of <grad f^Q_W(x), SW*>^2", "E_S <grad f^Q_W(x_i), SW*>^2",
               "(1/m) sum_r sigma''(t_ir)^2 u_ir^2 q_ir^2", "left: enumeration over all 2^m sign patterns"},
        lhs, E, Emag, sample));
  } else {
    run.notes.push_back("L2.a skipped: m = " + std::to_string(m) + " > enumerate_max_m (2^m patterns)");
  }

  // L2.b
  {
    const std::vector<std::vector<int>> pats = l2b_patterns(static_cast<int>(m));
    std::vector<T> lhs, rhs, sc;
    std::vector<std::string> labels;
    for (std::size_t k = 0; k < pats.size(); ++k) {
      const Vector<T> f = ref.quadratic_term_of(flip_rows(Ws, pats[k]));
      for (Eigen::Index i = 0; i < n; ++i) {
        lhs.push_back(f(i));
        rhs.push_back(fqS(i));
        sc.push_back(SQS(i));
        labels.push_back("pattern " + std::to_string(k) + ", sample " + std::to_string(i));
      }
    }
    run.steps.push_back(detail::worst_of<T>(
        true, {"L2.b sign invariance of f^Q", "f^Q_{SW*}(x_i)", "f^Q_{W*}(x_i)",
               std::string(m <= 6 ? "all 2^m patterns" : "32 pseudo-random patterns") +
                   "; both sides " + src},
        lhs, rhs, sc, [&](std::size_t k) { return labels[k]; }));
  }

  // closed-form right side of L2.c and its magnitude
  Accumulator<T> curv, curv_s, l2e, l2e_s, rad, rad_s, conv_l, lpp_E;
  for (Eigen::Index i = 0; i < n; ++i) {
    curv.add(T(L(i, 2) * E[i] + T(2) * L(i, 1) * fqS(i)));
    curv_s.add(T(abs_of(L(i, 2)) * Emag[i] + T(2) * abs_of(L(i, 1)) * SQS(i)));
    l2e.add(T(L(i, 2) * E[i] + T(2) * L(i, 1) * (fqS(i) - fqW(i))));
    l2e_s.add(T(abs_of(L(i, 2)) * Emag[i] + T(2) * abs_of(L(i, 1)) * (SQS(i) + SQW(i))));
    rad.add(T(T(2) * L(i, 1) * fqW(i)));
    rad_s.add(T(T(2) * abs_of(L(i, 1)) * SQW(i)));
    conv_l.add(T(T(2) * L(i, 1) * (fqS(i) - fqW(i))));
    lpp_E.add(T(L(i, 2) * E[i]));
  }
  const T curv_formula = T(curv.value() * inv_n);

  // L2.c
  T A = curv_formula;
  std::string A_src = "closed form (m > per_row_max_m)";
  if (method != SignAverage::none) {
    A = sign_average<T>(Ws, method, [&](const RowMatrix<T>& D) { return ref.curvature(W, D); });
    A_src = std::string(src) + ", " + sign_average_text(method);
    detail::push(run, identity_step<T>({"L2.c sign-averaged curvature (L1 + L2.a + L2.b)", "E_S Hess L^Q(W)[SW*,SW*]",
                                        "(1/n) sum_i l''_i E_i + (2/n) sum_i l'_i f^Q_W*(x_i)", "left: " + A_src},
                                       A, curv_formula, T(curv_s.value() * inv_n)));
  } else {
    run.notes.push_back("L2.c skipped: m = " + std::to_string(m) +
                        " > per_row_max_m; E_S Hess L^Q[SW*,SW*] taken from the closed form in L2.e and L2.n");
  }

  // L2.d
  const T G = frobenius_dot(ref.gradient(W), W);
  detail::push(run, identity_step<T>({"L2.d radial derivative (Euler)", "<grad L^Q(W), W>",
                                      "(2/n) sum_i l'_i f^Q_W(x_i)", "left: " + src},
                                     G, T(rad.value() * inv_n), T(rad_s.value() * inv_n)));

  // L2.e
  if (method != SignAverage::none)
    detail::push(run, identity_step<T>({"L2.e L1 averaged over S", "E_S Hess L^Q(W)[SW*,SW*] - <grad L^Q(W), W>",
                                        "(1/n) sum_i l''_i E_i + (2/n) sum_i l'_i (f^Q_W* - f^Q_W)(x_i)",
                                        "left: " + A_src + " and the gradient"},
                                       T(A - G), T(l2e.value() * inv_n), T(l2e_s.value() * inv_n)));

  // L2.f convexity per sample
  {
    std::vector<T> lhs(n), rhs(n), sc(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      lhs[i] = T(L(i, 1) * (fqS(i) - fqW(i)));
      rhs[i] = T(LS(i, 0) - L(i, 0));
      sc[i] = T(abs_of(LS(i, 0)) + abs_of(L(i, 0)));
    }
    run.steps.push_back(detail::worst_of<T>(false,
                                            {"L2.f convexity (per sample)", "l'(F_W(x_i)) (f^Q_W* - f^Q_W)(x_i)",
                                             "l(F_W*(x_i)) - l(F_W(x_i))",
                                             "loss derivatives (library / intervals); scale |l(F_W*)| + |l(F_W)|"},
                                            lhs, rhs, sc, sample));
  }
  // L2.g
  const T LQW = ref.data_value(W), LQS = ref.data_value(Ws);
  detail::push(run, at_most_step<T>({"L2.g convexity (average)", "(2/n) sum_i l'_i (f^Q_W* - f^Q_W)(x_i)",
                                     "2 (L^Q(W*) - L^Q(W))", "right: " + src + " (data value)"},
                                    T(conv_l.value() * inv_n), T(T(2) * (LQS - LQW)),
                                    T(T(2) * (abs_of(LQS) + abs_of(LQW)))));

  // L2.h
  const T L2c = loss_second_bound<T>(qm.loss), C2sq = activation_c2_squared<T>(qm.act);
  {
    std::vector<T> lhs(n), rhs(n, L2c);
    for (Eigen::Index i = 0; i < n; ++i) lhs[i] = L(i, 2);
    run.steps.push_back(detail::worst_of<T>(false, {"L2.h l'' <= L2", "l''(F_W(x_i))", "L2", "SPEC §1.1 (L3)"}, lhs,
                                            rhs, {}, sample));
  }
  // L2.i, L2.j
  const Vector<T> qW = row_squares(W), qS = row_squares(Ws);
  const T Bx = input_norm_max(qm.X);
  {
    std::vector<T> s2l, s2r, ul, ur, ql, qr;
    s2l.reserve(n * m);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index r = 0; r < m; ++r) {
        s2l.push_back(square_of(qm.s2(i, r)));
        s2r.push_back(C2sq);
        ul.push_back(abs_of(U(i, r)));
        ur.push_back(T(sqrt_of(qW(r)) * Bx));
        ql.push_back(abs_of(Q(i, r)));
        qr.push_back(T(sqrt_of(qS(r)) * Bx));
      }
    auto ir = [m](std::size_t k) {
      return "sample " + std::to_string(k / static_cast<std::size_t>(m)) + ", neuron " +
             std::to_string(k % static_cast<std::size_t>(m));
    };
    run.steps.push_back(detail::worst_of<T>(
        false, {"L2.i sigma''^2 <= C2^2", "sigma''(t_ir)^2", "C2^2", "SPEC §1.5 (C2^2 = 2 for sincos)"}, s2l, s2r, {},
        ir));
    run.steps.push_back(detail::worst_of<T>(
        false, {"L2.j Cauchy-Schwarz |w_r.x| <= ||w_r|| B_x", "|w_r.x_i|", "||w_r|| B_x", "B_x = max_i ||x_i||"}, ul,
        ur, {}, ir));
    run.steps.push_back(detail::worst_of<T>(
        false, {"L2.j Cauchy-Schwarz |w*_r.x| <= ||w*_r|| B_x", "|w*_r.x_i|", "||w*_r|| B_x", "B_x = max_i ||x_i||"}, ql,
        qr, {}, ir));
  }
  // L2.k
  Accumulator<T> qq;
  for (Eigen::Index r = 0; r < m; ++r) qq.add(T(qW(r) * qS(r)));
  const T sum_qq = qq.value();
  const T Bx4 = square_of(square_of(Bx));
  {
    std::vector<T> rhs(n, T(C2sq * Bx4 / mT * sum_qq));
    run.steps.push_back(detail::worst_of<T>(
        false, {"L2.k per-sample bound", "(1/m) sum_r sigma''(t_ir)^2 u_ir^2 q_ir^2",
                "(C2^2 B_x^4 / m) sum_r ||w_r||^2 ||w*_r||^2", "L2.i and L2.j termwise"},
        E, rhs, {}, sample));
  }
  // L2.l
  const T a = Reference<T>::norm24(W), b = Reference<T>::norm24(Ws);
  const T a2b2 = T(square_of(a) * square_of(b));
  detail::push(run, at_most_step<T>({"L2.l Cauchy-Schwarz over neurons", "sum_r ||w_r||^2 ||w*_r||^2",
                                     "||W||_{2,4}^2 ||W*||_{2,4}^2", "norms: " + src},
                                    sum_qq, a2b2));
  // L2.m
  const T term = T(L2c * C2sq * Bx4 / mT * a2b2);
  detail::push(run, at_most_step<T>({"L2.m curvature term", "(1/n) sum_i l''_i E_i", "L2 C2^2 B_x^4 a^2 b^2 / m",
                                     "L2.h (E_i >= 0), L2.k, L2.l"},
                                    T(lpp_E.value() * inv_n), term));
  // L2.n
  const T lhs_final = T(A - G), rhs_final = T(T(2) * (LQS - LQW) + term);
  detail::push(run, at_most_step<T>({"L2 (final)", "E_S Hess L^Q(W)[SW*,SW*] - <grad L^Q(W), W>",
                                     "2 (L^Q(W*) - L^Q(W)) + L2 C2^2 B_x^4 ||W||_{2,4}^2 ||W*||_{2,4}^2 / m",
                                     "left: " + A_src + " minus the gradient term; scale |2(L^Q(W*) - L^Q(W))| + term"},
                                    lhs_final, rhs_final, T(T(2) * abs_of(T(LQS - LQW)) + term)));

  run.quantities = {{"||W||_{2,4}", display(a)},
                    {"||W*||_{2,4}", display(b)},
                    {"B_x", display(Bx)},
                    {"L2", display(L2c)},
                    {"C2^2", display(C2sq)},
                    {"L^Q(W)", display(LQW)},
                    {"L^Q(W*)", display(LQS)},
                    {"E_S Hess L^Q(W)[SW*,SW*]", display(A)},
                    {"<grad L^Q(W), W>", display(G)},
                    {"lemma L2 left", display(lhs_final)},
                    {"lemma L2 right", display(rhs_final)}};
  finalize_run(run);
  run.elapsed_s = detail::seconds_since(t0);
  return run;
}

}  // namespace

ProofRun lemma_l2_run(const Instance<double>& inst, const RowMatrix<double>& W_star, ProofPrecision precision,
                      const ProofOptions& options) {
  return detail::dispatch_precision(precision, [&](auto tag) {
    using T = decltype(tag);
    return l2_chain<T>(inst, W_star, precision, options);
  });
}

}  // namespace beyondlin::proofs
