// Lemma L3 chain (lemma_l3.hpp; SPEC §3.3, §4.2).

#include "lemma_l3.hpp"

#include "chain_util.hpp"
#include "reference.hpp"

namespace beyondlin::proofs {
namespace {

template <class T>
ProofRun l3_chain(const RowMatrix<double>& Wd, const RowMatrix<double>& Wsd, ProofPrecision prec, const ProofOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  if (Wd.rows() != Wsd.rows() || Wd.cols() != Wsd.cols())
    throw std::invalid_argument("lemma_l3_run: W and W* must have the same shape");
  using Ref = Reference<T>;
  ProofRun run;
  run.lemma = "L3";
  run.instance = opt.label;
  run.precision = precision_label(prec);
  const std::string src = Ref::source();
  const RowMatrix<T> W = Wd.cast<T>(), Ws = Wsd.cast<T>();
  const Eigen::Index m = W.rows();
  const Vector<T> q = row_squares(W), dl = row_squares(Ws);
  std::vector<T> e2(m), qd(m);
  Accumulator<T> s4, first, first_bound, second_in, qdelta, q6, d4;
  for (Eigen::Index r = 0; r < m; ++r) {
    Accumulator<T> e;
    for (Eigen::Index j = 0; j < W.cols(); ++j) e.add(T(W(r, j) * Ws(r, j)));
    e2[r] = square_of(e.value());
    qd[r] = T(q(r) * dl(r));
    s4.add(square_of(q(r)));
    first.add(T(square_of(q(r)) * e2[r]));
    first_bound.add(T(q(r) * q(r) * q(r) * dl(r)));
    second_in.add(T(T(4) * q(r) * dl(r) + T(8) * e2[r]));
    qdelta.add(qd[r]);
    q6.add(T(square_of(q(r)) * square_of(q(r)) * square_of(q(r))));
    d4.add(square_of(dl(r)));
  }
  const T S4 = s4.value();
  const T a = Ref::norm24(W), b = Ref::norm24(Ws);
  const T a2 = square_of(a), b2 = square_of(b);
  const T a6 = T(a2 * a2 * a2), a8 = T(a6 * a2), b8 = square_of(square_of(b2));
  const T c56 = T(opt.l3_curvature_constant);
  const std::string c_text = opt.l3_curvature_constant == 56.0 ? "56" : shortest_decimal(opt.l3_curvature_constant);

  // L3.a
  const T closed = Ref::reg_sign_averaged_of(W, Ws);
  const SignAverage method = detail::choose_sign_average(m, opt);
  T A = closed;
  std::string A_src = "closed form (m > per_row_max_m)";
  if (method != SignAverage::none) {
    A = sign_average<T>(Ws, method, [&](const RowMatrix<T>& D) { return frobenius_dot(Ref::reg_hvp_of(W, D), D); });
    A_src = src + ", HVP, " + sign_average_text(method);
    detail::push(run, identity_step<T>({"L3.a sign-averaged curvature of R", "E_S Hess R(W)[SW*,SW*]",
                                        "32 sum_r q_r^2 e_r^2 + 2 S_4 sum_r (4 q_r delta_r + 8 e_r^2)",
                                        "left: " + A_src + "; right: " + src + " closed form; all terms >= 0"},
                                       A, closed, closed));
  } else {
    run.notes.push_back("L3.a skipped: m = " + std::to_string(m) + " > per_row_max_m; the closed form is used");
  }
  // L3.b
  const T gW = frobenius_dot(Ref::reg_gradient_of(W), W), R8 = T(T(8) * Ref::reg_value_of(W));
  detail::push(run, identity_step<T>({"L3.b Euler for R", "<grad R(W), W>", "8 R(W)", "both sides " + src}, gW, R8, R8));
  // L3.c
  {
    std::vector<T> lhs(m), rhs(m);
    for (Eigen::Index r = 0; r < m; ++r) {
      lhs[r] = e2[r];
      rhs[r] = qd[r];
    }
    run.steps.push_back(detail::worst_of<T>(false, {"L3.c Cauchy-Schwarz per row", "(w_r.w*_r)^2",
                                                    "||w_r||^2 ||w*_r||^2", "formula"},
                                            lhs, rhs, {}, [](std::size_t k) { return "row " + std::to_string(k); }));
  }
  // L3.d .. L3.g
  detail::push(run, at_most_step<T>({"L3.d first term", "32 sum_r q_r^2 e_r^2", "32 sum_r q_r^3 delta_r", "L3.c"},
                                    T(T(32) * first.value()), T(T(32) * first_bound.value())));
  const T q6root = sqrt_of(q6.value());
  detail::push(run, at_most_step<T>({"L3.e Cauchy-Schwarz", "sum_r q_r^3 delta_r",
                                     "(sum_r q_r^6)^{1/2} (sum_r delta_r^2)^{1/2}", "formula"},
                                    first_bound.value(), T(q6root * sqrt_of(d4.value()))));
  detail::push(run, at_most_step<T>({"L3.e l6 <= l2", "(sum_r q_r^6)^{1/2}", "||W||_{2,4}^6",
                                     "right: norm from " + src},
                                    q6root, a6));
  detail::push(run, at_most_step<T>({"L3.f second term", "2 S_4 sum_r (4 q_r delta_r + 8 e_r^2)",
                                     "24 S_4 sum_r q_r delta_r", "L3.c"},
                                    T(T(2) * S4 * second_in.value()), T(T(24) * S4 * qdelta.value())));
  detail::push(run, at_most_step<T>({"L3.g Cauchy-Schwarz", "sum_r q_r delta_r", "||W||_{2,4}^2 ||W*||_{2,4}^2",
                                     "right: norms from " + src},
                                    qdelta.value(), T(a2 * b2)));
  // L3.h, L3.i
  detail::push(run, at_most_step<T>({"L3.h intermediate bound", "E_S Hess R(W)[SW*,SW*]",
                                     c_text + " ||W||_{2,4}^6 ||W*||_{2,4}^2", "left: " + A_src},
                                    A, T(c56 * a6 * b2)));
  const T g_ab = T(c56 * a6 * b2 - T(8) * a8);
  detail::push(run, at_most_step<T>({"L3.i with Euler", "E_S Hess R[SW*,SW*] - <grad R(W), W>",
                                     c_text + " a^6 b^2 - 8 a^8", "left: " + A_src + " and the gradient; scale " + c_text +
                                                                         " a^6 b^2 + 8 a^8"},
                                    T(A - gW), g_ab, T(c56 * a6 * b2 + T(8) * a8)));
  // L3.j, L3.k, L3.l
  const T C = T(T(64827) / T(32));
  const T g56 = T(T(56) * a6 * b2 - T(8) * a8);
  const T dev = T(a2 - T(21) * b2 / T(4));
  const T sos = T(T(8) * square_of(dev) * (square_of(a2) + T(7) / T(2) * a2 * b2 + T(147) / T(16) * square_of(b2)));
  detail::push(run, identity_step<T>({"L3.j sum-of-squares certificate", "(64827/32) b^8 - (56 a^6 b^2 - 8 a^8)",
                                      "8 (a^2 - 21 b^2/4)^2 (a^4 + 7/2 a^2 b^2 + 147/16 b^4)",
                                      "formula; scale (64827/32) b^8 + 56 a^6 b^2 + 8 a^8"},
                                     T(C * b8 - g56), sos, T(C * b8 + T(56) * a6 * b2 + T(8) * a8)));
  const T s_star = T(T(21) * b2 / T(4));
  const T g_star = T(T(56) * s_star * s_star * s_star * b2 - T(8) * square_of(square_of(s_star)));
  detail::push(run, identity_step<T>({"L3.k value at the maximizer a^2 = 21 b^2/4", "56 s*^3 b^2 - 8 s*^4",
                                      "(64827/32) b^8", "formula; scale 56 s*^3 b^2 + 8 s*^4"},
                                     g_star, T(C * b8),
                                     T(T(56) * s_star * s_star * s_star * b2 + T(8) * square_of(square_of(s_star)))));
  detail::push(run, at_most_step<T>({"L3.l one-variable maximum", "56 a^6 b^2 - 8 a^8", "(64827/32) b^8", "L3.j"},
                                    g56, T(C * b8)));
  detail::push(run, at_most_step<T>({"L3 (final)", "E_S Hess R(W)[SW*,SW*] - <grad R(W), W>", "(64827/32) b^8",
                                     "left: " + A_src + " and the gradient"},
                                    T(A - gW), T(C * b8)));

  run.quantities = {{"||W||_{2,4}", display(a)},
                    {"||W*||_{2,4}", display(b)},
                    {"E_S Hess R(W)[SW*,SW*]", display(A)},
                    {"<grad R(W), W>", display(gW)},
                    {"56 a^6 b^2 - 8 a^8", display(g56)},
                    {"(64827/32) b^8", display(T(C * b8))}};
  finalize_run(run);
  run.elapsed_s = detail::seconds_since(t0);
  return run;
}

}  // namespace

ProofRun lemma_l3_run(const RowMatrix<double>& W, const RowMatrix<double>& W_star, ProofPrecision precision,
                      const ProofOptions& options) {
  return detail::dispatch_precision(precision, [&](auto tag) {
    using T = decltype(tag);
    return l3_chain<T>(W, W_star, precision, options);
  });
}

}  // namespace beyondlin::proofs
