// ID-11 (SPEC §4.4 G3, §6.1): the exact supremum of the NTK class for one sign vector,
//   sup_{||W||_F <= B_F} (1/n) sum_i eps_i f^(1)_W(x_i) = B_F ||G_eps||_F,
//   G_eps rows g_r = (1/(n sqrt m)) sum_i eps_i a_r sigma'(t_ir) x_i,
// attained at W = B_F G_eps / ||G_eps||_F. Why: (1/n) sum_i eps_i f^(1)_W(x_i) = <G_eps, W> (linear in W), then
// Cauchy-Schwarz. The trace identity behind the bound of G3: E_eps ||G_eps||_F^2 = tr K / n^2 with
// tr K = sum_i (1/m) sum_r sigma'(t_ir)^2 ||x_i||^2 (E eps_i eps_j = delta_ij), hence E ||G_eps||_F <= sqrt(tr K)/n.
//
// Comparisons (library: ntk_class_sup, ntk_class_bounds; independent paths: taylor_term, per-row compensated sums,
// all 2^n sign vectors for n <= 12):
//   1. the objective at the maximizer (taylor_term) equals B_F ||G_eps||_F;   2. ||W*||_F = B_F;
//   3. G_eps (one GEMM) equals the explicit per-row sums;
//   4. no random feasible W (generic, or perturbations of the maximizer) exceeds it;
//   5. exact expectation over all 2^n signs (n <= 12): E ||G||_F^2 = tr K/n^2 and E B_F ||G||_F <= (B_F/n) sqrt(tr K).

#include "check_util.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/rademacher.hpp>
#include <beyondlin/rng.hpp>

#include <algorithm>
#include <cmath>

