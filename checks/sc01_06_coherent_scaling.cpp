// SC-1 .. SC-6 (SPEC §6.3 table, reference run §6.6): scaling laws of the Taylor terms, of the sign
// randomization and of the squared loss under *coherent movement*, all measured on ONE sweep of
// instances (sweep "coherent-sincos-d10", points (seed s, width m)); every point computes all six
// quantities, so under `check all` (or `check run SC-1 ... SC-6`) each point is computed once.
//
// Instance (SPEC §6): d = 10, sigma = sin + cos, symmetric init (SPEC §1.3) with W0 rows N(0, I),
// one unit input x and a unit direction u with u^T x = kUx = 0.1116 exactly (up to rounding); the
// movement is w_r = m^{-1/4} rho u on the m/2 neurons with a_r = +1 and 0 elsewhere (rho = 1), and the
// label of SC-5 is y = 0.3. u^T x = 0.1116 reproduces SPEC §6.6's reference run (so its slopes
// 0.247, -0.250, -0.494, -0.252, -0.500 are comparable); a small c := rho u^T x also keeps the
// next-order corrections below 1% over the whole range (they are relative O(c m^{-1/4}) at most, see
// below), while SPEC §6's "|u^T x| >~ 0.5 for readable magnitudes" would only enlarge the numbers.
// The generator's own "coherent" movement draws u at random, so x and u are built here as in
// sc09_third_order.cpp.
//
// Derivations (the expectations are over W0; t_r = w_{0,r}^T x ~ N(0,1) since ||x|| = 1). Under
// symmetric init each pair (r, r + m/2) has exactly one neuron with a = +1, so the moved neurons carry
// m/2 i.i.d. values t_p, and on them u_r = w_r^T x = m^{-1/4} c. With G ~ N(0,1) and, for sin + cos,
// E sigma(G) = e^{-1/2}, E sigma'(G) = e^{-1/2}, E sigma''(G) = -e^{-1/2}, E sigma'''(G) = -e^{-1/2}
// (SPEC §1.5) and E sigma'(G)^2 = E (cos G - sin G)^2 = 1 - E sin 2G = 1:
//   SC-1  f^(1)_W = m^{-1/2} sum_p sigma'(t_p) m^{-1/4} c  ->  m^{1/4} c E sigma'(G) / 2
//         = (1/2) m^{1/4} rho u^T x e^{-1/2}; per-seed relative fluctuation sd(sigma'(G)) sqrt(2/m) / e^{-1/2}.
//   SC-2  Var_Sigma f = m^{-1} sum_p delta_p^2 (P3), delta_p = sigma'(t_p) sin(u_p) for sin + cos (§3.2)
//         -> (1/2) sin^2(m^{-1/4} c) E sigma'(G)^2 = m^{-1/2} c^2 / 2 (1 + O(c^2 m^{-1/2})), so
//         std -> m^{-1/4} rho |u^T x| / sqrt 2.
//   SC-3  E_Sigma f - f_W0 - f^Q_W = m^{-1/2} sum_p [sigma(t_p + u) + sigma(t_p - u)]/2 - sigma(t_p) - sigma''(t_p) u^2/2
//         = m^{-1/2} sum_p sum_{k >= 4 even} sigma^(k)(t_p) u^k / k!  (P2)
//         -> (m/2) m^{-1/2} E sigma''''(G) m^{-1} c^4 / 24 = m^{-1/2} rho^4 (u^T x)^4 e^{-1/2} / 48
//         (sigma'''' = sigma), relative correction -u^2/30 from the u^6 term.
//   SC-4  R_3 = f_{W0+W} - f_W0 - f^(1) - f^Q = m^{-1/2} sum_p sum_{k >= 3} sigma^(k)(t_p) u^k / k!
//         -> m^{-1/4} c^3 E sigma'''(G) / 12 = -m^{-1/4} rho^3 (u^T x)^3 e^{-1/2} / 12, next term
//         + m^{-1/2} c^4 e^{-1/2}/48, i.e. |R_3| has the relative correction -c m^{-1/4}/4 (0.25% at m = 2^14).
//   SC-6  f^Q_W = m^{-1/2} sum_p sigma''(t_p) m^{-1/2} c^2 / 2 -> c^2 E sigma''(G) / 4 = -rho^2 (u^T x)^2 e^{-1/2}/4;
//         the check fits -f^Q_W (positive), slope 0.
//   SC-5  squared loss, one sample, exact randomized loss (SPEC §3.4): L = [(F - y)^2 + Var]/2 with
//         F = E_Sigma f, and L^Q = (Q - y)^2/2 with Q = f_W0 + f^Q_W. With g := F - Q (the signed SC-3 gap)
//         the identity  L - L^Q = Var/2 + g (Q - y) + g^2/2  is exact. Var = O(m^{-1/2}), g = O(m^{-1/2}),
//         Q = O(1), so
//           L - L^Q = m^{-1/2} [ c^2 E sigma'(G)^2 / 4 + (c^4 E sigma(G) / 48) (c^2 E sigma''(G) / 4 - y) ] + O(m^{-1})
//                   = m^{-1/2} [ c^2/4 - (c^4 e^{-1/2}/48)(c^2 e^{-1/2}/4 + y) ] + O(m^{-1})
//         (the product of the fluctuations of g and Q is O(m^{-3/2})). For c = 0.1116, y = 0.3 the cross
//         term is -1.9e-4 relative to c^2/4: "~ Var/2" as SPEC says, and the check uses the full constant.
//         (C1) (SPEC §4.1) needs the Lipschitz constant L_1 of ell(., y) on the range its proof uses: the
//         hull of Q and every f_{W0 + Sigma W}, whose extreme values are F +- m^{-1/2} sum_r |delta_r| (P4),
//         so L_1 = max(|Q - y|, |F - y| + m^{-1/2} sum_r |delta_r|) (this grows like m^{1/4} here, so the
//         (C1) bound is O(1), not O(m^{-1/4})); (C1') uses L_1 on the segment [Q, F] only:
//         max(|Q - y|, |F - y|), with L_2 = 1 and C_4 = sqrt 2, and decays like m^{-1/2}.
// Replicates are seeds (independent W0, a, x, u). The generator draws W0's rows first, so the points of
// one seed at different widths share W0's first rows: the curves of a seed are correlated across m, and
// fit_scaling's jackknife over the seeds accounts for that.
//
// The predicted constants used in the prefactor comparisons are SPEC's closed forms; separate
// measurements check that they equal the derived expressions with the Gaussian expectations evaluated
// by a 64-node Gauss-Hermite rule (so a wrong closed form in SPEC would fail there).
//
// Precision (SC-3, SC-4): the SC-3 gap is ~2e-9 at m = 2^20, a difference of O(1) activation values.
// It is computed neuron by neuron from the even Taylor series up to order 16 (activation derivatives
// of the library; the truncation is below sqrt2 |u|^18 / 18! per neuron), and cross-checked at every
// point against the library's P2 mean minus f^Q (error / natural magnitude <= 1e-12) and at one point
// against a 50-digit evaluation (library in cpp_bin_float_50). R_3 is the library's taylor_remainder
// (per-neuron cancellation), also cross-checked at 50 digits.
//
// SC-5's L and L^Q are evaluated at every point from SPEC §3.4's closed form with the library's P2/P3
// moments (cheap for m = 2^20) and, for m <= 2^14, also with the library's Objective classes
// (randomized closed form, quadratic) as a cross-check.
//
// Library: generate_instance, taylor_terms, taylor_remainder, initial_output (network.hpp);
// randomized_moments (randomization.hpp, P2/P3); Objective randomized (closed form) and quadratic
// (objective.hpp); mixed_norm; activation_sup_bound, activation_derivatives; loss_sup_derivative;
// gauss_hermite_rule / gauss_hermite_expectation (hermite.hpp); fit_scaling (scaling.hpp).

