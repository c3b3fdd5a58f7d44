// expressivity.hpp: targets, the E1/E2 construction of SPEC §4.5, its norm limits and its exact
// finite-m fit error. Double precision (the Hermite coefficients may come from 50 or 100 digits).

#include <beyondlin/errors.hpp>
#include <beyondlin/expressivity.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/rng.hpp>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace beyondlin {

const char* target_kind_name(TargetKind k) {
  switch (k) {
    case TargetKind::power: return "power";
    case TargetKind::sum: return "sum";
    case TargetKind::product: return "product";
    case TargetKind::quadratic_form: return "quadratic-form";
  }
  return "?";
}

namespace {

constexpr double kUnitNormTol = 1e-12;

void check_term(const PowerTerm& t, const std::string& suffix) {
  if (!std::isfinite(t.alpha))
    throw InputError("alpha" + suffix, "must be a finite number, got " + shortest_decimal(t.alpha));
  if (t.beta.size() == 0) throw InputError("beta" + suffix, "must have at least one entry");
  for (Eigen::Index j = 0; j < t.beta.size(); ++j)
    if (!std::isfinite(t.beta(j)))
      throw InputError("beta" + suffix, "entry [" + std::to_string(j) + "] is not finite (" +
                                            shortest_decimal(t.beta(j)) + ")");
  if (!(t.beta.norm() > 0)) throw InputError("beta" + suffix, "must be a nonzero vector");
  if (t.p < 2 || t.p > kMaxHermiteCoefficientIndex + 2)
    throw InputError("p" + suffix, "must be an integer in 2.." + std::to_string(kMaxHermiteCoefficientIndex + 2) +
                                       " (the construction uses c_{p-2}; p = 1 is not covered, SPEC §4.5), got " +
                                       std::to_string(t.p));
}

std::string term_formula(const PowerTerm& t) {
  return shortest_decimal(t.alpha) + " (beta^T x)^" + std::to_string(t.p) + " with ||beta|| = " +
         shortest_decimal(t.beta.norm());
}

}  // namespace

ExpressTarget power_target(double alpha, const Vector<double>& beta, int p) {
  PowerTerm t{alpha, beta, p};
  check_term(t, "");
  ExpressTarget tg;
  tg.kind = TargetKind::power;
  tg.d = static_cast<int>(beta.size());
  tg.terms = {t};
  tg.formula = term_formula(t);
  return tg;
}

ExpressTarget sum_target(const std::vector<PowerTerm>& terms) {
  if (terms.empty()) throw InputError("alpha", "a sum target needs at least one term");
  ExpressTarget tg;
  tg.kind = TargetKind::sum;
  tg.d = static_cast<int>(terms[0].beta.size());
  for (std::size_t s = 0; s < terms.size(); ++s) {
    const std::string suffix = "[" + std::to_string(s) + "]";
    check_term(terms[s], suffix);
    if (terms[s].beta.size() != tg.d)
      throw InputError("beta" + suffix, "has " + std::to_string(terms[s].beta.size()) +
                                            " entries, but beta[0] has " + std::to_string(tg.d));
    tg.formula += (s ? " + " : "") + term_formula(terms[s]);
  }
  tg.terms = terms;
  return tg;
}

