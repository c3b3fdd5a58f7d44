// SC-7 (SPEC §6.3, §4.4 "Dimension factor", G1-G3): the dimension dependence of the class complexities.
//   - quadratic class R_Q = R_S(F^Q(1)) vs d at n >= 50 d on isotropic data (x ~ Unif(S^{d-1})): d^{-1/2}
//     (SPEC interval for the slope: [-0.6, -0.35]); its ratio to sqrt(||Sigma_n|| log(2dm) / n) stays flat;
//   - on rank-2 data (x uniform on the unit circle of span(e1, e2)): d^0;
//   - NTK class R_L = R_S(F^L(1)) vs d: d^0 on both;
//   - both classes vs n at fixed d: n^{-1/2}.
// Each law is a log-log least-squares fit over the sweep (slope and its standard error from the residuals); the
// complexities are Monte Carlo means over Rademacher draws of the exact suprema (rademacher_complexity), averaged over
// the instances drawn at each size. A slope is accepted inside an interval of half-width 0.125 around the law:
//   - d^{-1/2}: the SPEC's interval [-0.6, -0.35] (centre -0.475, half-width 0.125);
//   - the flat laws (ratio, rank-2 data, NTK) and n^{-1/2}: the same half-width around 0 and -1/2. A flat law then
//     excludes the competing d^{-1/2} (and vice versa): the intervals are 0.35 apart.
// Why d^{-1/2}: A_r is a d x d Rademacher series with E A_r^2 ~ (1/n) sigma''^2 (1/d) I, so lambda_max(A_r) ~
// 2 sqrt(1/(n d)) for large d; the ratio column absorbs the log(2dm) factor. Small d flattens the slope (the edge of the
// spectrum of a small random matrix lies below 2 sigma), which is why the sweep starts at d = 8 (SPEC §6.6 range 8..128;
// quick preset 16..64). Why d^0 on rank-2 data: t_ir and A_r live in span(e1, e2), whose law does not depend on d.
// Why d^0 for the NTK class: E ||G||_F^2 = tr K / n^2 = (1/n^2) sum_i (1/m) sum_r sigma'(t_ir)^2 ||x_i||^2, with
// t ~ N(0, 1) for unit x whatever d.
// Framework: every instance of every (d or n, data) point is one sweep point (sweep.hpp), and so is every instance of
// the SPEC §6.6 baseline; the seven laws are ScalingLaws (fit_scaling over the instances; with one instance the 95%
// intervals come from the regression residuals) drawn in figures/SC-7-{isotropic,ratio,rank2,n}.svg. The accepted
// slopes are unchanged: fit_power_law of the instance-mean curves, within the intervals above.

#include "check_util.hpp"
#include "scaling.hpp"
#include "sweep.hpp"