#include "check_util.hpp"
#include "scaling.hpp"
#include "sweep.hpp"

#include <beyondlin/hermite.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/rng.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace beyondlin::checks {
namespace sc01 {  // this file's own scope, so that unity builds can combine files
namespace {

using json = nlohmann::ordered_json;

/// Seeds of the shared instances: ctx.sub_seed(kGroup, .) (the same for the six checks).
const char* kGroup = "SC-1..SC-6 coherent";
const char* kSweep = "coherent-sincos-d10";
const char* kSweepHp = "coherent-sincos-d10-mp50";
constexpr int kDim = 10;
constexpr double kUx = 0.1116;   ///< u^T x (SPEC §6.6)
constexpr double kRho = 1.0;
constexpr double kLabel = 0.3;   ///< y of SC-5 (as SPEC §6.6's SC-10 run)
constexpr int kEvenOrder = 16;   ///< the even Taylor series of SC-3 is summed up to this order
constexpr double kTailMin = 16384;  ///< SPEC §6.3: prefactors for m >= 2^14
constexpr double kSlopeTol = 0.03, kPrefactorTol = 0.03;  ///< SPEC §6.3 acceptance
const Activation kAct = Activation::sincos;

struct Grid {
  std::vector<int> widths;
  int seeds = 0;
  int hp_width = 0;  ///< width of the 50-digit cross-check (seed 0)
};

Grid grid(const CheckContext& ctx) {
  Grid g;
  const int top = ctx.pick(14, 20, 20);
  for (int e = 8; e <= top; e += 2) g.widths.push_back(1 << e);
  g.seeds = ctx.pick(16, 20, 40);
  g.hp_width = ctx.pick(1 << 10, 1 << 14, 1 << 16);
  return g;
}

std::string range_text(const Grid& g) {
  return "m = 2^" + std::to_string(int(std::log2(g.widths.front()))) + "..2^" +
         std::to_string(int(std::log2(g.widths.back()))) + ", " + std::to_string(g.seeds) + " seeds";
}

/// A unit input x and a unit direction u with u^T x = kUx (check_util.hpp).
void draw_x_u(std::uint64_t seed, Eigen::RowVectorXd& x, Eigen::RowVectorXd& u) {
  unit_pair_with_inner_product(seed, kDim, kUx, x, u);
}

/// The instance of seed s at width m: (a, W0) from the generator (symmetric init), input x, label
/// kLabel, coherent movement w_r = m^{-1/4} rho u where a_r = +1.
Instance<double> coherent_instance(std::uint64_t inst_seed, std::uint64_t xu_seed, int m) {
  Eigen::RowVectorXd x, u;
  draw_x_u(xu_seed, x, u);
  InstanceOptions o = make_options(kDim, m, 1, kAct, inst_seed, "zero", kRho, Init::symmetric, Loss::square, "zero");
  Instance<double> inst = generate_instance(o);
  inst.X.row(0) = x;
  inst.y(0) = kLabel;
  const double scale = std::pow(static_cast<double>(m), -0.25) * kRho;
  for (Eigen::Index r = 0; r < m; ++r)
    if (inst.a(r) > 0) inst.W.row(r) = scale * u;
  return inst;
}

/// E_Sigma f - f_W0 - f^Q_W (P2) summed neuron by neuron from the even Taylor series
/// sum_{k = 4, 6, .., kEvenOrder} sigma^(k)(t_r) u_r^k / k! (no cancellation of O(1) values).
/// Returns {gap, natural magnitude m^{-1/2} sum_r |term_r|, truncation bound}.
struct EvenGap {
  double gap = 0, mag = 0, tail = 0;
};

EvenGap even_series_gap(const Instance<double>& inst, const NeuronView<double>& v) {
  const Eigen::Index m = inst.m();
  CompensatedSum<double> sum, abs_sum, tail;
  // every derivative of sin + cos is a phase shift of it: sup |sigma^(k)| = sqrt 2 = C_0 for all k
  const double c_all = activation_sup_bound(kAct, 0);
  double fact[kEvenOrder + 3];
  fact[0] = 1;
  for (int k = 1; k <= kEvenOrder + 2; ++k) fact[k] = fact[k - 1] * k;
  double s[kEvenOrder + 1];
  for (Eigen::Index r = 0; r < m; ++r) {
    const double u = v.u(0, r);
    if (u == 0) continue;  // an unmoved neuron contributes exactly 0
    activation_derivatives(kAct, v.t(0, r), kEvenOrder, s);
    double p = 0;  // Horner in u^2 over the even orders kEvenOrder, .., 4
    for (int k = kEvenOrder; k >= 4; k -= 2) p = p * u * u + s[k] / fact[k];
    const double term = inst.a(r) * p * u * u * u * u;
    sum.add(term);
    abs_sum.add(std::abs(term));
    tail.add(c_all * std::pow(std::abs(u), kEvenOrder + 2) / fact[kEvenOrder + 2]);
  }
  const double inv = 1 / std::sqrt(static_cast<double>(m));
  return {sum.value() * inv, abs_sum.value() * inv, tail.value() * inv};
}

/// Widths up to which the SC-5 loss difference is also evaluated with the library's Objective
/// classes (randomized closed form, quadratic) as a cross-check of the P2/P3 + §3.4 formula.
constexpr int kObjectiveCheckMaxWidth = 1 << 14;

/// All six quantities (and their cross-checks) at one point (seed s, width m). Cost O(m d).
json coherent_point(std::uint64_t inst_seed, std::uint64_t xu_seed, int m) {
  const Instance<double> inst = coherent_instance(inst_seed, xu_seed, m);
  const double y = inst.y(0), md = static_cast<double>(m), inv_sqrt_m = 1 / std::sqrt(md);
  const double f0 = initial_output(inst)(0);
  const Matrix<double> terms = taylor_terms(inst, inst.W, 2);
  const double f1 = terms(0, 0), fQ = terms(0, 1);
  const double R3 = taylor_remainder(inst, inst.W, 2)(0);
  const SignMoments<double> mom = randomized_moments(inst, inst.W);
  const double F = mom.mean(0), var = mom.var(0);
  const NeuronView<double> v = neuron_view(inst, inst.W, 2);
  const EvenGap eg = even_series_gap(inst, v);
  // library P2 mean minus f_W0 + f^Q (a difference of O(1) sums) and its natural magnitude
  const Matrix<double> sp = shifted_activation(inst, v, +1), sm = shifted_activation(inst, v, -1);
  double naive_mag = 0, delta_abs = 0, fq_mag = 0;
  {
    CompensatedSum<double> a, b, c;
    for (Eigen::Index r = 0; r < m; ++r) {
      a.add((std::abs(sp(0, r)) + std::abs(sm(0, r))) / 2 + std::abs(v.s[0](0, r)));
      b.add(std::abs(sp(0, r) - sm(0, r)) / 2);
      c.add(std::abs(v.s[2](0, r)) * v.u(0, r) * v.u(0, r) / 2);
    }
    naive_mag = a.value() * inv_sqrt_m;
    delta_abs = b.value() * inv_sqrt_m;
    fq_mag = c.value() * inv_sqrt_m;
  }
  const double gap_naive = F - f0 - fQ;
  // SC-5: exact randomized squared loss L = [(F - y)^2 + Var]/2 (SPEC §3.4, P2/P3) and L^Q = (Q - y)^2/2
  const double Q = f0 + fQ, g = eg.gap;
  const double L = 0.5 * ((F - y) * (F - y) + var), LQ = 0.5 * (Q - y) * (Q - y);
  const double dL_identity = var / 2 + g * (Q - y) + g * g / 2;
  const double dL_scale = (std::abs(F - y) + std::abs(Q - y)) * (naive_mag + fq_mag) + var + L + LQ;
  // (C1) and (C1') (SPEC §4.1) with the local Lipschitz constants of the squared loss
  const double Bx = input_norm_bound(inst.X), B = mixed_norm(inst.W, 4.0);
  const double C1 = activation_sup_bound(kAct, 1), C3 = activation_sup_bound(kAct, 3), C4 = activation_sup_bound(kAct, 4);
  const double L2 = loss_sup_derivative(Loss::square, 2);
  const double L1_hull = std::max(std::abs(Q - y), std::abs(F - y) + delta_abs);
  const double L1_seg = std::max(std::abs(Q - y), std::abs(F - y));
  const double c1 = L1_hull * (C1 * Bx * B + C3 * std::pow(Bx * B, 3) / 6.0) * std::pow(md, -0.25);
  const double c1p = (L1_seg * C4 * std::pow(Bx * B, 4) / 24.0 + 0.5 * L2 * C1 * C1 * std::pow(Bx * B, 2)) / std::sqrt(md);
  json j = json::object();
  for (Eigen::Index r = 0; r < m; ++r)
    if (inst.a(r) > 0) {  // u^T x as realized (w_r^T x m^{1/4} / rho on a moved neuron)
      j["u_dot_x"] = inst.X.row(0).dot(inst.W.row(r)) * std::pow(md, 0.25) / kRho;
      break;
    }
  j["f0"] = f0;
  j["f1"] = f1;
  j["fQ"] = fQ;
  j["R3"] = R3;
  j["mean"] = F;
  j["var"] = var;
  j["gap"] = eg.gap;
  j["gap_mag"] = eg.mag;
  j["gap_tail"] = eg.tail;
  j["gap_naive"] = gap_naive;
  j["gap_naive_mag"] = naive_mag + fq_mag;
  j["L"] = L;
  j["LQ"] = LQ;
  j["dL"] = L - LQ;
  j["dL_identity"] = dL_identity;
  j["dL_scale"] = dL_scale;
  if (m <= kObjectiveCheckMaxWidth) {  // the library's objectives (objective.hpp) at the same point
    ObjectiveSpec rs;
    rs.kind = ObjectiveKind::randomized;
    rs.method = RandomizedMethod::closed_form;
    ObjectiveSpec qs;
    qs.kind = ObjectiveKind::taylor;
    qs.order = 2;
    const Vector<double> w = Objective<double>::flatten(inst.W);
    const double Lo = Objective<double>(inst, rs).data_value(w), LQo = Objective<double>(inst, qs).data_value(w);
    j["dL_objective"] = Lo - LQo;
  }
  j["B"] = B;
  j["L1_hull"] = L1_hull;
  j["L1_segment"] = L1_seg;
  j["C1_bound"] = c1;
  j["C1p_bound"] = c1p;
  return j;
}

/// The 50-digit cross-check of SC-3's gap and SC-4's R_3 at (seed 0, width m).
json coherent_point_hp(std::uint64_t inst_seed, std::uint64_t xu_seed, int m) {
  using T = scalar_mp50;
  const Instance<double> inst = coherent_instance(inst_seed, xu_seed, m);
  const NeuronView<double> v = neuron_view(inst, inst.W, kEvenOrder);
  const EvenGap eg = even_series_gap(inst, v);
  const SignMoments<double> mom = randomized_moments(inst, inst.W);
  const double gap_naive = mom.mean(0) - initial_output(inst)(0) - taylor_term(inst, inst.W, 2)(0);
  const double R3 = taylor_remainder(inst, inst.W, 2)(0);
  const Instance<T> hi = instance_cast<T>(inst);
  const SignMoments<T> mom_hi = randomized_moments(hi, hi.W);
  const T gap_hi = mom_hi.mean(0) - initial_output(hi)(0) - taylor_term(hi, hi.W, 2)(0);
  const T R3_hi = taylor_remainder(hi, hi.W, 2)(0);
  using std::abs;
  json j = json::object();
  j["m"] = m;
  j["gap_hp"] = to_double(gap_hi);
  j["gap_series"] = eg.gap;
  j["gap_series_abs_err"] = to_double(T(abs(T(eg.gap) - gap_hi)));
  j["gap_series_mag"] = eg.mag;
  j["gap_series_tail"] = eg.tail;
  j["gap_naive"] = gap_naive;
  j["gap_naive_abs_err"] = to_double(T(abs(T(gap_naive) - gap_hi)));
  j["R3_hp"] = to_double(R3_hi);
  j["R3"] = R3;
  j["R3_abs_err"] = to_double(T(abs(T(R3) - R3_hi)));
  // natural magnitude of the library's per-neuron remainder: m^{-1/2} sum_r |sigma(t_r + u_r)|
  const Matrix<double> sp = shifted_activation(inst, v, +1);
  j["R3_mag"] = compensated_sum(Matrix<double>(sp.cwiseAbs())) / std::sqrt(static_cast<double>(m));
  return j;
}

/// The shared points: results[s * widths + k] for seed s and width widths[k].
struct Points {
  Grid g;
  std::vector<json> res;
  const json& at(int s, std::size_t k) const { return res[static_cast<std::size_t>(s) * g.widths.size() + k]; }
  std::vector<std::vector<double>> values(const std::function<double(const json&)>& get) const {
    std::vector<std::vector<double>> v(static_cast<std::size_t>(g.seeds));
    for (int s = 0; s < g.seeds; ++s)
      for (std::size_t k = 0; k < g.widths.size(); ++k) v[static_cast<std::size_t>(s)].push_back(get(at(s, k)));
    return v;
  }
  std::vector<double> x() const { return std::vector<double>(g.widths.begin(), g.widths.end()); }
};

Points coherent_points(const CheckContext& ctx) {
  Points p;
  p.g = grid(ctx);
  std::vector<SweepTask> tasks;
  for (int s = 0; s < p.g.seeds; ++s)
    for (int m : p.g.widths) {
      const std::uint64_t inst_seed = ctx.sub_seed(kGroup, static_cast<std::uint64_t>(s));
      const std::uint64_t xu_seed = ctx.sub_seed(kGroup, 1000 + static_cast<std::uint64_t>(s));
      tasks.push_back({"seed=" + std::to_string(s) + " m=" + std::to_string(m), static_cast<double>(m) * kDim,
                       [inst_seed, xu_seed, m] { return coherent_point(inst_seed, xu_seed, m); }});
    }
  p.res = ctx.sweep(kSweep, std::move(tasks));
  return p;
}

json coherent_hp_point(const CheckContext& ctx, int m) {
  const std::uint64_t inst_seed = ctx.sub_seed(kGroup, 0), xu_seed = ctx.sub_seed(kGroup, 1000);
  std::vector<SweepTask> tasks;
  tasks.push_back({"seed=0 m=" + std::to_string(m), static_cast<double>(m) * kDim * 200,
                   [inst_seed, xu_seed, m] { return coherent_point_hp(inst_seed, xu_seed, m); }});
  return ctx.sweep(kSweepHp, std::move(tasks)).front();
}

// ---- Gaussian expectations of the derivation (64-node Gauss-Hermite) --------------------------

struct GaussConstants {
  double e[4];    ///< E sigma^(k)(G), k = 0..3
  double e1sq;    ///< E sigma'(G)^2
  double e2;      ///< E sigma''(G) (= e[2])
};

GaussConstants gauss_constants() {
  const GaussHermiteRule<double> rule = gauss_hermite_rule<double>(64);
  GaussConstants c;
  for (int k = 0; k < 4; ++k)
    c.e[k] = gauss_hermite_expectation(rule, [k](double t) { return activation_derivative(kAct, t, k); });
  c.e1sq = gauss_hermite_expectation(rule, [](double t) {
    const double d = activation_derivative(kAct, t, 1);
    return d * d;
  });
  c.e2 = c.e[2];
  return c;
}

/// SPEC's closed-form constant equals the derived expression (Gaussian expectations by quadrature).
void add_constant_identity(MeasurementSet& ms, const std::string& what, double spec_value, double derived) {
  ms.equal("SPEC §6.3 closed-form constant = derived " + what + " (E over G ~ N(0,1) by 64-node Gauss-Hermite)",
           spec_value, derived, std::abs(spec_value), kIdentityTol,
           "SPEC §6.1 relative tolerance 1e-12: the 64-node rule integrates polynomials of degree <= 127 exactly, "
           "and the Taylor remainder of sin, cos (or their squares) beyond degree 127 is below 1e-40 on the nodes' "
           "weighted range; the weights sum to 1 within ~64 u",
           "sigma = sin + cos, rho = 1, u^T x = " + fmt(kUx));
}

// ---- the common fit / measurement / figure part ------------------------------------------------

std::string slope_basis(const Grid& g) {
  return "SPEC §6.3: slope within +-0.03 of the predicted exponent; log-log least squares of the seed means, " +
         range_text(g);
}

/// SPEC §6.3's 3% prefactor acceptance, widened only to 3 standard errors of the measured prefactor
/// when the preset's seeds cannot resolve 3%.
void add_prefactor(MeasurementSet& ms, const ScalingLaw& law) {
  const double se_rel = law.tail_prefactor_se / std::abs(law.predicted_prefactor);
  const double tol = std::isfinite(se_rel) ? std::max(kPrefactorTol, 3 * se_rel) : kPrefactorTol;
  std::string basis;
  if (tol == kPrefactorTol)
    basis = "SPEC §6.3: prefactor within 3% for m >= 2^14 (here 3 x the standard error of the measured prefactor over "
            "the " + std::to_string(law.replicates) + " seeds is " + fmt(300 * se_rel) + "%, below 3%)";
  else
    basis = "SPEC §6.3 asks 3% for m >= 2^14; with only " + std::to_string(law.replicates) +
            " seeds the standard error of the measured prefactor is " + fmt(100 * se_rel) +
            "% of the constant, so the tolerance is max(3%, 3 x that standard error) = " + fmt(100 * tol) +
            "% (statistical resolution of this preset; the default and full presets use 3%)";
  add_prefactor_measurement(ms, law, tol, basis);
}

std::string law_note(const ScalingLaw& law, double ref_slope, const std::string& ref) {
  std::string s = "Fitted slope " + fmt(law.slope) + " (95% CI [" + fmt(law.slope_ci_lo) + ", " + fmt(law.slope_ci_hi) +
                  "]) vs predicted " + fmt(law.predicted_slope) + "; prefactor at the predicted exponent (m >= 2^14) " +
                  fmt(law.tail_prefactor) + " +- " + fmt(law.tail_prefactor_se) + " s.e. vs predicted " +
                  fmt(law.predicted_prefactor) + " (ratio " + fmt(law.tail_prefactor / law.predicted_prefactor) + ").";
  if (std::isfinite(ref_slope)) s += " SPEC §6.6 reference slope (20 seeds, m = 2^8..2^20, u^T x = 0.1116): " + fmt(ref_slope) + ".";
  if (!ref.empty()) s += " " + ref;
  return s;
}

void common_parameters(CheckResult& res, const Grid& g) {
  res.parameters["d"] = kDim;
  res.parameters["activation"] = activation_name(kAct);
  res.parameters["init"] = "symmetric, W0 rows N(0, I_d)";
  res.parameters["movement"] = "coherent: w_r = m^{-1/4} rho u on the m/2 neurons with a_r = +1, 0 elsewhere";
  res.parameters["u_dot_x"] = kUx;
  res.parameters["rho"] = kRho;
  res.parameters["x_norm"] = 1;
  res.parameters["widths"] = g.widths;
  res.parameters["seeds"] = g.seeds;
  res.parameters["tail_min_m"] = kTailMin;
  res.parameters["sweep"] = kSweep;
  res.parameters["replicates"] = "seeds: independent (W0, a, x, u); the widths of one seed share the first rows of W0 "
                                 "(the generator draws W0's rows first), so the standard errors are jackknifed over seeds";
}

/// Fit, measure and draw one law; returns it (also pushed to res.laws).
ScalingLaw standard_law(CheckResult& res, MeasurementSet& ms, const Points& p, const std::string& id,
                        const std::string& quantity, const std::function<double(const json&)>& get, double slope,
                        double prefactor, const std::string& title, const std::string& ylabel) {
  const ScalingLaw law = fit_scaling(quantity, "m", p.x(), p.values(get), slope, prefactor, kTailMin);
  add_slope_measurement(ms, law, kSlopeTol, slope_basis(p.g));
  add_prefactor(ms, law);
  res.laws.push_back(law);
  res.figures.push_back(scaling_figure(law, "figures/" + id + ".svg", title, ylabel,
                                       quantity + " versus the width m (coherent movement, d = 10, u^T x = " + fmt(kUx) +
                                           ", " + std::to_string(p.g.seeds) + " seeds), with SPEC §6.3's law."));
  return law;
}

/// Per-point agreement of the series gap (SC-3) with the library's P2 mean minus f^Q, and the
/// 50-digit cross-check of one point; shared by SC-3 and SC-4 (the second adds R_3's).
void add_precision_checks(const CheckContext& ctx, const Points& p, MeasurementSet& ms, bool gap, bool r3,
                          CheckResult& res) {
  const json hp = coherent_hp_point(ctx, p.g.hp_width);
  const std::string where = "seed 0, m = " + std::to_string(p.g.hp_width) + ", d = 10, u^T x = " + fmt(kUx);
  const double u = unit_roundoff<double>();
  if (gap) {
    for (int s = 0; s < p.g.seeds; ++s)
      for (std::size_t k = 0; k < p.g.widths.size(); ++k) {
        const json& q = p.at(s, k);
        ms.equal("gap by the per-neuron even series = library P2 mean - f_W0 - f^Q, / natural magnitude of the latter",
                 q["gap_naive"].get<double>(), q["gap"].get<double>(), q["gap_naive_mag"].get<double>(), kIdentityTol,
                 identity_basis<double>() + " (the library difference carries ~u x m^{-1/2} sum_r (|sigma(t+u)| + "
                                            "|sigma(t-u)|)/2 + |sigma(t)|, the natural magnitude used here)",
                 "seed " + std::to_string(s) + ", m = " + std::to_string(p.g.widths[k]));
      }
    const double err = hp["gap_series_abs_err"].get<double>(), tail = hp["gap_series_tail"].get<double>();
    const double mag = hp["gap_series_mag"].get<double>();
    ms.at_most("|gap (even series, double) - gap (50 digits)| <= series truncation bound + 32 u x m^{-1/2} sum_r |term_r|",
               err, tail + 32 * u * mag, 0.0,
               "Lagrange bound of the omitted orders >= 18 (sup|sigma^(k)| = sqrt 2) plus 32 unit roundoffs of the "
               "natural magnitude for the Horner evaluation and the compensated sum; the 50-digit value is the "
               "library's P2 mean minus f^Q in cpp_bin_float_50 (its own rounding ~1e-50)",
               where);
    const double gap_hp = hp["gap_hp"].get<double>();
    res.parameters["hp_check"]["m"] = p.g.hp_width;
    res.parameters["hp_check"]["gap_50_digits"] = gap_hp;
    res.parameters["hp_check"]["gap_series_rel_err"] = err / std::abs(gap_hp);
    res.parameters["hp_check"]["gap_library_difference_rel_err"] = hp["gap_naive_abs_err"].get<double>() / std::abs(gap_hp);
    res.notes.push_back("Precision: at " + where + " the gap is " + fmt(gap_hp) + " (50 digits); the per-neuron series "
                        "in double is off by " + fmt(err / std::abs(gap_hp)) + " relative, the plain difference of the "
                        "library's P2 mean and f^Q by " + fmt(hp["gap_naive_abs_err"].get<double>() / std::abs(gap_hp)) +
                        " relative: rounding is far below the 3% acceptance.");
  }
  if (r3) {
    const double err = hp["R3_abs_err"].get<double>(), mag = hp["R3_mag"].get<double>();
    ms.equal_error("R_3 (library taylor_remainder, double) = R_3 at 50 digits, / m^{-1/2} sum_r |sigma(t_r + u_r)|",
                   hp["R3_hp"].get<double>(), hp["R3"].get<double>(), err / mag, kIdentityTol,
                   identity_basis<double>() + " (the per-neuron remainder sigma(t+u) - Taylor polynomial is a "
                                              "difference of O(1) values, each good to a few u)",
                   where);
    const double r3_hp = hp["R3_hp"].get<double>();
    res.parameters["hp_check"]["m"] = p.g.hp_width;
    res.parameters["hp_check"]["R3_50_digits"] = r3_hp;
    res.parameters["hp_check"]["R3_rel_err"] = err / std::abs(r3_hp);
    res.notes.push_back("Precision: at " + where + " R_3 = " + fmt(r3_hp) + " (50 digits); the double value is off by " +
                        fmt(err / std::abs(r3_hp)) + " relative.");
  }
}

// ---- the six checks -----------------------------------------------------------------------------

CheckResult run_sc01(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const Points p = coherent_points(ctx);
  const GaussConstants gc = gauss_constants();
  const double spec = 0.5 * kRho * std::abs(kUx) * std::exp(-0.5);
  add_constant_identity(ms, "|E sigma'(G)| rho |u^T x| / 2", spec, std::abs(gc.e[1]) * kRho * std::abs(kUx) / 2);
  const ScalingLaw law = standard_law(res, ms, p, "SC-1", "|f^(1)_W(x)|", [](const json& q) { return std::abs(q["f1"].get<double>()); },
                                      0.25, spec, "SC-1: linear (NTK) term without randomization", "|f^(1)_W(x)|");
  common_parameters(res, p.g);
  res.parameters["predicted_prefactor"] = spec;
  res.measurements = ms.list();
  res.notes.push_back(law_note(law, 0.247, ""));
  res.notes.push_back("f^(1)_W = m^{-3/4} c sum_p sigma'(t_p) over the m/2 moved neurons: its mean (1/2) m^{1/4} c E sigma'(G) "
                      "grows, which is why the unrandomized network leaves the quadratic regime (SPEC §1.6).");
  return res;
}

CheckResult run_sc02(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const Points p = coherent_points(ctx);
  const GaussConstants gc = gauss_constants();
  const double spec = kRho * std::abs(kUx) / std::sqrt(2.0);
  add_constant_identity(ms, "rho |u^T x| sqrt(E sigma'(G)^2 / 2)", spec, kRho * std::abs(kUx) * std::sqrt(gc.e1sq / 2));
  const ScalingLaw law = standard_law(res, ms, p, "SC-2", "std_Sigma f_{W0+Sigma W}(x)",
                                      [](const json& q) { return std::sqrt(q["var"].get<double>()); }, -0.25, spec,
                                      "SC-2: standard deviation over the signs (exact, P3)", "std_Sigma f");
  common_parameters(res, p.g);
  res.parameters["predicted_prefactor"] = spec;
  res.measurements = ms.list();
  res.notes.push_back(law_note(law, -0.250, ""));
  res.notes.push_back("Var_Sigma f = m^{-1} sum_r delta_r^2 exactly (P3, library randomized_moments); the fluctuation that "
                      "the randomization leaves decays like m^{-1/4} while the unrandomized linear term (SC-1) grows like m^{1/4}.");
  return res;
}

CheckResult run_sc03(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const Points p = coherent_points(ctx);
  const GaussConstants gc = gauss_constants();
  const double spec = std::pow(kRho * kUx, 4) * std::exp(-0.5) / 48;
  add_constant_identity(ms, "rho^4 (u^T x)^4 |E sigma''''(G)| / 48 (sigma'''' = sigma)", spec,
                        std::pow(kRho * kUx, 4) * std::abs(gc.e[0]) / 48);
  const ScalingLaw law = standard_law(res, ms, p, "SC-3", "|E_Sigma f - f_W0 - f^Q_W|",
                                      [](const json& q) { return std::abs(q["gap"].get<double>()); }, -0.5, spec,
                                      "SC-3: mean gap of the randomized network to the quadratic model (P2)",
                                      "|E f - f_W0 - f^Q|");
  add_precision_checks(ctx, p, ms, true, false, res);
  common_parameters(res, p.g);
  res.parameters["predicted_prefactor"] = spec;
  res.parameters["gap_method"] = "per-neuron even Taylor series to order 16 (compensated sum); cross-checked per point "
                                 "against the library's P2 mean - f^Q and at one point against 50 digits";
  res.measurements = ms.list();
  res.notes.push_back(law_note(law, -0.494, ""));
  return res;
}

CheckResult run_sc04(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const Points p = coherent_points(ctx);
  const GaussConstants gc = gauss_constants();
  const double spec = std::pow(kRho * std::abs(kUx), 3) * std::exp(-0.5) / 12;
  add_constant_identity(ms, "rho^3 |u^T x|^3 |E sigma'''(G)| / 12", spec, std::pow(kRho * std::abs(kUx), 3) * std::abs(gc.e[3]) / 12);
  const ScalingLaw law = standard_law(res, ms, p, "SC-4", "|R_3(x)| = |f - f_W0 - f^(1) - f^Q|",
                                      [](const json& q) { return std::abs(q["R3"].get<double>()); }, -0.25, spec,
                                      "SC-4: unrandomized third-order remainder", "|R_3(x)|");
  add_precision_checks(ctx, p, ms, false, true, res);
  common_parameters(res, p.g);
  res.parameters["predicted_prefactor"] = spec;
  res.measurements = ms.list();
  res.notes.push_back(law_note(law, -0.252,
                               "Next order: R_3 = -m^{-1/4} c^3 e^{-1/2}/12 + m^{-1/2} c^4 e^{-1/2}/48 + ..., a relative "
                               "correction -c m^{-1/4}/4 to |R_3| (" + fmt(kUx / 4 / 16) + " at m = 2^8, " +
                                   fmt(kUx / 4 / std::pow(2.0, 3.5)) + " at m = 2^14)."));
  return res;
}

CheckResult run_sc05(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const Points p = coherent_points(ctx);
  const GaussConstants gc = gauss_constants();
  const double c = kRho * kUx;
  // derived leading constant: c^2 E sigma'^2 / 4 + (c^4 E sigma / 48) (c^2 E sigma'' / 4 - y)
  const double half_var = c * c * gc.e1sq / 4, cross = c * c * c * c * gc.e[0] / 48 * (c * c * gc.e2 / 4 - kLabel);
  const double pred = half_var + cross;
  const ScalingLaw law = fit_scaling("L(W) - L^Q(W)", "m", p.x(), p.values([](const json& q) { return q["dL"].get<double>(); }),
                                     -0.5, pred, kTailMin);
  add_slope_measurement(ms, law, kSlopeTol, slope_basis(p.g));
  add_prefactor(ms, law);
  res.laws.push_back(law);
  for (int s = 0; s < p.g.seeds; ++s)
    for (std::size_t k = 0; k < p.g.widths.size(); ++k) {
      const json& q = p.at(s, k);
      const std::string where = "seed " + std::to_string(s) + ", m = " + std::to_string(p.g.widths[k]);
      const std::string scale_text = " (natural magnitude (|F - y| + |Q - y|) x (magnitudes of the neuron sums of F and Q) "
                                     "+ Var + L + L^Q)";
      ms.equal("L - L^Q (P2/P3 closed form, SPEC §3.4) = Var/2 + g (Q - y) + g^2/2 (g by the even series), / natural magnitude",
               q["dL_identity"].get<double>(), q["dL"].get<double>(), q["dL_scale"].get<double>(), kIdentityTol,
               identity_basis<double>() + scale_text, where);
      if (q.contains("dL_objective"))
        ms.equal("L - L^Q: library Objective (randomized closed form minus quadratic) = P2/P3 closed form, m <= 2^14",
                 q["dL"].get<double>(), q["dL_objective"].get<double>(), q["dL_scale"].get<double>(), kIdentityTol,
                 identity_basis<double>() + scale_text, where);
      ms.at_most("(C1) L - L^Q <= L_1 (C_1 B_x B + C_3 B_x^3 B^3 / 6) m^{-1/4}, L_1 = max |yhat - y| on the hull of Q and all f_Sigma",
                 q["dL"].get<double>(), q["C1_bound"].get<double>(), kInequalityTol, inequality_basis(), where);
      ms.at_most("(C1') L - L^Q <= [L_1 C_4 (B_x B)^4 / 24 + L_2 C_1^2 (B_x B)^2 / 2] m^{-1/2}, L_1 = max |yhat - y| on [Q, F]",
                 q["dL"].get<double>(), q["C1p_bound"].get<double>(), kInequalityTol, inequality_basis(), where);
    }
  Figure fig = scaling_figure(law, "figures/SC-5.svg", "SC-5: squared loss L - L^Q (one sample, exact randomized loss)",
                              "L(W) - L^Q(W)",
                              "L - L^Q versus m (coherent movement, d = 10, u^T x = " + fmt(kUx) + ", y = " + fmt(kLabel) +
                                  ", " + std::to_string(p.g.seeds) + " seeds), the derived law, and the (C1), (C1') bounds "
                                  "(means over the seeds).");
  for (const char* key : {"C1_bound", "C1p_bound"})
    fig.series.push_back(mean_line(std::string(key) == "C1_bound" ? "(C1) bound (mean over seeds)"
                                                                   : "(C1') bound (mean over seeds)",
                                   p.x(), p.values([key](const json& q) { return q[key].get<double>(); })));
  res.figures.push_back(fig);
  common_parameters(res, p.g);
  res.parameters["label_y"] = kLabel;
  res.parameters["loss"] = "square";
  res.parameters["predicted_prefactor"] = pred;
  res.parameters["predicted_prefactor_terms"] = {{"half_variance c^2 E sigma'(G)^2 / 4", half_var},
                                                 {"cross (c^4 E sigma(G)/48)(c^2 E sigma''(G)/4 - y)", cross}};
  const json& last = p.at(0, p.g.widths.size() - 1);
  res.parameters["seed0_largest_m"] = {{"dL", last["dL"]}, {"C1_bound", last["C1_bound"]}, {"C1p_bound", last["C1p_bound"]},
                                       {"L1_hull", last["L1_hull"]}, {"L1_segment", last["L1_segment"]}};
  res.measurements = ms.list();
  res.notes.push_back(law_note(law, -0.500, ""));
  res.notes.push_back("Derived constant (SPEC gives only \"~ Var/2\"): L - L^Q = Var/2 + g (Q - y) + g^2/2 exactly, so the "
                      "m^{-1/2} coefficient is c^2 E sigma'(G)^2/4 + (c^4 E sigma(G)/48)(c^2 E sigma''(G)/4 - y) = " +
                      fmt(half_var) + " + (" + fmt(cross) + ") = " + fmt(pred) + " for c = " + fmt(c) + ", y = " +
                      fmt(kLabel) + ".");
  res.notes.push_back("(C1) for the squared loss (L_1 = inf globally, SPEC §1.1) uses the Lipschitz constant on the hull "
                      "of the predictions its proof touches, max(|Q - y|, |F - y| + m^{-1/2} sum_r |delta_r|); under coherent "
                      "movement m^{-1/2} sum_r |delta_r| grows like m^{1/4}, so this (C1) bound does not decay (seed 0, "
                      "largest m: " + fmt(last["C1_bound"].get<double>()) + " with L_1 = " +
                      fmt(last["L1_hull"].get<double>()) + "). (C1') needs L_1 only on [Q, F] and decays like m^{-1/2} (" +
                      fmt(last["C1p_bound"].get<double>()) + " there, against L - L^Q = " + fmt(last["dL"].get<double>()) +
                      "): both hold at every point, with wide margins.");
  return res;
}

CheckResult run_sc06(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const Points p = coherent_points(ctx);
  const GaussConstants gc = gauss_constants();
  const double spec = 0.25 * kRho * kRho * kUx * kUx * std::exp(-0.5);  // -f^Q; SPEC: f^Q -> -spec
  add_constant_identity(ms, "-rho^2 (u^T x)^2 E sigma''(G) / 4 (the limit of -f^Q)", spec, -kRho * kRho * kUx * kUx * gc.e2 / 4);
  const ScalingLaw law = standard_law(res, ms, p, "SC-6", "-f^Q_W(x)", [](const json& q) { return -q["fQ"].get<double>(); },
                                      0.0, spec, "SC-6: the quadratic term stays O(1)", "-f^Q_W(x)");
  common_parameters(res, p.g);
  res.parameters["predicted_prefactor"] = spec;
  res.parameters["fitted_quantity"] = "-f^Q_W(x) (SPEC: f^Q -> -rho^2 (u^T x)^2 e^{-1/2} / 4 < 0)";
  res.measurements = ms.list();
  res.notes.push_back(law_note(law, std::numeric_limits<double>::quiet_NaN(),
                               "The fit uses -f^Q_W(x), which is positive at every point when SPEC's sign is right "
                               "(a point with f^Q >= 0 would leave the log-log fit and the prefactor comparison would fail)."));
  return res;
}

const std::string kSection = "§6.3; §6.6; §1.6; §2; §3.2 (P2, P3)";

}  // namespace
}  // namespace sc01

