// ID-5 (SPEC §3.1, §3.2 P1 and P5, §6.1):
//   P1: f^(k)_{Sigma W} = f^(k)_W for even k; for odd k, f^(k)_{Sigma W} = (k! sqrt m)^{-1} sum_r a_r s_r
//       sigma^(k)(t_r) u_r^k, whose mean over Sigma is 0;
//   P5: for every fixed sign matrix S, L(SW) = L(W), L^Q(SW) = L^Q(W), R(SW) = R(W);
//   and grad L(0) = 0 (W = 0 is always stationary; exactly 0 for the closed-form squared loss).
//
// Library quantities: taylor_terms, apply_signs, draw_signs, for_each_sign_pattern,
// Objective "randomized" (closed form, enumeration, Monte Carlo) and "quadratic",
// regularizer_value, stochastic_gradient (scale of one pattern's gradient).

#include "check_util.hpp"

#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/regularizer.hpp>

namespace beyondlin::checks {
namespace id05 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-5";
constexpr int kOrder = 6;  // Taylor orders 1..6 for P1

/// P1 for the patterns in `signs` (and, when `mean_zero`, the mean of the odd terms over all 2^m patterns).
template <class T>
void check_p1(const Instance<T>& inst, const std::vector<std::vector<int>>& signs, bool mean_zero,
              const std::string& where, MeasurementSet& ms) {
  using std::abs;
  using std::sqrt;
  const std::string prec = scalar_name<T>();
  const double tol = identity_tolerance<T>();
  const Eigen::Index n = inst.n(), m = inst.m();
  const NeuronView<T> v = neuron_view(inst, inst.W, kOrder);
  // c[k](i, r) = a_r sigma^(k)(t_ir) u_ir^k / (k! sqrt m): the per-neuron terms of f^(k)_W.
  std::vector<Matrix<T>> c(kOrder + 1);
  std::vector<Vector<T>> S(kOrder + 1);
  Matrix<T> upow = Matrix<T>::Ones(n, m);
  T fact = 1;
  for (int k = 1; k <= kOrder; ++k) {
    fact *= T(k);
    upow = upow.cwiseProduct(v.u);
    c[k] = v.s[k].cwiseProduct(upow) / (fact * sqrt(T(m)));
    for (Eigen::Index r = 0; r < m; ++r) c[k].col(r) *= inst.a(r);
    S[k] = compensated_row_sums(Matrix<T>(c[k].cwiseAbs()));
  }
  const Matrix<T> base = taylor_terms(inst, inst.W, kOrder);
  const std::string basis = identity_basis<T>() + "; scale S_k(x) = sum_r |a_r sigma^(k)(t_r) u_r^k| / (k! sqrt m)";
  for (std::size_t p = 0; p < signs.size(); ++p) {
    const Matrix<T> flipped = taylor_terms(inst, apply_signs(inst.W, signs[p]), kOrder);
    Matrix<T> sc = c[1];
    for (int k = 1; k <= kOrder; ++k) {
      if (k % 2 == 1) {
        sc = c[k];
        for (Eigen::Index r = 0; r < m; ++r) sc.col(r) *= T(signs[p][r]);
      }
      const Vector<T> predicted = (k % 2 == 0) ? Vector<T>(base.col(k - 1)) : Vector<T>(compensated_row_sums(sc));
      for (Eigen::Index i = 0; i < n; ++i) {
        const std::string name = (k % 2 == 0) ? "even k: f^(k)_{Sigma W} vs f^(k)_W, error / S_k"
                                              : "odd k: f^(k)_{Sigma W} vs sum_r s_r (per-neuron term), error / S_k";
        ms.equal_error(name, to_double(predicted(i)), to_double(flipped(i, k - 1)),
                       scaled_diff<T>(flipped(i, k - 1), predicted(i), S[k](i)), tol, basis,
                       where + ", pattern " + std::to_string(p) + ", k=" + std::to_string(k) + ", sample " +
                           std::to_string(i),
                       prec);
      }
    }
  }
  if (mean_zero) {
    std::vector<std::vector<CompensatedSum<T>>> acc(kOrder + 1, std::vector<CompensatedSum<T>>(n));
    long count = 0;
    for_each_sign_pattern(static_cast<int>(m), [&](const std::vector<int>& s) {
      const Matrix<T> f = taylor_terms(inst, apply_signs(inst.W, s), kOrder);
      for (int k = 1; k <= kOrder; k += 2)
        for (Eigen::Index i = 0; i < n; ++i) acc[k][i].add(f(i, k - 1));
      ++count;
    });
    for (int k = 1; k <= kOrder; k += 2)
      for (Eigen::Index i = 0; i < n; ++i) {
        const T mean = acc[k][i].value() / T(count);
        ms.equal_error("odd k: mean over all 2^m patterns of f^(k)_{Sigma W} = 0, |mean| / S_k", 0, to_double(mean),
                       scaled_diff<T>(mean, T(0), S[k](i)), tol, basis,
                       where + ", k=" + std::to_string(k) + ", sample " + std::to_string(i), prec);
      }
  }
}

ObjectiveSpec randomized_spec(RandomizedMethod method, double lambda = 0.0, long pairs = 500, std::uint64_t seed = 1) {
  ObjectiveSpec sp;
  sp.kind = ObjectiveKind::randomized;
  sp.method = method;
  sp.lambda = lambda;
  sp.mc_pairs = pairs;
  sp.seed = seed;
  return sp;
}

ObjectiveSpec quadratic_spec() {
  ObjectiveSpec sp;
  sp.kind = ObjectiveKind::taylor;
  sp.order = 2;
  return sp;
}

/// P5 for the sign vectors in `signs`: values of L, L^Q (data terms) and R at SW equal those at W.
template <class T>
void check_p5(const Instance<T>& inst, RandomizedMethod method, const std::vector<std::vector<int>>& signs,
              const std::string& where, MeasurementSet& ms) {
  using std::abs;
  const std::string prec = scalar_name<T>();
  const double tol = identity_tolerance<T>();
  const Objective<T> L(inst, randomized_spec(method));
  const Objective<T> LQ(inst, quadratic_spec());
  const Vector<T> w = Objective<T>::flatten(inst.W);
  const T L0 = L.data_value(w), LQ0 = LQ.data_value(w), R0 = regularizer_value(inst.W);
  const std::string basis = identity_basis<T>() + "; relative to the value at W (L, L^Q, R >= 0 and of order 1 "
                                                  "here: labels N(0,1) or +-1)";
  const std::string lname = std::string("L(SW) vs L(W) [") + L.method() + ", " + loss_name(inst.loss) + "], relative";
  for (std::size_t p = 0; p < signs.size(); ++p) {
    const RowMatrix<T> SW = apply_signs(inst.W, signs[p]);
    const Vector<T> ws = Objective<T>::flatten(SW);
    const std::string wp = where + ", pattern " + std::to_string(p);
    const T L1 = L.data_value(ws), LQ1 = LQ.data_value(ws), R1 = regularizer_value(SW);
    ms.equal_error(lname, to_double(L0), to_double(L1), scaled_diff<T>(L1, L0, L0), tol, basis, wp, prec);
    ms.equal_error(std::string("L^Q(SW) vs L^Q(W) [") + loss_name(inst.loss) + "], relative", to_double(LQ0),
                   to_double(LQ1), scaled_diff<T>(LQ1, LQ0, LQ0), tol, basis, wp, prec);
    ms.equal_error("R(SW) vs R(W), relative", to_double(R0), to_double(R1), scaled_diff<T>(R1, R0, R0), tol, basis,
                   wp, prec);
  }
}

/// grad L(0) = 0 for the randomized objective with the given method.
void check_stationary(const Instance<double>& inst, const ObjectiveSpec& spec, const std::string& where,
                      MeasurementSet& ms) {
  const Objective<double> L(inst, spec);
  const Vector<double> zero = Vector<double>::Zero(inst.m() * inst.d());
  Vector<double> g;
  L.gradient(zero, g);
  const double gnorm = g.norm();
  const std::string w = where + (spec.lambda > 0 ? ", lambda=" + fmt(spec.lambda) : std::string());
  if (std::string(L.method()) == "closed-form") {
    ms.equal("||grad L(0)||_F, closed-form squared loss (exactly 0)", 0, g.cwiseAbs().maxCoeff(), 1.0, 0.0,
             "SPEC §6.1 ID-5: exactly 0. At W = 0 the odd parts [sigma(t+u) - sigma(t-u)]/2 and the derivative of the "
             "even part vanish identically (u = 0), so every gradient coefficient is an exact 0",
             w);
  } else {
    const RowMatrix<double> G1 =
        stochastic_gradient(inst, RowMatrix<double>(RowMatrix<double>::Zero(inst.m(), inst.d())),
                            std::vector<int>(static_cast<std::size_t>(inst.m()), 1));
    const double scale = G1.norm();
    ms.equal(std::string("||grad L(0)||_F / ||G_Sigma(0)||_F [") + L.method() + ", " + loss_name(inst.loss) + "]", 0,
             gnorm, scale, kIdentityTol,
             "SPEC §6.1 (1e-12 relative): the pattern contributions s_r g_r cancel in pairs (s, -s); the scale is the "
             "norm of one pattern's gradient G_Sigma(0) (SPEC §3.5)",
             w);
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({8, 256}, {8, 64, 1024, 16384}, {8, 64, 1024, 16384, 65536});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::gelu});
  const int seeds = ctx.pick(1, 2, 5);
  const int patterns = ctx.pick(2, 4, 8);
  const int enum_m = ctx.pick(8, 12, 14);
  const int d = 5, n = 8;
  for (Activation a : acts)
    for (int s = 0; s < seeds; ++s) {
      Rng rng(ctx.sub_seed(kId, 100 + s));
      const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
      for (int m : widths) {
        std::vector<std::vector<int>> signs;
        for (int p = 0; p < patterns; ++p) signs.push_back(draw_signs(rng, m));
        signs.push_back(std::vector<int>(static_cast<std::size_t>(m), -1));  // S = -I: L(-W) = L(W)
        InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", 1.0, init, Loss::square);
        const Instance<double> sq = generate_instance(o);
        check_p1(sq, signs, m <= 10, describe(o), ms);
        check_p5(sq, RandomizedMethod::closed_form, signs, describe(o), ms);
        check_stationary(sq, randomized_spec(RandomizedMethod::closed_form), describe(o), ms);
        if (m == widths.front()) check_stationary(sq, randomized_spec(RandomizedMethod::closed_form, 0.1), describe(o), ms);
        if (m <= 1024) {
          InstanceOptions ol = o;
          ol.loss = Loss::logistic;
          ol.target = "sign";
          check_stationary(generate_instance(ol),
                           randomized_spec(RandomizedMethod::monte_carlo, 0.0, 200, ctx.sub_seed(kId, 200 + s)),
                           describe(ol), ms);
        }
      }
      // logistic loss: exact L by the library's enumeration
      std::vector<std::vector<int>> signs;
      for (int p = 0; p < patterns; ++p) signs.push_back(draw_signs(rng, enum_m));
      InstanceOptions ol = make_options(d, enum_m, n, a, ctx.sub_seed(kId, s), "generic", 1.0, init, Loss::logistic,
                                        "sign");
      const Instance<double> lg = generate_instance(ol);
      check_p5(lg, RandomizedMethod::enumeration, signs, describe(ol), ms);
      check_stationary(lg, randomized_spec(RandomizedMethod::enumeration), describe(ol), ms);
    }
  ctx.log("double precision done; 50-digit run");
  {
    InstanceOptions o = make_options(3, 6, 3, Activation::sincos, ctx.sub_seed(kId, 1000), "generic", 1.0);
    const Instance<scalar_mp50> inst = instance_cast<scalar_mp50>(generate_instance(o));
    Rng rng(ctx.sub_seed(kId, 1001));
    std::vector<std::vector<int>> signs = {draw_signs(rng, 6), draw_signs(rng, 6)};
    check_p1(inst, signs, true, describe(o) + " (cast to 50 digits)", ms);
    check_p5(inst, RandomizedMethod::closed_form, signs, describe(o) + " (cast to 50 digits)", ms);
  }
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["seeds"] = seeds;
  res.parameters["random_sign_patterns_per_instance"] = patterns;
  res.parameters["taylor_orders"] = kOrder;
  res.parameters["logistic_enumeration_m"] = enum_m;
  res.parameters["logistic_monte_carlo"] = "200 antithetic pairs, m <= 1024 (grad L(0) only)";
  res.parameters["movement"] = "generic, rho = 1";
  res.parameters["mp50_instances"] = "m=6, d=3, n=3, sincos (P1, P5)";
  res.measurements = ms.list();
  res.notes.push_back("P5 is checked for random S and for S = -I (L(-W) = L(W)). The Monte Carlo objective is not "
                      "invariant under a fixed S (its pattern set changes), so P5 uses the exact methods only; "
                      "grad L(0) = 0 holds for Monte Carlo too because the patterns come in antithetic pairs.");
  res.notes.push_back("The mean-zero part of P1 enumerates all 2^m patterns for m <= 10.");
  return res;
}

}  // namespace
}  // namespace id05

Check check_id05_sign_invariance() {
  return {{id05::kId, "Sign flips: odd terms flip, even terms and losses invariant, grad L(0) = 0",
           "§3.1; §3.2 (P1, P5); §6.1", "[paper] (E f^(1)_{Sigma W} = 0, f^(2)_{Sigma W} = f^(2)_W) + [derived ✓] (P1, P5)",
           "Even Taylor terms are invariant under W -> Sigma W and odd ones flip neuron by neuron (mean 0); L, L^Q "
           "and R are invariant under any fixed sign matrix; hence grad L(0) = 0."},
          id05::run};
}

}  // namespace beyondlin::checks