ExpressTarget quadratic_form_target(const Matrix<double>& theta) {
  const Eigen::Index d = theta.rows();
  if (d < 1 || theta.cols() != d)
    throw InputError("theta", "must be a square d x d matrix with d >= 1, got " + std::to_string(theta.rows()) +
                                  " x " + std::to_string(theta.cols()));
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j)
      if (!std::isfinite(theta(i, j)))
        throw InputError("theta", "entry [" + std::to_string(i) + "][" + std::to_string(j) + "] is not finite (" +
                                      shortest_decimal(theta(i, j)) + ")");
  const double amax = theta.cwiseAbs().maxCoeff();
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = i + 1; j < d; ++j)
      if (std::abs(theta(i, j) - theta(j, i)) > 1e-12 * amax)
        throw InputError("theta", "must be symmetric, but entry [" + std::to_string(i) + "][" + std::to_string(j) +
                                      "] = " + shortest_decimal(theta(i, j)) + " and entry [" + std::to_string(j) +
                                      "][" + std::to_string(i) + "] = " + shortest_decimal(theta(j, i)));
  ExpressTarget tg;
  tg.kind = TargetKind::quadratic_form;
  tg.d = static_cast<int>(d);
  tg.theta = (theta + theta.transpose()) / 2.0;
  Eigen::SelfAdjointEigenSolver<Matrix<double>> es(tg.theta);
  const Vector<double>& lam = es.eigenvalues();
  const double lmax = lam.cwiseAbs().maxCoeff();
  const double cut = 64.0 * static_cast<double>(d) * 0x1.0p-53 * lmax;
  int rank = 0;
  for (Eigen::Index j = 0; j < d; ++j)
    if (std::abs(lam(j)) > cut) {
      tg.terms.push_back(PowerTerm{lam(j), es.eigenvectors().col(j), 2});
      ++rank;
    }
  tg.formula = "x^T Theta x, rank " + std::to_string(rank) + ", ||Theta||_* = " +
               shortest_decimal(lam.cwiseAbs().sum());
  return tg;
}

ExpressTarget product_target(int d, double alpha) {
  if (d < 2) throw InputError("d", "the product target alpha z_1 z_2 needs d >= 2, got d = " + std::to_string(d));
  if (!std::isfinite(alpha)) throw InputError("alpha", "must be a finite number, got " + shortest_decimal(alpha));
  ExpressTarget tg;
  tg.kind = TargetKind::product;
  tg.d = d;
  tg.product_alpha = alpha;
  tg.theta = Matrix<double>::Zero(d, d);
  tg.theta(0, 1) = tg.theta(1, 0) = alpha * d / 2.0;
  if (alpha != 0) {
    const double s = std::sqrt(0.5);
    Vector<double> up = Vector<double>::Zero(d), um = Vector<double>::Zero(d);
    up(0) = s;
    up(1) = s;
    um(0) = s;
    um(1) = -s;
    tg.terms = {PowerTerm{alpha * d / 2.0, up, 2}, PowerTerm{-alpha * d / 2.0, um, 2}};
  }
  tg.formula = shortest_decimal(alpha) + " z_1 z_2 with z = sqrt(d) x (= " + shortest_decimal(alpha * d) +
               " x_1 x_2; +-" + shortest_decimal(alpha) + " on the cube)";
  return tg;
}

Matrix<double> random_orthonormal_columns(int d, int r, std::uint64_t seed) {
  if (d < 1 || r < 1 || r > d)
    throw InputError("rank", "must be an integer in 1..d = " + std::to_string(d) + ", got " + std::to_string(r));
  Rng rng(seed);
  Matrix<double> G(d, r);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < r; ++j) G(i, j) = rng.normal();
  Eigen::HouseholderQR<Matrix<double>> qr(G);
  Matrix<double> Q = qr.householderQ() * Matrix<double>::Identity(d, r);
  for (int j = 0; j < r; ++j)
    if (qr.matrixQR()(j, j) < 0) Q.col(j) = -Q.col(j);
  return Q;
}

Vector<double> target_values(const ExpressTarget& target, const Matrix<double>& X) {
  if (X.cols() != target.d)
    throw InputError("X", "rows have " + std::to_string(X.cols()) + " entries, the target has dimension " +
                              std::to_string(target.d));
  const Eigen::Index n = X.rows();
  Vector<double> f = Vector<double>::Zero(n);
  switch (target.kind) {
    case TargetKind::power:
    case TargetKind::sum:
      for (const PowerTerm& t : target.terms) {
        const Vector<double> proj = X * t.beta;
        for (Eigen::Index i = 0; i < n; ++i) f(i) += t.alpha * std::pow(proj(i), t.p);
      }
      break;
    case TargetKind::product:
      f = target.product_alpha * static_cast<double>(target.d) * X.col(0).cwiseProduct(X.col(1));
      break;
    case TargetKind::quadratic_form:
      f = (X * target.theta).cwiseProduct(X).rowwise().sum();
      break;
  }
  return f;
}

