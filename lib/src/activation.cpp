// Non-template parts of activation.hpp: names, sup bounds C_k, Gaussian means.
#include "activation_impl.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

namespace beyondlin {

const std::vector<Activation>& all_activations() {
  static const std::vector<Activation> v = {Activation::sincos, Activation::tanh,  Activation::softplus,
                                            Activation::sigmoid, Activation::cubic, Activation::relu3,
                                            Activation::relu,    Activation::erf,   Activation::gelu};
  return v;
}

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::sincos: return "sincos";
    case Activation::tanh: return "tanh";
    case Activation::softplus: return "softplus";
    case Activation::sigmoid: return "sigmoid";
    case Activation::cubic: return "cubic";
    case Activation::relu3: return "relu3";
    case Activation::relu: return "relu";
    case Activation::erf: return "erf";
    case Activation::gelu: return "gelu";
  }
  return "?";
}

Activation parse_activation(const std::string& name, const std::string& field) {
  for (Activation a : all_activations())
    if (name == activation_name(a)) return a;
  throw InputError(field, "unknown activation \"" + name +
                              "\" (expected one of sincos, tanh, softplus, sigmoid, cubic, relu3, relu, erf, gelu)");
}

bool activation_is_smooth(Activation a, int k) {
  switch (a) {
    case Activation::relu: return k <= 0;
    case Activation::relu3: return k <= 2;
    default: return true;
  }
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

long double abs_derivative(Activation a, long double t, int k) {
  return std::fabs(activation_derivative<long double>(a, t, k));
}

/// max_t |sigma^(k)(t)| for a smooth activation whose derivatives of order k decay or saturate
/// outside [-40, 40]: grid scan + golden-section refinement of the best cells.
double numeric_sup(Activation a, int k) {
  const long double h = 1e-3L, lo = -40.0L, hi = 40.0L;
  const long n = std::lround((hi - lo) / h);
  std::vector<std::pair<long double, long>> vals;
  vals.reserve(n + 1);
  long double best = 0;
  for (long i = 0; i <= n; ++i) {
    long double v = abs_derivative(a, lo + h * i, k);
    vals.emplace_back(v, i);
    best = std::max(best, v);
  }
  // Refine every local maximum that is within 1% of the best grid value.
  for (long i = 1; i < n; ++i) {
    if (vals[i].first < vals[i - 1].first || vals[i].first < vals[i + 1].first) continue;
    if (vals[i].first < 0.99L * best) continue;
    long double x0 = lo + h * (i - 1), x1 = lo + h * (i + 1);
    const long double g = (std::sqrt(5.0L) - 1) / 2;
    long double c = x1 - g * (x1 - x0), d = x0 + g * (x1 - x0);
    for (int it = 0; it < 200 && x1 - x0 > 1e-18L; ++it) {
      if (abs_derivative(a, c, k) > abs_derivative(a, d, k)) x1 = d;
      else x0 = c;
      c = x1 - g * (x1 - x0);
      d = x0 + g * (x1 - x0);
    }
    best = std::max(best, abs_derivative(a, (x0 + x1) / 2, k));
  }
  // endpoints (saturating derivatives, e.g. k = 0 for tanh, erf)
  best = std::max({best, abs_derivative(a, lo, k), abs_derivative(a, hi, k)});
  double r = static_cast<double>(best);
  for (int i = 0; i < 4; ++i) r = std::nextafter(r, kInf);
  return r;
}

}  // namespace

double activation_sup_bound(Activation a, int k) {
  if (k < 0 || k > 8) throw std::invalid_argument("activation_sup_bound: order must be in 0..8");
  switch (a) {
    case Activation::sincos: return std::sqrt(2.0);
    case Activation::cubic: return k == 3 ? 1.0 : (k >= 4 ? 0.0 : kInf);
    case Activation::relu3: return k == 3 ? 1.0 : (k >= 4 ? 0.0 : kInf);
    case Activation::relu: return k == 1 ? 1.0 : (k >= 2 ? 0.0 : kInf);
    case Activation::softplus:
      if (k == 0) return kInf;
      break;
    case Activation::gelu:
      if (k == 0) return kInf;
      break;
    default: break;
  }
  static std::mutex mu;
  static std::map<std::pair<int, int>, double> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto key = std::make_pair(static_cast<int>(a), k);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  double v = numeric_sup(a, k);
  cache[key] = v;
  return v;
}

double activation_gaussian_mean(Activation a, int k) {
  if (k < 0 || k > kMaxActivationOrder) throw std::invalid_argument("activation_gaussian_mean: order out of range");
  const double inv_sqrt_2pi = 0.398942280401432677939946059934381868;
  switch (a) {
    case Activation::sincos: {
      // sigma^(k) = sin(t + k pi/2) + cos(t + k pi/2); E sin G = 0, E cos G = e^{-1/2}
      const double e = std::exp(-0.5);
      const double cyc[4] = {e, e, -e, -e};
      return cyc[k % 4];
    }
    case Activation::cubic: {
      const double c[4] = {0.5, 1.5, 1.0, 1.0};
      return k < 4 ? c[k] : 0.0;
    }
    case Activation::relu3: {
      // E relu^3/6 = E[G^3; G > 0]/6 = 2 phi(0)/6, E relu^2/2 = 1/4, E relu = phi(0), E 1{G>0} = 1/2
      const double c[4] = {inv_sqrt_2pi / 3.0, 0.25, inv_sqrt_2pi, 0.5};
      return k < 4 ? c[k] : 0.0;
    }
    case Activation::relu: return k == 0 ? inv_sqrt_2pi : (k == 1 ? 0.5 : 0.0);
    default: break;
  }
  // Trapezoid rule with step h = 1/16 on [-40, 40] for the integrand sigma^(k)(t) phi(t). For an
  // integrand analytic in the strip |Im t| < c the error is O(exp(-2 pi c / h)) (Trefethen & Weideman,
  // SIAM Rev. 2014); tanh, sigmoid and softplus have c = pi/2 or pi, erf and gelu are entire, so the
  // error is below 1e-60 plus the tail beyond 40 (< e^{-800}); the long double sum of 1281 terms
  // keeps the result accurate to a few units of 1e-19.
  const long double h = 1.0L / 16, inv_sqrt_2pi_l = 0.398942280401432677939946059934381868L;
  long double s = 0;
  for (int i = -640; i <= 640; ++i) {
    const long double t = h * i;
    s += activation_derivative<long double>(a, t, k) * std::exp(-t * t / 2);
  }
  return static_cast<double>(s * h * inv_sqrt_2pi_l);
}

}  // namespace beyondlin
