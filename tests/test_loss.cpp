// loss.hpp: losses ell(yhat, y), derivatives 0..4, constants L_k (SPEC §1.1).
#include "support.hpp"

using namespace bltest;

namespace {

using mp = scalar_mp50;

/// Natural magnitude of the closed form of ell^(k)(yhat, y) and of its rounding error / u
/// (support.hpp conventions). logistic: (-y)^k softplus^(k)(z), z = -y yhat carries one rounding,
/// which moves the value by |softplus^(k+1)(z)| u |z|.
double loss_eval_mag(Loss l, int k, double yhat, double y) {
  const double s = std::abs(yhat) + std::abs(y);
  switch (l) {
    case Loss::square: return k == 0 ? s * s : (k == 1 ? s : (k == 2 ? 1.0 : 0.0));
    case Loss::logistic: {
      const double z = -y * yhat;
      return std::pow(std::abs(y), k) *
             (eval_mag(Activation::softplus, k, z) + eval_mag(Activation::softplus, k + 1, z) * (1 + std::abs(z)));
    }
    case Loss::absolute: return k == 0 ? s : (k == 1 ? 1.0 : 0.0);
    case Loss::huber: return k == 0 ? s * s + s : (k == 1 ? s + 1 : (k == 2 ? 1.0 : 0.0));
  }
  return 0;
}

Loss draw_loss() {
  const auto& all = all_losses();
  const Loss l = all[*bltest::uniform_in<std::size_t>(0, all.size())];
  RC_LOG() << "loss = " << loss_name(l) << "\n";
  return l;
}

double draw_value(const char* name, double lim) {
  const long k = *bltest::uniform_in<long>(-long(lim * 1e6), long(lim * 1e6) + 1);
  const double v = double(k) / 1e6;
  RC_LOG() << name << " = " << std::setprecision(17) << v << "\n";
  return v;
}

double draw_label(Loss l) {
  if (l == Loss::logistic && *bltest::uniform_in(0, 2)) {
    const double y = *bltest::uniform_in(0, 2) ? 1.0 : -1.0;  // the canonical labels
    RC_LOG() << "y = " << y << "\n";
    return y;
  }
  return draw_value("y", 2.0);
}

/// Distance from yhat to the nearest kink of the loss (absolute: r = 0; huber: |r| = 1).
double kink_distance(Loss l, double yhat, double y) {
  const double r = yhat - y;
  if (l == Loss::absolute) return std::abs(r);
  if (l == Loss::huber) return std::abs(std::abs(r) - 1.0);
  return 1e300;
}

}  // namespace

// Derivative k vs the central difference of derivative k-1 at 50 digits, h = 1e-15 (as for the
// activations: truncation h^2/6 |ell^(k+2)| <= 1.7e-31 mag, rounding 8 u50 mag / h <= 2.2e-35 mag;
// tolerance 4 x the sum).
RC_GTEST_PROP(Loss, DerivativeMatchesFiniteDifferenceMp50, ()) {
  const Loss l = draw_loss();
  const double y = draw_label(l), yhat = draw_value("yhat", 20.0);
  RC_PRE(kink_distance(l, yhat, y) > 1e-3);
  const mp h("1e-15");
  mp vp[5], vm[5], v0[5];
  loss_derivatives<mp>(l, mp(yhat) + h, mp(y), 4, vp);
  loss_derivatives<mp>(l, mp(yhat) - h, mp(y), 4, vm);
  loss_derivatives<mp>(l, mp(yhat), mp(y), 4, v0);
  for (int k = 1; k <= 4; ++k) {
    const double trunc = 1e-30 / 6.0 * loss_eval_mag(l, k + 2, yhat, y);
    const double round = 8.0 * unit_roundoff<mp>() / 1e-15 * loss_eval_mag(l, k - 1, yhat, y);
    rc_near("ell^(" + std::to_string(k) + ") vs FD", v0[k], mp((vp[k - 1] - vm[k - 1]) / (2 * h)), mp(4 * (trunc + round)));
  }
}

// double vs 50 digits: 8 u mag (+1e-300 for underflow of e^{-|z|} at |z| > 700).
RC_GTEST_PROP(Loss, DoubleAgreesWithMp50, ()) {
  const Loss l = draw_loss();
  const double y = draw_label(l), yhat = draw_value("yhat", 800.0);
  double vd[5];
  mp vm[5];
  loss_derivatives<double>(l, yhat, y, 4, vd);
  loss_derivatives<mp>(l, mp(yhat), mp(y), 4, vm);
  for (int k = 0; k <= 4; ++k)
    rc_near("double vs mp50 k=" + std::to_string(k), vd[k], D(vm[k]),
            8.0 * unit_roundoff<double>() * loss_eval_mag(l, k, yhat, y) + 1e-300);
  // loss_value is derivative 0
  rc_near("loss_value", loss_value<double>(l, yhat, y), vd[0], 8.0 * unit_roundoff<double>() * loss_eval_mag(l, 0, yhat, y));
}