#include <beyondlin/rademacher.hpp>
#include <beyondlin/sample_complexity.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace beyondlin::checks {
namespace sc07 {  // this file's own scope, so that unity builds can combine files
namespace {

using json = nlohmann::ordered_json;

const char* kId = "SC-7";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// describe() plus the input distribution.
std::string describe_data(const InstanceOptions& o) { return describe(o) + ", " + o.data + " data"; }
constexpr double kHalfWidth = 0.125;

struct Point {
  double rq = 0, rl = 0, ratio = 0, khintchine = 0, rq_upper = 0;
  std::vector<double> q, l, r;  ///< per instance: R_Q, R_L, R_Q / sqrt(||Sigma_n|| log(2dm)/n) (the laws' replicates)
};

/// One point of a complexity sweep: (d, m, n, data, draws, ntk draws, instance). The sub-seeds of instance s are
/// tag * 1000 + s (the instance) and tag * 1000 + 500 + s (the sign draws), tag naming the sweep and the size.
struct PointSpec {
  std::string group;  ///< "vs-d" or "vs-n": part of the key (the two sweeps over the same sizes use different tags)
  int d = 0, m = 0, n = 0;
  const char* data = "sphere";
  int draws = 0, ntk_draws = 0;
  std::uint64_t tag = 0;
};

InstanceOptions point_options(const CheckContext& ctx, const PointSpec& p, int s) {
  InstanceOptions o = make_options(p.d, p.m, p.n, Activation::sincos, ctx.sub_seed(kId, p.tag * 1000 + s), "zero");
  o.data = p.data;
  return o;
}

/// The sweep tasks of `instances` instances of the point `p` (cost ~ the Lanczos/eigen work of the quadratic
/// supremum, draws x m x n d^2, plus the NTK GEMMs, ntk_draws x m n d).
void add_tasks(const CheckContext& ctx, const PointSpec& p, int instances, std::vector<SweepTask>& tasks) {
  for (int s = 0; s < instances; ++s) {
    const InstanceOptions o = point_options(ctx, p, s);
    const std::uint64_t seed = ctx.sub_seed(kId, p.tag * 1000 + 500 + s);
    const int draws = p.draws, ntk_draws = p.ntk_draws;
    const double cost = double(p.m) * p.n * p.d * (double(draws) * p.d + ntk_draws + p.d);
    tasks.push_back({p.group + " data=" + p.data + " d=" + std::to_string(p.d) + " n=" + std::to_string(p.n) +
                         " m=" + std::to_string(p.m) + " draws=" + std::to_string(draws) +
                         " ntk_draws=" + std::to_string(ntk_draws) + " instance=" + std::to_string(s),
                     cost, [o, seed, draws, ntk_draws]() -> json {
                       const Instance<double> inst = generate_instance(o);
                       const ComplexityEstimate q =
                           rademacher_complexity(inst, {FunctionClass::quadratic, 2}, 1.0, draws, seed);
                       const ComplexityEstimate l =
                           rademacher_complexity(inst, {FunctionClass::ntk, 1}, 1.0, ntk_draws, seed);
                       const QuadraticBounds b = quadratic_class_bounds(inst, 1.0, false);
                       return json{{"R_Q", q.mean}, {"R_Q_se", q.stderr_}, {"R_L", l.mean},
                                   {"sigma_norm", b.sigma_norm}, {"log_2dm", b.log_2dm}, {"khintchine", b.khintchine}};
                     }});
  }
}

/// Mean complexities over the `instances` sweep results of point `p` starting at results[t] (advances t), and the
/// G2 comparison of each instance.
Point measure(const CheckContext& ctx, const PointSpec& p, int instances, const std::vector<json>& results,
              std::size_t& t, MeasurementSet& ms) {
  Point pt;
  for (int s = 0; s < instances; ++s) {
    const json& r = results[t++];
    const double q_mean = r.at("R_Q").get<double>(), q_se = r.at("R_Q_se").get<double>();
    const double l_mean = r.at("R_L").get<double>();
    const double ratio = q_mean / std::sqrt(r.at("sigma_norm").get<double>() * r.at("log_2dm").get<double>() / double(p.n));
    pt.rq += q_mean / instances;
    pt.rl += l_mean / instances;
    pt.ratio += ratio / instances;
    pt.q.push_back(q_mean);
    pt.l.push_back(l_mean);
    pt.r.push_back(ratio);
    ms.at_most("R_Q (MC mean + 3 s.e.) <= G2 bound (B^2/2) C2 Bx sqrt(2 log(2dm) ||Sigma_n||/n)",
               q_mean + 3.0 * q_se, r.at("khintchine").get<double>(), kInequalityTol,
               "SPEC §6.6 (\"Khintchine bound always above\"), IN-8; upper 3-s.e. confidence limit of the mean",
               describe_data(point_options(ctx, p, s)) + ", " + std::to_string(p.draws) + " draws");
  }
  return pt;
}

/// The accepted slope (fit_power_law of the instance-mean curve, as reviewed) with the law's 95% interval in `where`.
void slope_measurement(MeasurementSet& ms, const std::string& name, double centre, const PowerFit& f,
                       const std::string& basis, const std::string& where, const ScalingLaw& law) {
  std::ostringstream w;
  w << where << "; slope " << fmt(f.slope) << " +- " << fmt(f.slope_stderr) << " (s.e.); 95% CI [" << fmt(law.slope_ci_lo)
    << ", " << fmt(law.slope_ci_hi) << "] (" << law.se_method << ")";
  ms.equal(name, centre, f.slope, 1.0, kHalfWidth, basis, w.str());
}

/// SPEC §6.6 regression baseline (the spec author's independent double-precision run): m = 16, n = 1000, B = 1,
/// 30 sign draws, isotropic data, d = 8..128: R_Q = 0.00844 at d = 8, 0.00291 at d = 128, slope -0.385. Those numbers
/// come from one set of random instances, so the comparison is statistical: with S instances per d here, the
/// tolerance is 3 sqrt(v/S + v) (our mean and the reference's single run), v the larger of the instance-to-instance
/// variance and the Monte Carlo variance of one 30-draw mean (a floor when the S values happen to agree).
void reference_baseline(const CheckContext& ctx, int instances, bool full_range, MeasurementSet& ms,
                        nlohmann::ordered_json& out) {
  const std::vector<int> dims = full_range ? std::vector<int>{8, 16, 32, 64, 128} : std::vector<int>{8};
  std::vector<SweepTask> tasks;
  for (std::size_t k = 0; k < dims.size(); ++k)
    for (int s = 0; s < instances; ++s) {
      const int d = dims[k];
      const InstanceOptions o = make_options(d, 16, 1000, Activation::sincos, ctx.sub_seed(kId, 90000 + k * 100 + s), "zero");
      const std::uint64_t seed = ctx.sub_seed(kId, 95000 + k * 100 + s);
      // the sub-seeds depend on the position k of d in {8, 16, 32, 64, 128} (the quick preset runs k = 0 only)
      tasks.push_back({"d=" + std::to_string(d) + " n=1000 m=16 draws=30 instance=" + std::to_string(s),
                       30.0 * 16 * 1000 * d * d, [o, seed]() -> json {
                         const ComplexityEstimate q = rademacher_complexity(generate_instance(o),
                                                                            {FunctionClass::quadratic, 2}, 1.0, 30, seed);
                         return json{{"R_Q", q.mean}, {"R_Q_se", q.stderr_}};
                       }});
    }
  const std::vector<json> results = ctx.sweep("SC-7 SPEC 6.6 baseline (isotropic, sincos, symmetric init)", std::move(tasks));
  std::vector<std::vector<double>> vals(dims.size());
  std::vector<double> mc_var(dims.size(), 0.0);
  std::size_t t = 0;
  for (std::size_t k = 0; k < dims.size(); ++k)
    for (int s = 0; s < instances; ++s) {
      const json& r = results[t++];
      const double se = r.at("R_Q_se").get<double>();
      vals[k].push_back(r.at("R_Q").get<double>());
      mc_var[k] += se * se / instances;
    }
  auto mean_var = [](const std::vector<double>& v, double& mean, double& var) {
    mean = 0;
    for (double x : v) mean += x / double(v.size());
    var = 0;
    for (double x : v) var += (x - mean) * (x - mean) / double(v.size() - 1);
  };
  const std::string basis =
      "SPEC §6.6 reference (one run of the spec author's random instances): tolerance 3 sqrt(v/S + v), v = max(variance "
      "over our S instances, Monte Carlo variance of one 30-draw mean)";
  const double ref_values[2] = {0.00844, 0.00291};
  const std::size_t ref_index[2] = {0, dims.size() - 1};
  for (int j = 0; j < (full_range ? 2 : 1); ++j) {
    const std::size_t k = ref_index[j];
    double mean = 0, var = 0;
    mean_var(vals[k], mean, var);
    const double v = std::max(var, mc_var[k]);
    const double tol = 3.0 * std::sqrt(v / instances + v) / ref_values[j];
    ms.equal("R_Q at the SPEC §6.6 configuration (m = 16, n = 1000, 30 draws), d = " + std::to_string(dims[k]) +
                 " (relative to the reference)",
             ref_values[j], mean, ref_values[j], tol, basis,
             std::to_string(instances) + " instances, per-instance sd " + fmt(std::sqrt(var)) + ", MC s.e. " +
                 fmt(std::sqrt(mc_var[k])));
    out.push_back({{"d", dims[k]}, {"R_Q", mean}, {"reference", ref_values[j]}});
  }
  if (!full_range) return;
  std::vector<double> xs(dims.begin(), dims.end()), slopes;
  for (int s = 0; s < instances; ++s) {
    std::vector<double> ys;
    for (std::size_t k = 0; k < dims.size(); ++k) ys.push_back(vals[k][static_cast<std::size_t>(s)]);
    slopes.push_back(fit_power_law(xs, ys).slope);
  }
  double mean = 0, var = 0;
  mean_var(slopes, mean, var);
  // The Monte Carlo floor for one slope: the 30-draw relative s.e. at the two ends, over log(128/8).
  const double mc = std::sqrt(mc_var.front() / (vals.front()[0] * vals.front()[0]) +
                              mc_var.back() / (vals.back()[0] * vals.back()[0])) / std::log(16.0);
  const double v = std::max(var, mc * mc);
  ms.equal("slope of log R_Q vs log d at the SPEC §6.6 configuration (d = 8..128, n = 1000 fixed)", -0.385, mean, 1.0,
           3.0 * std::sqrt(v / instances + v), basis,
           std::to_string(instances) + " instance sweeps, per-sweep slope sd " + fmt(std::sqrt(var)));
  out.push_back({{"slope", mean}, {"reference", -0.385}});
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> dims = ctx.pick<std::vector<int>>({16, 32, 64}, {8, 16, 32, 64, 128}, {8, 16, 32, 64, 128});
  const int n = ctx.pick(3200, 6400, 6400);  // >= 50 d at every d of the sweep
  const int m = 16;
  // Sign draws per point. The rank-2 sweep needs more: there A_r and G_eps live in a 2-dimensional space, so one
  // draw's supremum fluctuates by ~30% (against 3-5% for isotropic data at d >= 16); the NTK class costs one GEMM.
  const int draws = ctx.pick(6, 20, 30);
  const int draws_rank2 = ctx.pick(100, 200, 300);
  const int ntk_draws = ctx.pick(100, 200, 300);
  // Rank-2 sweep: n >= 50 x rank is enough for ||Sigma_n|| ~ 1/2 (the analogue of n >= 50 d); the smaller n pays for
  // the many draws.
  const int n_rank2 = 800;
  const int instances = ctx.pick(1, 1, 3);
  const int d_n = 16;
  const std::vector<int> ns =
      ctx.pick<std::vector<int>>({800, 1600, 3200}, {800, 1600, 3200, 6400}, {800, 1600, 3200, 6400, 12800});

  // The three sweeps (isotropic and rank-2 vs d, isotropic vs n) as one set of sweep points, one per instance.
  auto iso_spec = [&](int d) { return PointSpec{"vs-d", d, m, n, "sphere", draws, ntk_draws, static_cast<std::uint64_t>(d)}; };
  auto low_spec = [&](int d) {
    return PointSpec{"vs-d", d, m, n_rank2, "lowrank", draws_rank2, draws_rank2, 10000 + static_cast<std::uint64_t>(d)};
  };
  auto n_spec = [&](int nn) {
    return PointSpec{"vs-n", d_n, m, nn, "sphere", draws, ntk_draws, 20000 + static_cast<std::uint64_t>(nn)};
  };
  std::vector<SweepTask> tasks;
  for (int d : dims) {
    add_tasks(ctx, iso_spec(d), instances, tasks);
    add_tasks(ctx, low_spec(d), instances, tasks);
  }
  for (int nn : ns) add_tasks(ctx, n_spec(nn), instances, tasks);
  const std::vector<json> results = ctx.sweep("SC-7 class complexities (sincos, symmetric init, B = B_F = 1)", std::move(tasks));
  std::size_t t = 0;

  std::vector<double> xd, iso_q, iso_l, iso_ratio, low_q, low_l;
  // per instance s and size k, for the laws
  std::vector<std::vector<double>> v_iso_q(instances), v_iso_l(instances), v_iso_r(instances), v_low_q(instances),
      v_low_l(instances), v_nq(instances), v_nl(instances);
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  for (int d : dims) {
    const Point iso = measure(ctx, iso_spec(d), instances, results, t, ms);
    const Point low = measure(ctx, low_spec(d), instances, results, t, ms);
    xd.push_back(d);
    iso_q.push_back(iso.rq);
    iso_l.push_back(iso.rl);
    iso_ratio.push_back(iso.ratio);
    low_q.push_back(low.rq);
    low_l.push_back(low.rl);
    for (int s = 0; s < instances; ++s) {
      v_iso_q[s].push_back(iso.q[s]);
      v_iso_l[s].push_back(iso.l[s]);
      v_iso_r[s].push_back(iso.r[s]);
      v_low_q[s].push_back(low.q[s]);
      v_low_l[s].push_back(low.l[s]);
    }
    table.push_back({{"d", d}, {"R_Q_isotropic", iso.rq}, {"R_Q_over_sqrt(|Sigma_n| log(2dm)/n)", iso.ratio},
                     {"R_L_isotropic", iso.rl}, {"R_Q_rank2", low.rq}, {"R_L_rank2", low.rl}});
  }
  std::vector<double> xn, nq, nl;
  nlohmann::ordered_json ntable = nlohmann::ordered_json::array();
  for (int nn : ns) {
    const Point p = measure(ctx, n_spec(nn), instances, results, t, ms);
    xn.push_back(nn);
    nq.push_back(p.rq);
    nl.push_back(p.rl);
    for (int s = 0; s < instances; ++s) {
      v_nq[s].push_back(p.q[s]);
      v_nl[s].push_back(p.l[s]);
    }
    ntable.push_back({{"n", nn}, {"R_Q", p.rq}, {"R_L", p.rl}});
  }
  // The laws (SPEC §6.3 SC-7 gives exponents, no constants; replicates = the instances; the prefactor at the
  // predicted exponent is read at the largest d or n).
  const ScalingLaw law_iso_q = fit_scaling("R_Q, isotropic data", "d", xd, v_iso_q, -0.5, kNaN, xd.back());
  const ScalingLaw law_iso_r =
      fit_scaling("R_Q / sqrt(||Sigma_n|| log(2dm)/n), isotropic data", "d", xd, v_iso_r, 0.0, kNaN, xd.back());
  const ScalingLaw law_iso_l = fit_scaling("R_L, isotropic data", "d", xd, v_iso_l, 0.0, kNaN, xd.back());
  const ScalingLaw law_low_q = fit_scaling("R_Q, rank-2 data", "d", xd, v_low_q, 0.0, kNaN, xd.back());
  const ScalingLaw law_low_l = fit_scaling("R_L, rank-2 data", "d", xd, v_low_l, 0.0, kNaN, xd.back());
  const ScalingLaw law_nq = fit_scaling("R_Q vs n, d = 16", "n", xn, v_nq, -0.5, kNaN, xn.back());
  const ScalingLaw law_nl = fit_scaling("R_L vs n, d = 16", "n", xn, v_nl, -0.5, kNaN, xn.back());
  std::ostringstream sweep;
  sweep << "d = " << dims.front() << ".." << dims.back() << ", n = " << n << ", m = " << m << ", sincos, symmetric init, "
        << draws << " sign draws (NTK class: " << ntk_draws << ") x " << instances << " instance(s) per point";
  std::ostringstream sweep2;
  sweep2 << "d = " << dims.front() << ".." << dims.back() << ", n = " << n_rank2 << ", m = " << m
         << ", sincos, symmetric init, rank-2 data, " << draws_rank2 << " sign draws (both classes) x " << instances
         << " instance(s) per point";
  const std::string spec_interval = "SPEC §6.3 SC-7: slope in [-0.6, -0.35] for isotropic data at n >= 50 d";
  slope_measurement(ms, "slope of log R_Q vs log d, isotropic data (law d^{-1/2})", -0.475, fit_power_law(xd, iso_q),
                    spec_interval, sweep.str(), law_iso_q);
  slope_measurement(ms, "slope of log [R_Q / sqrt(||Sigma_n|| log(2dm)/n)] vs log d, isotropic (flat)", 0.0,
                    fit_power_law(xd, iso_ratio),
                    "SPEC §6.3 SC-7 (\"the ratio stays flat\"); half-width 0.125 as the SPEC's d^{-1/2} interval, so "
                    "d^0 (slope +0.5 here) is excluded",
                    sweep.str(), law_iso_r);
  slope_measurement(ms, "slope of log R_Q vs log d, rank-2 data (law d^0)", 0.0, fit_power_law(xd, low_q),
                    "SPEC §6.3 SC-7 (d^0 for rank-2 data); half-width 0.125 (the SPEC interval's), excluding d^{-1/2}",
                    sweep2.str(), law_low_q);
  slope_measurement(ms, "slope of log R_L vs log d, isotropic data (law d^0)", 0.0, fit_power_law(xd, iso_l),
                    "SPEC §6.3 SC-7 (NTK class d^0); half-width 0.125", sweep.str(), law_iso_l);
  slope_measurement(ms, "slope of log R_L vs log d, rank-2 data (law d^0)", 0.0, fit_power_law(xd, low_l),
                    "SPEC §6.3 SC-7 (NTK class d^0); half-width 0.125", sweep2.str(), law_low_l);
  std::ostringstream nsweep;
  nsweep << "n = " << ns.front() << ".." << ns.back() << ", d = " << d_n << ", m = " << m << ", isotropic";
  slope_measurement(ms, "slope of log R_Q vs log n (law n^{-1/2})", -0.5, fit_power_law(xn, nq),
                    "SPEC §6.3 SC-7 (both classes proportional to n^{-1/2}); half-width 0.125", nsweep.str(), law_nq);
  slope_measurement(ms, "slope of log R_L vs log n (law n^{-1/2})", -0.5, fit_power_law(xn, nl),
                    "SPEC §6.3 SC-7 (both classes proportional to n^{-1/2}); half-width 0.125", nsweep.str(), law_nl);
  nlohmann::ordered_json ref = nlohmann::ordered_json::array();
  reference_baseline(ctx, ctx.pick(3, 4, 6), ctx.preset != Preset::quick, ms, ref);
  res.parameters["spec_6_6_baseline"] = ref;
  res.parameters["d_sweep"] = table;
  res.parameters["n_sweep"] = ntable;
  res.parameters["m"] = m;
  res.parameters["n_for_d_sweep"] = n;
  res.parameters["n_for_rank2_sweep"] = n_rank2;
  res.parameters["draws"] = draws;
  res.parameters["draws_rank2"] = draws_rank2;
  res.parameters["ntk_draws"] = ntk_draws;
  res.parameters["instances_per_point"] = instances;
  res.parameters["B"] = 1.0;
  res.parameters["activation"] = "sincos";
  res.laws = {law_iso_q, law_iso_r, law_iso_l, law_low_q, law_low_l, law_nq, law_nl};
  const std::string reps = std::to_string(instances) + " instance(s) per point";
  res.figures.push_back(scaling_figure(std::vector<ScalingLaw>{law_iso_q, law_iso_l}, "figures/SC-7-isotropic.svg",
                                       "SC-7: class complexities vs d, isotropic data", "Rademacher complexity",
                                       "R_Q = R_S(F^Q(1)) and R_L = R_S(F^L(1)) on x ~ Unif(S^{d-1}), n = " +
                                           std::to_string(n) + ", m = 16 (" + reps + "), with SPEC's d^{-1/2} and d^0 "
                                           "(anchored at the largest d)."));
  res.figures.push_back(scaling_figure(law_iso_r, "figures/SC-7-ratio.svg",
                                       "SC-7: R_Q / sqrt(||Sigma_n|| log(2dm)/n) vs d, isotropic data", "ratio",
                                       "The quadratic class complexity over its G2 scale, isotropic data (" + reps +
                                           "): SPEC's flat law (anchored at the largest d) and the least-squares fit."));
  res.figures.push_back(scaling_figure(std::vector<ScalingLaw>{law_low_q, law_low_l}, "figures/SC-7-rank2.svg",
                                       "SC-7: class complexities vs d, rank-2 data", "Rademacher complexity",
                                       "R_Q and R_L on x uniform on the unit circle of span(e1, e2), n = " +
                                           std::to_string(n_rank2) + " (" + reps + "), with SPEC's d^0 (anchored at the "
                                           "largest d)."));
  res.figures.push_back(scaling_figure(std::vector<ScalingLaw>{law_nq, law_nl}, "figures/SC-7-n.svg",
                                       "SC-7: class complexities vs n (d = 16, isotropic)", "Rademacher complexity",
                                       "R_Q and R_L against the sample size at d = 16 (" + reps + "), with SPEC's "
                                       "n^{-1/2} (anchored at the largest n)."));
  res.measurements = ms.list();
  res.notes.push_back("Fitted laws with 95% CIs: R_Q isotropic slope " + fmt(law_iso_q.slope) + " [" +
                      fmt(law_iso_q.slope_ci_lo) + ", " + fmt(law_iso_q.slope_ci_hi) + "] against the exponent -1/2; the "
                      "ratio to sqrt(||Sigma_n|| log(2dm)/n) " + fmt(law_iso_r.slope) + " [" + fmt(law_iso_r.slope_ci_lo) +
                      ", " + fmt(law_iso_r.slope_ci_hi) + "] against 0. At these d the local slope of R_Q is flatter "
                      "than -1/2 (the log(2dm) factor, which the ratio absorbs, and the spectrum edge of small random "
                      "matrices), which is why the SPEC's acceptance is the interval [-0.6, -0.35].");
  res.notes.push_back("SPEC §6.6 reference (m = 16, n = 1000 fixed, d = 8..128): R_Q 0.00844 -> 0.00291, slope -0.385, "
                      "steepening towards -0.5 as n/d grows; it is re-measured here as a regression baseline (quick: "
                      "d = 8 only). The SPEC interval is tested at n >= 50 d at every d; the local slope still flattens "
                      "at small d (see the ratio column), so d starts at 8 (16 in the quick preset).");
  return res;
}

}  // namespace
}  // namespace sc07

Check check_sc07_dimension_factor() {
  return {{sc07::kId, "Dimension factor of the class complexities", "§4.4 (G1-G3, Dimension factor); §6.3; §6.6",
           "[derived]",
           "R_S(F^Q(1)) ~ d^{-1/2} on isotropic data (n >= 50d; slope in [-0.6, -0.35]) with R_Q/sqrt(||Sigma_n|| "
           "log(2dm)/n) flat; d^0 on rank-2 data; the NTK class d^0 on both; both ~ n^{-1/2}."},
          sc07::run};
}

}  // namespace beyondlin::checks