Check check_sc01_linear_term() {
  return {{"SC-1", "Linear term without randomization grows like m^{1/4}", sc01::kSection,
           "[derived] (§1.6); [derived ✓] (§3.2); reproduced in §6.6",
           "Under coherent movement |f^(1)_W(x)| ~ (1/2) m^{1/4} rho |u^T x| e^{-1/2} (slope +1/4 within 0.03, prefactor "
           "within 3% for m >= 2^14)."},
          sc01::run_sc01};
}

Check check_sc02_randomized_std() {
  return {{"SC-2", "Sign-randomized standard deviation decays like m^{-1/4}", sc01::kSection,
           "[derived] (§1.6); [derived ✓] (§3.2 P3); reproduced in §6.6",
           "std_Sigma f_{W0+Sigma W}(x) ~ m^{-1/4} rho |u^T x| / sqrt 2 (slope -1/4 within 0.03, prefactor within 3% for "
           "m >= 2^14)."},
          sc01::run_sc02};
}

Check check_sc03_randomized_mean_gap() {
  return {{"SC-3", "Mean of the randomized network minus the quadratic model decays like m^{-1/2}", sc01::kSection,
           "[derived] (§1.6); [derived ✓] (§3.2 P2); reproduced in §6.6",
           "|E_Sigma f - f_W0 - f^Q_W| ~ m^{-1/2} rho^4 (u^T x)^4 e^{-1/2} / 48 (slope -1/2 within 0.03, prefactor within "
           "3% for m >= 2^14)."},
          sc01::run_sc03};
}