// Closed forms (loss.hpp), 50 digits, 8 u50 mag.
RC_GTEST_PROP(Loss, ClosedForms, ()) {
  const Loss l = draw_loss();
  const double y = draw_label(l), yhat = draw_value("yhat", 20.0);
  mp v[5];
  loss_derivatives<mp>(l, mp(yhat), mp(y), 4, v);
  const mp r = mp(yhat) - mp(y);
  using std::abs;
  mp want[5];
  switch (l) {
    case Loss::square:
      want[0] = r * r / 2, want[1] = r, want[2] = 1, want[3] = 0, want[4] = 0;
      break;
    case Loss::logistic: {
      // d^k ell = (-y)^k softplus^(k)(-y yhat): cross-check against activation.hpp
      mp z = -mp(y) * mp(yhat), p = 1;
      for (int k = 0; k <= 4; ++k, p *= -mp(y)) want[k] = p * activation_derivative<mp>(Activation::softplus, z, k);
      break;
    }
    case Loss::absolute:
      want[0] = abs(r), want[1] = r > 0 ? 1 : (r < 0 ? -1 : 0), want[2] = 0, want[3] = 0, want[4] = 0;
      break;
    case Loss::huber:
      if (abs(r) <= 1) want[0] = r * r / 2, want[1] = r, want[2] = 1;
      else want[0] = abs(r) - mp(1) / 2, want[1] = r > 0 ? 1 : -1, want[2] = 0;
      want[3] = 0, want[4] = 0;
      break;
  }
  for (int k = 0; k <= 4; ++k) {
    if (l == Loss::huber && k == 2 && abs(r) == 1) continue;  // ell'' jumps at |r| = 1: either side is fine
    rc_near("closed form k=" + std::to_string(k), v[k], want[k], mp(8.0 * unit_roundoff<mp>() * loss_eval_mag(l, k, yhat, y)));
  }
}

TEST(Loss, LogisticSpecialValues) {
  // ell(0, y) = log 2, ell'(0, +-1) = -+1/2, ell''(0, +-1) = 1/4, ell'''(0, +-1) = 0 (4 u each).
  for (double y : {1.0, -1.0}) {
    mp v[5];
    loss_derivatives<mp>(Loss::logistic, mp(0), mp(y), 4, v);
    using std::log;
    const mp u = uT<mp>();
    EXPECT_TRUE(near("ell(0,y)", v[0], mp(log(mp(2))), mp(4 * u)));
    EXPECT_TRUE(near("ell'(0,y)", v[1], mp(-y / 2), mp(4 * u)));
    EXPECT_TRUE(near("ell''(0,y)", v[2], mp(0.25), mp(4 * u)));
    EXPECT_TRUE(near("ell'''(0,y)", v[3], mp(0), mp(4 * u)));
    EXPECT_TRUE(near("ell''''(0,y)", v[4], mp(-0.125), mp(4 * u)));
  }
  // no overflow / cancellation far out: ell(-800, 1) = 800 + log1p(e^-800) = 800; ell(800, 1) = e^-800
  // underflows to 0 in double but must be >= 0 and finite; ell'(yhat, 1) -> -1 / 0.
  EXPECT_EQ(loss_value<double>(Loss::logistic, -800.0, 1.0), 800.0);
  EXPECT_GE(loss_value<double>(Loss::logistic, 800.0, 1.0), 0.0);
  EXPECT_TRUE(std::isfinite(loss_value<double>(Loss::logistic, 800.0, 1.0)));
  double v[5];
  loss_derivatives<double>(Loss::logistic, -800.0, 1.0, 4, v);
  EXPECT_EQ(v[1], -1.0);
  for (double x : v) EXPECT_TRUE(std::isfinite(x));
  loss_derivatives<double>(Loss::logistic, 30.0, 1.0, 4, v);
  EXPECT_GT(v[0], 0.0);  // log(1 + e^-30) ~ 9.4e-14: must not be computed as log(1 + 9.4e-14) (error 1e-3 relative)
  // log1p(exp(-30)) in double is within 2 ulps of the truth (exp and log1p each <= 1 ulp): 4 u relative
  EXPECT_NEAR(v[0], std::log1p(std::exp(-30.0)), 4 * unit_roundoff<double>() * std::exp(-30.0));
}

// ------------------------------------------------------------------------------------------------
// Constants L_k = sup |ell^(k)| (labels |y| <= 1; logistic y = +-1)

