// Lemma L1 chain (lemma_l1.hpp; SPEC §4.2).

#include "lemma_l1.hpp"

#include "chain_util.hpp"
#include "reference.hpp"

namespace beyondlin::proofs {
namespace {

template <class T>
ProofRun l1_chain(const Instance<double>& inst, const RowMatrix<double>& Dd, ProofPrecision prec, const ProofOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  detail::require_shape(inst.W, inst.m(), inst.d(), "lemma_l1_run", "inst.W");
  detail::require_shape(Dd, inst.m(), inst.d(), "lemma_l1_run", "D");
  ProofRun run;
  run.lemma = "L1";
  run.instance = opt.label;
  run.precision = precision_label(prec);
  const QuadModel<T> qm(inst);
  const Reference<T> ref(inst, qm, 0.0);
  const RowMatrix<T> W = inst.W.cast<T>(), D = Dd.cast<T>();
  const Matrix<T> U = projections(qm, W), P = projections(qm, D);
  const Vector<T> fqW = ref.quadratic_term_of(W), fqD = ref.quadratic_term_of(D);  // reference side
  const Vector<T> fqW_formula = quadratic_term(qm, U);
  const Vector<T> SQW = quadratic_term_magnitude(qm, U), SQD = quadratic_term_magnitude(qm, P);
  const Matrix<T> L = loss_at(qm, fqW_formula);
  const T inv_n = T(T(1) / T(static_cast<double>(qm.n)));
  const std::string src_ref = Reference<T>::source();

  // L1.1 and L1.2, per sample
  ProofStep euler, hessf;
  Vector<T> J(qm.n), Jabs(qm.n);
  for (Eigen::Index i = 0; i < qm.n; ++i) {
    Accumulator<T> gw, hd, j, ja;
    for (Eigen::Index r = 0; r < qm.m; ++r) {
      for (Eigen::Index k = 0; k < qm.d; ++k) {
        gw.add(T(qm.c(i, r) * U(i, r) * qm.X(i, k) * W(r, k)));
        hd.add(T(qm.c(i, r) * P(i, r) * qm.X(i, k) * D(r, k)));
      }
      j.add(T(qm.c(i, r) * U(i, r) * P(i, r)));
      ja.add(abs_of(T(qm.c(i, r) * U(i, r) * P(i, r))));
    }
    J(i) = j.value();
    Jabs(i) = ja.value();
    const std::string where = "sample " + std::to_string(i);
    keep_worst(euler,
               identity_step<T>({"L1.1 Euler", "<grad f^Q_W(x_i), W>", "2 f^Q_W(x_i)",
                                 "left: sum_r c_r u_r x.w_r (gradient formula); right: " + src_ref},
                                gw.value(), T(T(2) * fqW(i)), T(T(2) * SQW(i))),
               where);
    keep_worst(hessf,
               identity_step<T>({"L1.2 Hess f^Q[D,D] = 2 f^Q_D", "Hess f^Q(x_i)[D,D]", "2 f^Q_D(x_i)",
                                 "left: sum_r c_r p_r x.d_r (HVP formula); right: " + src_ref},
                                hd.value(), T(T(2) * fqD(i)), T(T(2) * SQD(i))),
               where);
  }
  run.steps.push_back(euler);
  run.steps.push_back(hessf);

  // L1.3 radial derivative
  const RowMatrix<T> G = ref.gradient(W);
  const T gW = frobenius_dot(G, W);
  Accumulator<T> rad, rad_s;
  for (Eigen::Index i = 0; i < qm.n; ++i) {
    rad.add(T(T(2) * L(i, 1) * fqW(i)));
    rad_s.add(T(T(2) * abs_of(L(i, 1)) * SQW(i)));
  }
  detail::push(run, identity_step<T>({"L1.3 radial derivative", "<grad L^Q(W), W>", "(2/n) sum_i l'_i f^Q_W(x_i)",
                                      "left: " + std::string(src_ref) + "; right: formula"},
                                     gW, T(rad.value() * inv_n), T(rad_s.value() * inv_n)));

  // L1.4 Gauss-Newton
  const T hDD = ref.curvature(W, D);
  Accumulator<T> gn, gn_s, l1, l1_s;
  for (Eigen::Index i = 0; i < qm.n; ++i) {
    const T t1 = T(L(i, 2) * square_of(J(i))), t1a = T(abs_of(L(i, 2)) * square_of(Jabs(i)));
    gn.add(T(t1 + T(2) * L(i, 1) * fqD(i)));
    gn_s.add(T(t1a + T(2) * abs_of(L(i, 1)) * SQD(i)));
    l1.add(T(t1 + T(2) * L(i, 1) * (fqD(i) - fqW(i))));
    l1_s.add(T(t1a + T(2) * abs_of(L(i, 1)) * (SQD(i) + SQW(i))));
  }
  detail::push(run, identity_step<T>({"L1.4 Gauss-Newton decomposition", "Hess L^Q(W)[D,D]",
                                      "(1/n) sum_i l''_i J_i^2 + (2/n) sum_i l'_i f^Q_D(x_i)",
                                      "left: " + std::string(src_ref) + " (HVP); right: formula"},
                                     hDD, T(gn.value() * inv_n), T(gn_s.value() * inv_n)));
  // L1.5 the lemma
  detail::push(run, identity_step<T>({"L1.5 Lemma L1", "Hess L^Q(W)[D,D] - <grad L^Q(W), W>",
                                      "(1/n) sum_i l''_i <grad f^Q_W(x_i),D>^2 + (2/n) sum_i l'_i (f^Q_D - f^Q_W)(x_i)",
                                      "left: " + std::string(src_ref) + " (HVP, gradient); right: formula"},
                                     T(hDD - gW), T(l1.value() * inv_n), T(l1_s.value() * inv_n)));

  run.quantities.push_back({"L^Q(W)", display(sample_mean(L, 0))});
  run.quantities.push_back({"||W||_F", display(sqrt_of(frobenius_sq(W)))});
  run.quantities.push_back({"||D||_F", display(sqrt_of(frobenius_sq(D)))});
  finalize_run(run);
  run.elapsed_s = detail::seconds_since(t0);
  return run;
}

}  // namespace

ProofRun lemma_l1_run(const Instance<double>& inst, const RowMatrix<double>& D, ProofPrecision precision,
                      const ProofOptions& options) {
  return detail::dispatch_precision(precision, [&](auto tag) {
    using T = decltype(tag);
    return l1_chain<T>(inst, D, precision, options);
  });
}

}  // namespace beyondlin::proofs