Check check_sc04_remainder() {
  return {{"SC-4", "Unrandomized third-order remainder decays like m^{-1/4}", sc01::kSection,
           "[derived] (§1.6, §2 remainders); reproduced in §6.6",
           "|R_3(x)| = |f - f_W0 - f^(1) - f^Q| ~ m^{-1/4} rho^3 |u^T x|^3 e^{-1/2} / 12 (slope -1/4 within 0.03, prefactor "
           "within 3% for m >= 2^14)."},
          sc01::run_sc04};
}

Check check_sc05_loss_coupling() {
  return {{"SC-5",
           "Squared-loss coupling L - L^Q decays like m^{-1/2} and obeys (C1)", sc01::kSection + "; §3.4; §4.1 (C1), (C1')",
           "[derived ✓] (§3.4 exact squared loss); (C1) [reconstructed, verify] with [derived] proof; reproduced in §6.6",
           "For the squared loss and one sample, L(W) - L^Q(W) ~ m^{-1/2} (~ Var/2; slope -1/2 within 0.03, derived "
           "prefactor within 3% for m >= 2^14) and stays below the (C1) bound at every point."},
          sc01::run_sc05};
}

Check check_sc06_quadratic_term() {
  return {{"SC-6", "Quadratic term stays O(1)", sc01::kSection, "[derived] (§1.6)",
           "f^Q_W(x) -> -rho^2 (u^T x)^2 e^{-1/2} / 4 (slope 0 within 0.03, value within 3% for m >= 2^14)."},
          sc01::run_sc06};
}

}  // namespace beyondlin::checks
