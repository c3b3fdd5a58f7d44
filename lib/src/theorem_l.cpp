// Theorem L's right-hand side (theorem_l.hpp, SPEC §4.2).
#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/theorem_l.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace beyondlin {

TheoremLTerms theorem_l_bound(const Instance<double>& inst, const RowMatrix<double>& W,
                              const RowMatrix<double>& W_star, double lambda, double eps_g, double eps_H) {
  const Eigen::Index m = inst.m(), d = inst.d();
  if (W.rows() != m || W.cols() != d)
    throw InputError("W", "expected an " + std::to_string(m) + " x " + std::to_string(d) + " matrix");
  if (W_star.rows() != m || W_star.cols() != d)
    throw InputError("W_star", "expected an " + std::to_string(m) + " x " + std::to_string(d) + " matrix");
  if (!(lambda >= 0) || std::isinf(lambda)) throw InputError("lambda", "must be finite and >= 0, got " + shortest_decimal(lambda));
  if (!(eps_g >= 0)) throw InputError("eps_g", "must be >= 0, got " + shortest_decimal(eps_g));
  if (!(eps_H >= 0)) throw InputError("eps_H", "must be >= 0, got " + shortest_decimal(eps_H));
  TheoremLTerms t;
  t.L2 = loss_sup_derivative(inst.loss, 2);
  t.C2 = activation_sup_bound(inst.activation, 2);
  for (Eigen::Index i = 0; i < inst.n(); ++i) t.Bx = std::max(t.Bx, inst.X.row(i).norm());
  t.m = static_cast<double>(m);
  t.lambda = lambda;
  t.a = mixed_norm(W, 4.0);
  t.W_fro = W.norm();
  t.B_star = mixed_norm(W_star, 4.0);
  t.eps_g = eps_g;
  t.eps_H = eps_H;

  ObjectiveSpec q;
  q.kind = ObjectiveKind::taylor;
  q.order = 2;
  const Objective<double> lq(inst, q);
  t.comparator_loss = lq.data_value(Objective<double>::flatten(W_star));

  const double a = t.a, b = t.B_star, a2 = a * a, b2 = b * b, a6 = a2 * a2 * a2;
  const double Bx2 = t.Bx * t.Bx;
  // 0 * inf (e.g. W* = 0 with an unbounded C2) is 0: the term vanishes with the norms.
  const double norms = a2 * b2;
  t.coupling = norms == 0 ? 0.0 : t.L2 * t.C2 * t.C2 * Bx2 * Bx2 / (2 * t.m) * norms;
  t.regularizer = lambda / 2 * (56 * a6 * b2 - 8 * a6 * a2);
  t.regularizer_max = 1013 * lambda * (b2 * b2) * (b2 * b2);
  t.hessian = eps_H * std::sqrt(t.m) * b2 / 2;
  t.gradient = eps_g * t.W_fro / 2;
  t.rhs = t.comparator_loss + t.coupling + t.regularizer + t.hessian + t.gradient;
  t.rhs_line2 = t.comparator_loss + t.coupling + t.regularizer_max + t.hessian + t.gradient;
  const double T_err = t.coupling + t.hessian + t.gradient;
  t.norm_bound = lambda > 0 ? std::max(std::sqrt(14.0) * b, std::pow((t.comparator_loss + T_err) / (2 * lambda), 0.125))
                            : std::numeric_limits<double>::infinity();
  return t;
}

}  // namespace beyondlin