void validate_express_instance(const Instance<double>& inst) {
  validate(inst);
  if (inst.activation == Activation::relu)
    throw InputError("activation", "relu has sigma'' = 0 almost everywhere, so its quadratic model f^Q is "
                                   "identically 0 and cannot represent any target (SPEC §1.5); use a smooth "
                                   "activation such as sincos");
  if (inst.init != Init::symmetric)
    throw InputError("init", std::string("the construction (SPEC §4.5 E1) pairs the neurons of a symmetric init; got ") +
                                 init_name(inst.init) + " init");
  const Eigen::Index M = inst.m() / 2, d = inst.d();
  CompensatedSum<double> sq, sum;
  for (Eigen::Index r = 0; r < M; ++r)
    for (Eigen::Index j = 0; j < d; ++j) {
      sq.add(inst.W0(r, j) * inst.W0(r, j));
      sum.add(inst.W0(r, j));
    }
  const double D = static_cast<double>(M * d), t = 20.0;
  const double S = sq.value(), Z = sum.value();
  const double lo = D - 2.0 * std::sqrt(D * t), hi = D + 2.0 * std::sqrt(D * t) + 2.0 * t;
  if (S < lo || S > hi)
    throw InputError("W0", "the construction needs rows w_{0,r} ~ N(0, I_d) (init scale 1, SPEC §4.5 E2), but the " +
                               std::to_string(M * d) + " entries of the distinct rows have mean square " +
                               shortest_decimal(S / D) + ", outside the range [" + shortest_decimal(lo / D) + ", " +
                               shortest_decimal(hi / D) + "] that N(0, 1) entries leave with probability < 4e-9");
  if (std::abs(Z) > std::sqrt(2.0 * t * D))
    throw InputError("W0", "the construction needs rows w_{0,r} ~ N(0, I_d), but the entries of the distinct rows "
                           "have mean " + shortest_decimal(Z / D) + ", beyond the range +-" +
                               shortest_decimal(std::sqrt(2.0 * t * D) / D) +
                               " that N(0, 1) entries leave with probability < 4e-9");
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    const double nrm = inst.X.row(i).norm();
    if (!(std::abs(nrm - 1.0) <= kUnitNormTol))
      throw InputError("X", "row " + std::to_string(i) + " has norm " + shortest_decimal(nrm) +
                                "; the construction (SPEC §4.5 E2) needs unit-norm inputs (data sphere, cube or "
                                "lowrank, |norm - 1| <= 1e-12)");
  }
}

std::vector<HermiteCoefficient<double>> express_coefficients(Activation a, const ExpressTarget& target,
                                                             const ExpressOptions& opt) {
  std::vector<HermiteCoefficient<double>> c;
  const bool quad = target.kind == TargetKind::product || target.kind == TargetKind::quadratic_form;
  for (std::size_t s = 0; s < target.terms.size(); ++s) {
    const int k = target.terms[s].p - 2;
    HermiteCoefficient<double> cs = hermite_coefficient_in_precision(a, k, opt.hermite_digits, opt.gauss_hermite_nodes);
    if (cs.is_zero() || !std::isfinite(cs.value)) {
      const std::string what = std::string("the Hermite coefficient c_") + std::to_string(k) + " of sigma'' for " +
                               activation_name(a) + " is 0 (computed " + shortest_decimal(cs.value) +
                               " +- " + shortest_decimal(cs.error_estimate) + "), so ";
      if (quad)
        throw InputError("activation", what + "quadratic targets, which need c_0 = E sigma''(G) != 0, cannot be "
                                              "represented (SPEC §4.5)");
      throw InputError(target.kind == TargetKind::sum ? "p[" + std::to_string(s) + "]" : std::string("p"),
                       what + "the term of degree p = " + std::to_string(k + 2) +
                           " cannot be represented (Theorem E needs c_{p-2} != 0, SPEC §4.5)");
    }
    c.push_back(cs);
  }
  return c;
}