TEST(LossConstants, Values) {
  const double inf = std::numeric_limits<double>::infinity();
  // logistic: 1, 1/4, 1/(6 sqrt 3), 1/8 (SPEC §1.1); closed constants, allowed up to 1e-14 above
  // (if computed numerically and rounded up) but never below.
  const double lg[4] = {1.0, 0.25, 1.0 / (6 * std::sqrt(3.0)), 0.125};
  for (int k = 1; k <= 4; ++k) {
    const double L = loss_sup_derivative(Loss::logistic, k);
    EXPECT_GE(L, lg[k - 1] * (1 - 2 * unit_roundoff<double>())) << k;
    EXPECT_LE(L, lg[k - 1] * (1 + 1e-14)) << k;
  }
  EXPECT_EQ(loss_sup_derivative(Loss::logistic, 0), inf);
  EXPECT_EQ(loss_sup_derivative(Loss::square, 0), inf);
  EXPECT_EQ(loss_sup_derivative(Loss::square, 1), inf);
  EXPECT_EQ(loss_sup_derivative(Loss::square, 2), 1.0);
  EXPECT_EQ(loss_sup_derivative(Loss::square, 3), 0.0);
  EXPECT_EQ(loss_sup_derivative(Loss::square, 4), 0.0);
  EXPECT_EQ(loss_sup_derivative(Loss::absolute, 1), 1.0);
  EXPECT_EQ(loss_sup_derivative(Loss::huber, 1), 1.0);
  EXPECT_EQ(loss_sup_derivative(Loss::huber, 2), 1.0);
}

TEST(LossConstants, BoundDerivativesOnGrid) {
  // |ell^(k)(yhat, y)| <= L_k for yhat on a grid of [-40, 40] (step 1e-3) and y = +-1 (plus, for
  // the label-independent constants of square/absolute/huber, y = 0.3): computed in long double,
  // so the evaluation error 8 u_ld mag is far below the 4-ulp margin of the constants.
  for (Loss l : all_losses())
    for (int k = 1; k <= 4; ++k) {
      const double L = loss_sup_derivative(l, k);
      if (!std::isfinite(L)) continue;
      for (double y : {1.0, -1.0, 0.3}) {
        if (l == Loss::logistic && y == 0.3) continue;
        long double gmax = 0;
        for (int j = 0; j <= 80000; ++j) {
          const long double yhat = -40.0L + j * 1e-3L;
          long double v[5];
          loss_derivatives<long double>(l, yhat, (long double)y, 4, v);
          gmax = std::max(gmax, std::abs(v[k]));
        }
        EXPECT_LE(double(gmax), L * (1 + 8 * unit_roundoff<double>())) << loss_name(l) << " k=" << k << " y=" << y;
        if (l == Loss::logistic) {  // attained (up to the grid: h^2/8 L_{k+2} <= 1.25e-7)
          EXPECT_GE(double(gmax), L - 1.25e-7) << loss_name(l) << " k=" << k;
        }
      }
    }
}

RC_GTEST_PROP(Loss, ConvexInPrediction, ()) {
  // Assumption L1 for all four losses: ell((a+b)/2) <= (ell(a) + ell(b))/2, in 50 digits (both sides
  // exact to 8 u50 mag); and ell'' >= 0 where defined.
  const Loss l = draw_loss();
  RC_ASSERT(loss_is_convex(l));
  const double y = draw_label(l), a = draw_value("a", 20.0), b = draw_value("b", 20.0);
  const mp mid = loss_value<mp>(l, (mp(a) + mp(b)) / 2, mp(y));
  const mp avg = (loss_value<mp>(l, mp(a), mp(y)) + loss_value<mp>(l, mp(b), mp(y))) / 2;
  const double mag = loss_eval_mag(l, 0, a, y) + loss_eval_mag(l, 0, b, y) + loss_eval_mag(l, 0, (a + b) / 2, y);
  rc_le("midpoint convexity", mid, avg, mp(8.0 * unit_roundoff<mp>() * mag));
  mp v[5];
  loss_derivatives<mp>(l, mp(a), mp(y), 4, v);
  rc_le("ell'' >= 0", mp(0), v[2], mp(8.0 * unit_roundoff<mp>() * loss_eval_mag(l, 2, a, y)));
}

TEST(LossNames, RoundTripErrorsSmoothness) {
  const std::vector<std::string> names{"square", "logistic", "absolute", "huber"};
  ASSERT_EQ(all_losses().size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(loss_name(all_losses()[i]), names[i]);
    EXPECT_EQ(parse_loss(names[i]), all_losses()[i]);
  }
  try {
    (void)parse_loss("hinge");
    ADD_FAILURE() << "no throw";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "loss");
    EXPECT_NE(std::string(e.what()).find("hinge"), std::string::npos) << e.what();
  }
  try {
    (void)parse_loss("Square", "--loss");
    ADD_FAILURE() << "no throw";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "--loss");
  }
  for (int k = 0; k <= 4; ++k) {
    EXPECT_TRUE(loss_is_smooth(Loss::square, k));
    EXPECT_TRUE(loss_is_smooth(Loss::logistic, k));
    EXPECT_EQ(loss_is_smooth(Loss::absolute, k), k == 0) << k;
    EXPECT_EQ(loss_is_smooth(Loss::huber, k), k <= 1) << k;
  }
}