namespace beyondlin::checks {
namespace id11 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-11";

/// describe() plus the input distribution.
std::string describe_data(const InstanceOptions& o) { return describe(o) + ", " + o.data + " data"; }

void run_case(const InstanceOptions& o, double BF, int n_eps, int draws, std::uint64_t seed, MeasurementSet& ms,
              long& total) {
  const Instance<double> inst = generate_instance(o);
  const Eigen::Index m = inst.m(), d = inst.d(), n = inst.n();
  std::vector<Matrix<double>> deriv;
  activation_derivatives(inst.activation, pre_activations(inst.X, inst.W0), 1, deriv);
  const Matrix<double>& S1 = deriv[1];
  Rng rng(seed);
  for (int e = 0; e < n_eps; ++e) {
    const Vector<double> eps = draw_rademacher_signs(rng, n);
    const NtkSup s = ntk_class_sup(inst, eps, BF);
    const std::string where = describe_data(o) + ", B_F=" + fmt(BF) + ", eps draw " + std::to_string(e);
    // 1. the objective at the maximizer through the library's first Taylor term
    const Vector<double> f1 = taylor_term(inst, s.W, 1);
    const double at_max = compensated_sum(Vector<double>(eps.cwiseProduct(f1))) / double(n);
    const Matrix<double> U = pre_activations(inst.X, s.W);
    const double mag = (S1.array().abs() * U.array().abs()).sum() / (std::sqrt(double(m)) * double(n));
    ms.equal("(1/n) sum_i eps_i f^(1)_{W*}(x_i) [taylor_term] = B_F ||G_eps||_F (error / natural magnitude)", s.value,
             at_max, mag, kIdentityTol,
             "SPEC §6.1 (1e-12); both sides are sums of O(nmd) products whose rounding is a few u times the natural "
             "magnitude (1/n) sum_i m^{-1/2} sum_r |sigma'(t_ir)| |w_r^T x_i|",
             where);
    ms.equal("||W*||_F = B_F (error / B_F)", BF, s.W.norm(), BF, kIdentityTol, "SPEC §6.1; W* = B_F G/||G||_F", where);
    // 3. the GEMM G_eps against explicit compensated per-row sums
    double worst = 0;
    for (Eigen::Index r = 0; r < m; ++r) {
      for (Eigen::Index j = 0; j < d; ++j) {
        CompensatedSum<double> acc, mg;
        for (Eigen::Index i = 0; i < n; ++i) {
          const double t = eps(i) * inst.a(r) * S1(i, r) * inst.X(i, j);
          acc.add(t);
          mg.add(std::abs(t));
        }
        const double scale = mg.value() / (double(n) * std::sqrt(double(m)));
        const double err = std::abs(acc.value() / (double(n) * std::sqrt(double(m))) - s.G(r, j));
        if (scale > 0) worst = std::max(worst, err / scale);
        else if (err > 0) worst = std::numeric_limits<double>::infinity();
      }
    }
    ms.equal_error("G_eps (GEMM) = (1/(n sqrt m)) sum_i eps_i a_r sigma'(t_ir) x_i (worst entry, error / sum of |terms|)",
                   0.0, worst, worst, kIdentityTol,
                   "SPEC §6.1 (1e-12): a dot product of length n has error <= n u sum|terms| (GEMM), the compensated sum "
                   "2u; n <= 300 here",
                   where);
    // 4. random feasible points on the Frobenius sphere
    double best = -std::numeric_limits<double>::infinity();
    for (int t = 0; t < draws; ++t) {
      RowMatrix<double> W(m, d);
      if (t % 2 == 0) {
        for (Eigen::Index k = 0; k < W.size(); ++k) W.data()[k] = rng.normal();
      } else {
        const double rel = std::pow(10.0, -3.0 * rng.uniform());
        W = s.W;
        for (Eigen::Index k = 0; k < W.size(); ++k) W.data()[k] += rel * BF / std::sqrt(double(m * d)) * rng.normal();
      }
      W *= BF / W.norm();
      // <G_eps, W> by the same path as the maximizer's value: U = X W^T, sum_i eps_i m^{-1/2} sum_r a_r sigma' u_ir / n
      const Matrix<double> Uw = pre_activations(inst.X, W);
      Vector<double> per(n);
      for (Eigen::Index i = 0; i < n; ++i)
        per(i) = eps(i) * (S1.row(i).array() * inst.a.transpose().array() * Uw.row(i).array()).sum();
      best = std::max(best, compensated_sum(per) / (double(n) * std::sqrt(double(m))));
    }
    total += draws;
    ms.at_most("max over random W with ||W||_F = B_F of (1/n) sum_i eps_i f^(1)_W(x_i) <= G3", best, s.value,
               kInequalityTol, "SPEC §6.2 convention (1e-12 relative); half of the points perturb the maximizer",
               where + " (" + std::to_string(draws) + " draws)");
  }
}

/// Exact expectation over all 2^n sign vectors (n <= 12).
void run_enumeration(const InstanceOptions& o, double BF, MeasurementSet& ms) {
  const Instance<double> inst = generate_instance(o);
  const Eigen::Index n = inst.n();
  CompensatedSum<double> sq, nrm;
  Vector<double> eps(n);
  for (long b = 0; b < (1L << n); ++b) {
    for (Eigen::Index i = 0; i < n; ++i) eps(i) = (b >> i) & 1 ? -1.0 : 1.0;
    const NtkSup s = ntk_class_sup(inst, eps, BF);
    sq.add(s.G.squaredNorm());
    nrm.add(s.value);
  }
  const double count = std::ldexp(1.0, static_cast<int>(n));
  const NtkBounds b = ntk_class_bounds(inst, BF);
  const double want = b.trace_K / (double(n) * double(n));
  const std::string where = describe_data(o) + ", all 2^" + std::to_string(n) + " sign vectors";
  ms.equal("E_eps ||G_eps||_F^2 (exact, all signs) = tr K / n^2 (error / tr K / n^2)", want, sq.value() / count, want,
           kIdentityTol, "SPEC §6.1 (1e-12): E eps_i eps_j = delta_ij exactly over all sign vectors; compensated sums",
           where);
  ms.at_most("E_eps B_F ||G_eps||_F (exact) <= (B_F/n) sqrt(tr K)", nrm.value() / count, b.trace, kInequalityTol,
             "SPEC §6.2: Jensen, E||G|| <= (E||G||^2)^{1/2}", where);
  ms.at_most("(B_F/n) sqrt(tr K) <= B_F C1 Bx / sqrt(n)", b.trace, b.worst_case, kInequalityTol,
             "SPEC §6.2: sigma'(t_ir)^2 <= C1^2, ||x_i|| <= Bx (constants of the sample)", where);
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  struct Case {
    int d, m, n;
    Activation act;
    Init init;
    const char* data;
    double BF;
  };
  std::vector<Case> cases = {{5, 8, 20, Activation::sincos, Init::symmetric, "sphere", 1.0},
                             {8, 16, 60, Activation::tanh, Init::gaussian, "sphere", 3.0}};
  if (ctx.preset != Preset::quick) {
    cases.push_back({10, 32, 100, Activation::softplus, Init::symmetric, "lowrank", 1.0});
    cases.push_back({6, 64, 40, Activation::gelu, Init::gaussian, "cube", 0.5});
  }
  if (ctx.preset == Preset::full) cases.push_back({16, 128, 300, Activation::erf, Init::symmetric, "gaussian", 1.0});
  const int n_eps = ctx.pick(1, 2, 3);
  const int draws = ctx.pick(1500, 10000, 20000);
  long total = 0;
  nlohmann::ordered_json jc = nlohmann::ordered_json::array();
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const Case& k = cases[c];
    InstanceOptions o = make_options(k.d, k.m, k.n, k.act, ctx.sub_seed(kId, c), "zero", 1.0, k.init);
    o.data = k.data;
    run_case(o, k.BF, n_eps, draws, ctx.sub_seed(kId, 100 + c), ms, total);
    jc.push_back(describe_data(o) + ", B_F=" + fmt(k.BF));
  }
  const int n_enum = ctx.pick(8, 10, 12);
  InstanceOptions oe = make_options(4, 8, n_enum, Activation::sincos, ctx.sub_seed(kId, 200), "zero");
  run_enumeration(oe, 1.0, ms);
  res.parameters["instances"] = jc;
  res.parameters["sign_vectors_per_instance"] = n_eps;
  res.parameters["random_feasible_W_per_sign_vector"] = draws;
  res.parameters["random_feasible_W_total"] = total;
  res.parameters["enumeration"] = describe_data(oe);
  res.measurements = ms.list();
  return res;
}

}  // namespace
}  // namespace id11

Check check_id11_ntk_sup() {
  return {{id11::kId, "NTK-class supremum (G3)", "§4.4 (G3); §6.1", "[derived]",
           "sup_{||W||_F<=B_F} (1/n) sum_i eps_i f^(1)_W(x_i) = B_F ||G_eps||_F, attained at W = B_F G_eps/||G_eps||_F; "
           "E||G_eps||_F^2 = tr K/n^2."},
          id11::run};
}

}  // namespace beyondlin::checks