Vector<double> expected_fit_mse(Activation a, const ExpressTarget& target, const std::vector<ExpressTermInfo>& terms,
                                Eigen::Index m, const Matrix<double>& X, int N) {
  if (terms.size() != target.terms.size())
    throw std::invalid_argument("expected_fit_mse: one ExpressTermInfo per target term expected");
  const GaussHermiteRule<double> rule = gauss_hermite_rule<double>(N);
  const double M = static_cast<double>(m / 2);
  Vector<double> mse = Vector<double>::Zero(X.rows());
  for (std::size_t s = 0; s < terms.size(); ++s) {
    const ExpressTermInfo& ti = terms[s];
    if (ti.pairs == 0) continue;
    const PowerTerm& t = target.terms[s];
    const Vector<double> bhat = t.beta / ti.beta_norm;
    const double H = t.alpha * std::pow(ti.beta_norm, ti.k) / (ti.c.value * ti.fraction_used);
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      const double proj = X.row(i).dot(t.beta);
      const double rho = std::clamp(X.row(i).dot(bhat), -1.0, 1.0);
      const double e2 = gauss_hermite_expectation2(rule, rho, [&](double z1, double z2) {
        const double s2 = activation_derivative<double>(a, z1, 2), h = hermite_normalized<double>(ti.k, z2);
        return s2 * s2 * h * h;
      });
      const double mean = t.alpha * std::pow(proj, t.p) / ti.fraction_used;
      const double var = H * H * e2 * std::pow(proj, 4) - mean * mean;
      mse(i) += static_cast<double>(ti.pairs) * std::max(var, 0.0) / (M * M);
    }
  }
  return mse;
}

