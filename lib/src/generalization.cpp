// Theorem G and sample complexity from parameters (generalization.hpp; SPEC §4.4, §4.6).
#include <beyondlin/errors.hpp>
#include <beyondlin/generalization.hpp>
#include <beyondlin/scalar.hpp>

#include <boost/math/special_functions/factorials.hpp>

#include <cmath>
#include <string>

namespace beyondlin {
namespace {

void require_count(double v, const char* field) {
  if (!std::isfinite(v) || v < 1 || std::floor(v) != v)
    throw InputError(field, "must be an integer >= 1, got " + shortest_decimal(v));
}

void require_positive(double v, const char* field) {
  if (!std::isfinite(v) || !(v > 0)) throw InputError(field, "must be a finite number > 0, got " + shortest_decimal(v));
}

void require_nonnegative(double v, const char* field) {
  if (!std::isfinite(v) || !(v >= 0))
    throw InputError(field, "must be a finite number >= 0, got " + shortest_decimal(v));
}

/// log(m (d + d^{k-1})) without forming d^{k-1}.
double log_flattening(double m, double d, int k) {
  return std::log(m) + (k - 1) * std::log(d) + std::log1p(std::pow(d, 2.0 - k));
}

/// R_S bound at sample size n (p validated).
double complexity_at(const GeneralizationInputs& p, double n) {
  switch (p.cls.kind) {
    case FunctionClass::quadratic:
      return p.B * p.B / 2.0 * p.C * p.Bx * std::sqrt(2.0 * std::log(2.0 * p.d * p.m) * sigma_norm_used(p) / n);
    case FunctionClass::ntk: return p.B * p.C * p.Bx / std::sqrt(n);
    case FunctionClass::order_k: {
      const int k = p.cls.order;
      return std::pow(p.B, k) / boost::math::factorial<double>(static_cast<unsigned>(k)) * p.C * std::pow(p.Bx, k) *
             std::sqrt(2.0 * log_flattening(p.m, p.d, k) / n);
    }
  }
  return 0;
}

}  // namespace

TheoremG theorem_g(const GeneralizationInputs& p);

namespace {

/// Theorem G's total at sample size n: the very function theorem_g evaluates (so the answer of
/// required_sample_size is exact for it, whatever the compiler contracts into FMAs).
double total_at(const GeneralizationInputs& p, double n) {
  GeneralizationInputs q = p;
  q.n = n;
  return theorem_g(q).total;
}

void require_epsilon(double epsilon) {
  if (!std::isfinite(epsilon) || !(epsilon > 0))
    throw InputError("epsilon", "must be a finite number > 0, got " + shortest_decimal(epsilon));
}

}  // namespace

const char* class_constant_name(const ClassSpec& c) {
  switch (c.kind) {
    case FunctionClass::quadratic: return "C2";
    case FunctionClass::ntk: return "C1";
    case FunctionClass::order_k: return "Ck";
  }
  return "C";
}

void validate(const GeneralizationInputs& p) {
  if (p.cls.kind == FunctionClass::order_k && (p.cls.order < 3 || p.cls.order > kMaxActivationOrder))
    throw InputError("order", "must be an integer in [3, " + std::to_string(kMaxActivationOrder) +
                                  "] for order-k (k = 2 is the quadratic class), got " + std::to_string(p.cls.order));
  require_count(p.n, "n");
  require_count(p.d, "d");
  require_count(p.m, "m");
  require_positive(p.B, "B");
  require_positive(p.Bx, "Bx");
  require_nonnegative(p.C, class_constant_name(p.cls));
  require_nonnegative(p.L1, "L1");
  if (!(p.delta > 0 && p.delta < 1)) throw InputError("delta", "must be in (0, 1), got " + shortest_decimal(p.delta));
  require_nonnegative(p.loss_range, "loss_range");
  if (p.cls.kind == FunctionClass::quadratic && !std::isnan(p.sigma_norm)) {
    if (!std::isfinite(p.sigma_norm) || !(p.sigma_norm > 0))
      throw InputError("sigma_norm", "must be a finite number > 0, got " + shortest_decimal(p.sigma_norm));
    if (p.sigma_norm > p.Bx * p.Bx)
      throw InputError("sigma_norm", "must be <= Bx^2 = " + shortest_decimal(p.Bx * p.Bx) +
                                         " (||Sigma_n|| <= max_i ||x_i||^2), got " + shortest_decimal(p.sigma_norm));
  }
}

double sigma_norm_used(const GeneralizationInputs& p) {
  return std::isnan(p.sigma_norm) ? p.Bx * p.Bx / p.d : p.sigma_norm;
}

double confidence_term(double n, double delta, double loss_range) {
  return 3.0 * loss_range * std::sqrt(std::log(2.0 / delta) / (2.0 * n));
}

double class_complexity_bound(const GeneralizationInputs& p) {
  validate(p);
  return complexity_at(p, p.n);
}

TheoremG theorem_g(const GeneralizationInputs& p) {
  validate(p);
  TheoremG g;
  g.rademacher = complexity_at(p, p.n);
  switch (p.cls.kind) {
    case FunctionClass::quadratic:
      g.sigma_norm = sigma_norm_used(p);
      g.sigma_norm_source = std::isnan(p.sigma_norm) ? "isotropic Bx^2/d" : "given";
      g.ingredients.push_back({"||Sigma_n||", g.sigma_norm,
                               std::isnan(p.sigma_norm) ? "Bx^2/d (isotropic inputs)" : "given (--sigma-norm)",
                               "§4.4 Dimension factor"});
      g.ingredients.push_back({"log(2dm)", std::log(2.0 * p.d * p.m), "log(2 d m)", "§4.4 G2"});
      g.ingredients.push_back({"R_S(F^Q(B)) bound", g.rademacher,
                               "(B^2/2) C2 Bx sqrt(2 log(2dm) ||Sigma_n|| / n) (matrix Khintchine)", "§4.4 G2"});
      break;
    case FunctionClass::ntk:
      g.ingredients.push_back({"R_S(F^L(B_F)) bound", g.rademacher, "B_F C1 Bx / sqrt(n) (trace bound)", "§4.4 G3"});
      break;
    case FunctionClass::order_k:
      g.ingredients.push_back({"log(m (d + d^(k-1)))", log_flattening(p.m, p.d, p.cls.order),
                               "log of the flattened block dimension", "§4.7 H5"});
      g.ingredients.push_back({"R_S(F^(k)(B)) bound", g.rademacher,
                               "(B^k/k!) Ck Bx^k sqrt(2 log(m (d + d^(k-1))) / n) (flattening + rectangular Khintchine)",
                               "§4.7 H5 (bound derived here)"});
      break;
  }
  const std::string cls = p.cls.kind == FunctionClass::quadratic ? "F^Q(B)"
                          : p.cls.kind == FunctionClass::ntk     ? "F^L(B_F)"
                                                                 : "F^(" + std::to_string(p.cls.order) + ")(B)";
  g.terms.push_back({"2 L1 R_S(" + cls + ")", 2.0 * p.L1 * g.rademacher, "2 L1 x (R_S bound above)",
                     "§4.4 Theorem G (symmetrization + contraction)"});
  g.terms.push_back({"3 M sqrt(log(2/delta)/(2n))", confidence_term(p.n, p.delta, p.loss_range),
                     "3 M sqrt(log(2/delta) / (2n))", "§4.4 Theorem G (McDiarmid)"});
  g.total = g.terms[0].value + g.terms[1].value;
  return g;
}

double end_to_end_sample_size(const GeneralizationInputs& p, double epsilon) {
  require_epsilon(epsilon);
  GeneralizationInputs q = p;
  q.n = 1;
  validate(q);
  const double c = 2.0 * q.L1 * complexity_at(q, 1.0);  // 2 L1 R_S = c / sqrt(n)
  return c * c / (epsilon * epsilon);
}

SampleSize required_sample_size(const GeneralizationInputs& p, double epsilon) {
  require_epsilon(epsilon);
  GeneralizationInputs q = p;
  q.n = 1;
  validate(q);
  SampleSize s;
  s.method = "doubling from n = 1 until the bound is <= epsilon, then bisection on the integers; "
             "the bound 2 L1 R_S(n) + 3 M sqrt(log(2/delta)/(2n)) is strictly decreasing in n";
  const double limit = 9007199254740992.0;  // 2^53
  if (total_at(q, 1.0) <= epsilon) {
    s.n = 1;
    s.bound_at_n = total_at(q, 1.0);
    s.bound_below = std::numeric_limits<double>::infinity();
    return s;
  }
  double hi = 2;
  while (total_at(q, hi) > epsilon) {
    if (hi >= limit)
      throw InputError("epsilon", "needs more than 2^53 samples (bound " + shortest_decimal(total_at(q, limit)) +
                                      " at n = 2^53 > epsilon = " + shortest_decimal(epsilon) + ")");
    hi = std::min(2.0 * hi, limit);
  }
  double lo = std::floor(hi / 2);  // total(lo) > epsilon (lo >= 1)
  while (hi - lo > 1) {
    const double mid = std::floor(lo + (hi - lo) / 2);
    if (total_at(q, mid) <= epsilon) hi = mid;
    else lo = mid;
  }
  s.n = hi;
  s.bound_at_n = total_at(q, hi);
  s.bound_below = total_at(q, hi - 1);
  return s;
}

}  // namespace beyondlin
