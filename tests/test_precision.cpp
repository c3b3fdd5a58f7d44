// Agreement across precisions on the same instance: double, long double and 50 digits against the
// 100-digit evaluation (exact inputs: instance_cast is exact from double). Each difference must be
// within the first-order rounding bound of the lower precision: 8 u_T M for model quantities
// (support.hpp ModelMags) and 2 round_T(bound) for objectives (props_objective.hpp ObjMags), with M
// the same natural magnitudes as in the identity tests. The 100-digit side errs by ~1e-100 M.
#include "props_objective.hpp"

using namespace bltest;
using ref_t = scalar_mp100;

namespace {

struct Reference {
  Vector<ref_t> f, f0, rem, mean, var;
  Matrix<ref_t> taylor;
  std::vector<ref_t> obj_val, obj_gd, obj_hd;
  ref_t R, Rg;
};

template <class T> Vector<ref_t> up(const Vector<T>& v) {
  Vector<ref_t> o(v.size());
  for (Eigen::Index i = 0; i < v.size(); ++i) o(i) = ref_t(v(i));
  return o;
}

/// a scalar of type T as the reference type, exactly (long double and mp50 convert exactly to mp100)
template <class T> ref_t R_(const T& x) { return ref_t(x); }

template <class T>
void compare(const std::string& tname, const Instance<double>& in, const RowMatrix<double>& Dd, const std::vector<ObjCase>& cases,
             const Reference& ref) {
  const Instance<T> it = instance_cast<T>(in);
  const ModelMags mm(in);
  const double u = unit_roundoff<T>();
  auto near_ref = [&](const std::string& what, const T& got, const ref_t& want, double tol) {
    using boost::multiprecision::abs;
    const ref_t err = abs(R_(got) - want);
    if (!(err <= ref_t(tol)))
      RC_LOG() << tname << " " << what << ": got " << S(got) << " ref " << to_decimal_string(want, 25) << " |diff| "
               << to_decimal_string(err, 5) << " tol " << tol << "\n";
    RC_ASSERT(err <= ref_t(tol));
  };
  const Vector<T> f = network_output(it), f0 = initial_output(it), rem = taylor_remainder(it, it.W, 2);
  const Matrix<T> tt = taylor_terms(it, it.W, 4);
  const SignMoments<T> mom = randomized_moments(it, it.W);
  const auto Mf = mm.network(in.W), M0 = mm.network(RowMatrix<double>::Zero(in.m(), in.d())), Mmean = mm.randomized_mean(in.W),
             Mvar = mm.randomized_var(in.W);
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    near_ref("f", f(i), ref.f(i), 8 * u * Mf[i]);
    near_ref("f0", f0(i), ref.f0(i), 8 * u * M0[i]);
    double Mr = Mf[i] + M0[i];
    for (int k = 1; k <= 4; ++k) {
      const auto Mk = mm.taylor(in.W, k);
      near_ref("f^(" + std::to_string(k) + ")", tt(i, k - 1), ref.taylor(i, k - 1), 8 * u * Mk[i]);
      if (k <= 2) Mr += Mk[i];
    }
    near_ref("R_3", rem(i), ref.rem(i), 8 * u * Mr);
    near_ref("E_Sigma f", mom.mean(i), ref.mean(i), 16 * u * Mmean[i]);
    near_ref("Var_Sigma f", mom.var(i), ref.var(i), 8 * u * Mvar[i]);
  }
  const Vector<T> w = Objective<T>::flatten(it.W), dv = flat<T>(Dd);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const Objective<T> obj(it, cases[c].spec);
    const ObjMags om(in, cases[c].spec, cases[c].kind, in.W);
    Vector<T> g, h;
    const T v = obj.gradient(w, g);
    obj.hvp(w, dv, h);
    const std::string k = kind_name(cases[c].kind);
    near_ref(k + " value", v, ref.obj_val[c], 2 * om.round<T>(om.B(in.W, 0)));
    near_ref(k + " <grad, D>", T(g.dot(dv)), ref.obj_gd[c], 2 * om.round<T>(om.B(Dd, 1)));
    near_ref(k + " <D, H D>", T(dv.dot(h)), ref.obj_hd[c], 2 * om.round<T>(om.B(Dd, 2)));
  }
  const double a = std::pow(row_power_sum(in.W, 4), 0.25), b = std::pow(row_power_sum(Dd, 4), 0.25);
  const double cr = 16 * (in.m() + in.d() + 8) * u;
  near_ref("R", regularizer_value(it.W), ref.R, cr * std::pow(a, 8));
  near_ref("<grad R, D>", T(regularizer_gradient(it.W).cwiseProduct(castM<T>(Dd)).sum()), ref.Rg, cr * 8 * std::pow(a, 7) * b);
}

}  // namespace

RC_GTEST_PROP(Precision, DoubleLongDoubleMp50AgreeWithMp100, ()) {
  Budget bud = budget_mp50();
  DrawSpec ds = spec_from(bud);
  ds.activations = all_activations();
  ds.losses = {Loss::square, Loss::logistic};
  ds.mmax = bud.m_enum_max;
  const Instance<double> in = draw_instance(ds);
  const RowMatrix<double> Dd = draw_direction(in.m(), in.d(), "D");
  std::vector<ObjCase> cases;
  for (Kind k : {Kind::full, Kind::rand_closed, Kind::rand_enum, Kind::quadratic, Kind::taylor3, Kind::ntk}) {
    if (k == Kind::rand_closed && in.loss != Loss::square) continue;
    ObjCase c{in, spec_for(k), k};
    c.spec.lambda = 0.01;
    cases.push_back(c);
  }
  const Instance<ref_t> hi = instance_cast<ref_t>(in);
  Reference ref;
  ref.f = network_output(hi);
  ref.f0 = initial_output(hi);
  ref.rem = taylor_remainder(hi, hi.W, 2);
  ref.taylor = taylor_terms(hi, hi.W, 4);
  const SignMoments<ref_t> mom = randomized_moments(hi, hi.W);
  ref.mean = mom.mean;
  ref.var = mom.var;
  const Vector<ref_t> w = Objective<ref_t>::flatten(hi.W), dv = flat<ref_t>(Dd);
  for (const auto& c : cases) {
    const Objective<ref_t> obj(hi, c.spec);
    Vector<ref_t> g, h;
    ref.obj_val.push_back(obj.gradient(w, g));
    obj.hvp(w, dv, h);
    ref.obj_gd.push_back(g.dot(dv));
    ref.obj_hd.push_back(dv.dot(h));
  }
  ref.R = regularizer_value(hi.W);
  ref.Rg = regularizer_gradient(hi.W).cwiseProduct(castM<ref_t>(Dd)).sum();
  compare<double>("double", in, Dd, cases, ref);
  compare<long double>("long double", in, Dd, cases, ref);
  compare<scalar_mp50>("mp50", in, Dd, cases, ref);
}