ExpressivityResult express(const Instance<double>& inst, const ExpressTarget& target,
                           const std::vector<HermiteCoefficient<double>>& c, const ExpressOptions& opt) {
  validate_express_instance(inst);
  if (target.d != inst.d()) {
    const char* field = target.kind == TargetKind::product ? "d"
                        : target.kind == TargetKind::quadratic_form ? "theta" : "beta";
    throw InputError(field, "the target has dimension " + std::to_string(target.d) + " but the instance has d = " +
                                std::to_string(inst.d()));
  }
  if (c.size() != target.terms.size())
    throw std::invalid_argument("express: one Hermite coefficient per target term expected");
  const Eigen::Index m = inst.m(), d = inst.d(), M = m / 2;
  const std::size_t S = target.terms.size();
  ExpressivityResult res;
  res.terms.resize(S);

  // Costs A_s and optimal fractions q_s = A_s / sum A.
  double total = 0;
  std::size_t active = 0;
  for (std::size_t s = 0; s < S; ++s) {
    ExpressTermInfo& ti = res.terms[s];
    const PowerTerm& t = target.terms[s];
    ti.alpha = t.alpha;
    ti.beta_norm = t.beta.norm();
    ti.p = t.p;
    ti.k = t.p - 2;
    ti.c = c[s];
    ti.cost = std::abs(t.alpha) * std::pow(ti.beta_norm, t.p) / std::abs(c[s].value);
    total += ti.cost;
    if (ti.cost > 0) ++active;
    const GaussHermiteRule<double> r4 = gauss_hermite_rule<double>(2 * ti.k + 2);  // exact for degree 4k
    ti.e_h4 = gauss_hermite_expectation(r4, [&](double z) {
      const double h = hermite_normalized<double>(ti.k, z);
      return h * h * h * h;
    });
  }
  if (static_cast<Eigen::Index>(active) > M)
    throw InputError("m", "the target has " + std::to_string(active) + " terms but m/2 = " + std::to_string(M) +
                              " pairs: each term needs at least one pair");

  // Whole pairs per term: largest-remainder rounding of q_s M, at least one pair per active term.
  std::vector<Eigen::Index> n(S, 0);
  if (total > 0) {
    std::vector<double> rem(S, 0.0);
    Eigen::Index used = 0;
    for (std::size_t s = 0; s < S; ++s) {
      res.terms[s].fraction_optimal = res.terms[s].cost / total;
      const double want = res.terms[s].fraction_optimal * static_cast<double>(M);
      n[s] = static_cast<Eigen::Index>(std::floor(want));
      rem[s] = want - static_cast<double>(n[s]);
      used += n[s];
    }
    std::vector<std::size_t> order(S);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return rem[i] > rem[j]; });
    for (std::size_t i = 0; used < M; i = (i + 1) % S)
      if (res.terms[order[i]].cost > 0) {
        ++n[order[i]];
        ++used;
      }
    for (std::size_t s = 0; s < S; ++s)
      if (res.terms[s].cost > 0 && n[s] == 0) {
        const std::size_t big = static_cast<std::size_t>(std::max_element(n.begin(), n.end()) - n.begin());
        --n[big];
        n[s] = 1;
      }
  }

  // E1 + E2: rows of W*.
  res.W_star = RowMatrix<double>::Zero(m, d);
  const double row_scale = 2.0 * std::pow(static_cast<double>(m), -0.25);
  Eigen::Index first = 0;
  double expected = 0, var4 = 0;
  for (std::size_t s = 0; s < S; ++s) {
    ExpressTermInfo& ti = res.terms[s];
    const PowerTerm& t = target.terms[s];
    ti.first_pair = first;
    ti.pairs = n[s];
    ti.fraction_used = static_cast<double>(n[s]) / static_cast<double>(M);
    if (n[s] == 0) continue;
    const Vector<double> bhat = t.beta / ti.beta_norm;
    // h_s(w) = alpha ||beta||^k / (c_k q_s) h_k(w^T beta_hat)
    const double H = t.alpha * std::pow(ti.beta_norm, ti.k) / (c[s].value * ti.fraction_used);
    for (Eigen::Index p = first; p < first + n[s]; ++p) {
      const double hv = H * hermite_normalized<double>(ti.k, inst.W0.row(p).dot(bhat));
      if (hv == 0) continue;
      const Eigen::Index r = (inst.a(p) > 0) == (hv > 0) ? p : p + M;
      res.W_star.row(r) = (row_scale * std::sqrt(std::abs(hv))) * t.beta.transpose();
    }
    expected += 8.0 * ti.cost * ti.cost / ti.fraction_used;
    const double b4 = std::pow(ti.beta_norm, 4);
    var4 += static_cast<double>(n[s]) * std::pow(H, 4) * (ti.e_h4 - 1.0) * b4 * b4;
    first += n[s];
  }
  res.expected_norm24_4 = expected;
  res.norm24_4_std = 16.0 / static_cast<double>(m) * std::sqrt(std::max(var4, 0.0));
  res.predicted_limit = 8.0 * total * total;
  res.norm24 = mixed_norm(res.W_star, 4.0);
  res.norm24_4 = std::pow(res.norm24, 4);

  // Fit on the instance's inputs.
  res.f_star = target_values(target, inst.X);
  res.f_q = taylor_term(inst, res.W_star, 2);
  const Vector<double> r = res.f_q - res.f_star;
  res.fit_rms = std::sqrt(r.squaredNorm() / static_cast<double>(r.size()));
  res.fit_max = r.cwiseAbs().maxCoeff();
  if (opt.predict_fit_error) {
    res.expected_mse = expected_fit_mse(inst.activation, target, res.terms, m, inst.X, opt.variance_nodes);
    res.predicted_fit_rms = std::sqrt(res.expected_mse.mean());
  }
  return res;
}

ExpressivityResult express(const Instance<double>& inst, const ExpressTarget& target, const ExpressOptions& opt) {
  validate_express_instance(inst);
  return express(inst, target, express_coefficients(inst.activation, target, opt), opt);
}

}  // namespace beyondlin
