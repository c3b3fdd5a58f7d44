// The paired moment-matching scheme H3 of SPEC §4.7 (higher_order.hpp): the laws P, Q for any order
// k >= 2 and the exact moments of the network over them.
//
// One translation unit for all four scalar types: the heavy Eigen kernels used here (the GEMM of
// pre_activations, the activation derivatives) are instantiated in their own units
// (lib/src/inst/network_*.cpp, activation_*.cpp); this file only has scalar loops in T, so its
// multiprecision instantiations are cheap to compile (DESIGN.md §4).

#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>
#include <beyondlin/higher_order.hpp>
#include <beyondlin/network.hpp>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace beyondlin {

namespace {

/// He_0(x), ..., He_N(x) by the three-term recurrence He_{j+1} = x He_j - j He_{j-1}.
template <class T> std::vector<T> hermite_he_values(const T& x, int N) {
  std::vector<T> h(static_cast<std::size_t>(N) + 1);
  h[0] = T(1);
  if (N >= 1) h[1] = x;
  for (int j = 1; j < N; ++j) h[j + 1] = x * h[j] - T(j) * h[j - 1];
  return h;
}

template <class T> T factorial_t(int k) {
  T f(1);
  for (int j = 2; j <= k; ++j) f *= T(j);
  return f;
}

template <class T> T abs_t(const T& x) {
  using std::abs;
  return abs(x);
}

/// Sort a law's nodes ascending (weights follow).
template <class T> void sort_law(DiscreteLaw<T>& law) {
  std::vector<std::size_t> idx(law.nodes.size());
  std::iota(idx.begin(), idx.end(), std::size_t(0));
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return law.nodes[a] < law.nodes[b]; });
  DiscreteLaw<T> out;
  for (std::size_t i : idx) {
    out.nodes.push_back(law.nodes[i]);
    out.weights.push_back(law.weights[i]);
  }
  law = std::move(out);
}

/// sup_t |sigma^(k)(t)| for the Lagrange remainder of order k: +infinity when sigma is not C^k or
/// no bound is tabulated (activation_sup_bound covers k <= 8).
double sup_derivative(Activation a, int k) {
  const double inf = std::numeric_limits<double>::infinity();
  if (!activation_is_smooth(a, k)) return inf;
  if (a == Activation::sincos) return std::sqrt(2.0);
  if (a == Activation::cubic) return k >= 4 ? 0.0 : (k == 3 ? 1.0 : inf);
  if (k <= 8) return activation_sup_bound(a, k);
  return inf;
}

/// Shapes and symmetric init for the paired scheme.
template <class T> void check_paired_inputs(const Instance<T>& inst, const RowMatrix<T>& Wp) {
  if (inst.init != Init::symmetric)
    throw InputError("init", "the paired scheme (SPEC §4.7 H3) needs symmetric init, got " +
                                 std::string(init_name(inst.init)));
  if (inst.m() % 2 != 0) throw InputError("init", "the paired scheme needs an even width m, got " + std::to_string(inst.m()));
  if (Wp.rows() != inst.m() / 2 || Wp.cols() != inst.d())
    throw InputError("Wp", "expected a " + std::to_string(inst.m() / 2) + " x " + std::to_string(inst.d()) +
                               " matrix (one movement per pair), got " + std::to_string(Wp.rows()) + " x " +
                               std::to_string(Wp.cols()));
}

/// Per-pair views: t_p = w_{0,p}^T x_i and u_p = w_p^T x_i (n x m/2), and the sign a_P of each P-neuron.
template <class T> struct PairView {
  Matrix<T> t, u;
  std::vector<T> aP;
};

template <class T> PairView<T> pair_view(const Instance<T>& inst, const RowMatrix<T>& Wp, PairOrientation o) {
  check_paired_inputs(inst, Wp);
  const Eigen::Index h = inst.m() / 2;
  PairView<T> v;
  const RowMatrix<T> W0top = inst.W0.topRows(h);
  v.t = pre_activations(inst.X, W0top);
  v.u = pre_activations(inst.X, Wp);
  v.aP.resize(static_cast<std::size_t>(h));
  for (Eigen::Index p = 0; p < h; ++p) v.aP[static_cast<std::size_t>(p)] = inst.a(paired_p_neuron(inst, p, o));
  return v;
}

/// sigma(t + z u) for every node z of a law (one n x m/2 matrix per node).
template <class T>
std::vector<Matrix<T>> shifted_values(Activation act, const PairView<T>& v, const DiscreteLaw<T>& law) {
  std::vector<Matrix<T>> out;
  for (const T& z : law.nodes) {
    std::vector<Matrix<T>> s;
    activation_derivatives(act, Matrix<T>(v.t + z * v.u), 0, s);
    out.push_back(std::move(s[0]));
  }
  return out;
}

/// The Taylor term of each pair and sample: sigma^(k)(t) u^k / k! (n x m/2).
template <class T> Matrix<T> taylor_pair_terms(Activation act, const PairView<T>& v, int k) {
  std::vector<Matrix<T>> s;
  activation_derivatives(act, v.t, k, s);
  const T kf = factorial_t<T>(k);
  Matrix<T> out(v.t.rows(), v.t.cols());
  for (Eigen::Index p = 0; p < v.t.cols(); ++p)
    for (Eigen::Index i = 0; i < v.t.rows(); ++i) {
      T up(1);
      for (int j = 0; j < k; ++j) up *= v.u(i, p);
      out(i, p) = s[static_cast<std::size_t>(k)](i, p) * up / kf;
    }
  return out;
}

}  // namespace

// ---- laws -----------------------------------------------------------------------------------------

template <class T> T law_moment(const DiscreteLaw<T>& law, int j) {
  CompensatedSum<T> s;
  for (int i = 0; i < law.size(); ++i) {
    T xp(1);
    for (int e = 0; e < j; ++e) xp *= law.nodes[static_cast<std::size_t>(i)];
    s.add(law.weights[static_cast<std::size_t>(i)] * xp);
  }
  return s.value();
}

template <class T> T law_abs_moment(const DiscreteLaw<T>& law, int j) {
  CompensatedSum<T> s;
  for (int i = 0; i < law.size(); ++i) {
    T xp(1);
    for (int e = 0; e < j; ++e) xp *= abs_t(law.nodes[static_cast<std::size_t>(i)]);
    s.add(law.weights[static_cast<std::size_t>(i)] * xp);
  }
  return s.value();
}

template <class T> DiscreteLaw<T> quasi_gauss_hermite_rule(int N, const T& alpha) {
  if (N < 1 || N > kMaxPairedOrder / 2 + 1)
    throw std::invalid_argument("quasi_gauss_hermite_rule: N = " + std::to_string(N) + " outside 1.." +
                                std::to_string(kMaxPairedOrder / 2 + 1));
  // 1. starting values: eigenvalues of the Jacobi matrix in double. det(x I - J_N) = He_N - b He_{N-1}
  //    when the last diagonal entry of J_N is b (expand along the last row), so b = -alpha.
  Eigen::VectorXd diag = Eigen::VectorXd::Zero(N), sub(std::max(N - 1, 0));
  diag(N - 1) = -to_double(alpha);
  for (int j = 1; j < N; ++j) sub(j - 1) = std::sqrt(static_cast<double>(j));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
  es.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
  if (es.info() != Eigen::Success) throw std::runtime_error("quasi_gauss_hermite_rule: eigensolver failed");
  const T u = T(unit_roundoff<T>());
  DiscreteLaw<T> law;
  for (int i = 0; i < N; ++i) {
    // 2. Newton on p = He_N + alpha He_{N-1}, p' = N He_{N-1} + alpha (N-1) He_{N-2}.
    T x = T(es.eigenvalues()(i));
    for (int it = 0; it < 40; ++it) {
      const std::vector<T> h = hermite_he_values(x, N);
      const T p = h[static_cast<std::size_t>(N)] + alpha * h[static_cast<std::size_t>(N - 1)];
      T dp = T(N) * h[static_cast<std::size_t>(N - 1)];
      if (N >= 2) dp += alpha * T(N - 1) * h[static_cast<std::size_t>(N - 2)];
      const T step = p / dp;
      x -= step;
      T scale = abs_t(x);
      if (scale < T(1)) scale = T(1);
      if (abs_t(step) <= T(4) * u * scale) break;
    }
    law.nodes.push_back(x);
  }
  if (alpha == T(0)) {
    // Gauss rule: the zeros of He_N are symmetric; make them exactly so (0 for odd N).
    std::sort(law.nodes.begin(), law.nodes.end());
    for (int i = 0; i < N / 2; ++i) {
      const T s = (law.nodes[static_cast<std::size_t>(N - 1 - i)] - law.nodes[static_cast<std::size_t>(i)]) / T(2);
      law.nodes[static_cast<std::size_t>(i)] = -s;
      law.nodes[static_cast<std::size_t>(N - 1 - i)] = s;
    }
    if (N % 2 == 1) law.nodes[static_cast<std::size_t>(N / 2)] = T(0);
  }
  // 3. Christoffel numbers w_i = 1 / sum_{j<N} He_j(x_i)^2 / j!.
  for (const T& x : law.nodes) {
    const std::vector<T> h = hermite_he_values(x, N);
    CompensatedSum<T> s;
    T jf(1);
    for (int j = 0; j < N; ++j) {
      if (j >= 2) jf *= T(j);
      s.add(h[static_cast<std::size_t>(j)] * h[static_cast<std::size_t>(j)] / jf);
    }
    law.weights.push_back(T(1) / s.value());
  }
  sort_law(law);
  for (int i = 1; i < N; ++i)
    if (!(law.nodes[static_cast<std::size_t>(i)] > law.nodes[static_cast<std::size_t>(i - 1)]))
      throw std::runtime_error("quasi_gauss_hermite_rule: Newton's method merged two nodes (N = " + std::to_string(N) + ")");
  return law;
}

template <class T> MomentMatchedLaws<T> moment_matched_laws(int k) {
  if (k < 2 || k > kMaxPairedOrder)
    throw InputError("k", "the paired scheme is constructed for 2 <= k <= " + std::to_string(kMaxPairedOrder) +
                              ", got " + std::to_string(k));
  MomentMatchedLaws<T> out;
  out.k = k;
  if (k % 2 == 1) {
    const int n = (k - 1) / 2;
    out.P = quasi_gauss_hermite_rule<T>(n + 1, T(0));
    out.Q = quasi_gauss_hermite_rule<T>(n + 1, T(1) / factorial_t<T>(n));
    out.construction = "k = 2n+1, n = " + std::to_string(n) + ": P = G_" + std::to_string(n + 1) +
                       " (Gauss-Hermite), Q = zeros of He_" + std::to_string(n + 1) + " + He_" + std::to_string(n) +
                       "/" + std::to_string(n) + "! with Christoffel weights";
  } else {
    const int n = k / 2;
    const T theta = T(1) / factorial_t<T>(n);
    out.Q = quasi_gauss_hermite_rule<T>(n, T(0));
    const DiscreteLaw<T> G1 = quasi_gauss_hermite_rule<T>(n + 1, T(0));
    if (theta == T(1)) {
      out.P = G1;
    } else {
      for (int i = 0; i < out.Q.size(); ++i) {
        out.P.nodes.push_back(out.Q.nodes[static_cast<std::size_t>(i)]);
        out.P.weights.push_back((T(1) - theta) * out.Q.weights[static_cast<std::size_t>(i)]);
      }
      for (int i = 0; i < G1.size(); ++i) {
        out.P.nodes.push_back(G1.nodes[static_cast<std::size_t>(i)]);
        out.P.weights.push_back(theta * G1.weights[static_cast<std::size_t>(i)]);
      }
      sort_law(out.P);
    }
    out.construction = "k = 2n, n = " + std::to_string(n) + ": Q = G_" + std::to_string(n) + ", P = (1 - 1/" +
                       std::to_string(n) + "!) G_" + std::to_string(n) + " + (1/" + std::to_string(n) + "!) G_" +
                       std::to_string(n + 1) + " (Gauss-Hermite rules)";
  }
  return out;
}

template <class T> MomentMatchedLaws<T> spec_k3_laws() {
  using std::sqrt;
  MomentMatchedLaws<T> out;
  out.k = 3;
  out.P.nodes = {T(-1), T(1)};
  out.P.weights = {T(1) / T(2), T(1) / T(2)};
  const T q = (T(5) + sqrt(T(5))) / T(10);
  out.Q.nodes = {-sqrt(q / (T(1) - q)), sqrt((T(1) - q) / q)};
  out.Q.weights = {T(1) - q, q};
  out.construction = "SPEC §4.7: P = Rademacher, Q two-point with q = (5 + sqrt5)/10";
  return out;
}

// ---- the scheme ------------------------------------------------------------------------------------

template <class T> Eigen::Index paired_p_neuron(const Instance<T>& inst, Eigen::Index p, PairOrientation o) {
  const Eigen::Index h = inst.m() / 2;
  if (o == PairOrientation::first) return p;
  return inst.a(p) > T(0) ? p : p + h;
}

template <class T>
RowMatrix<T> paired_effective_movement(const Instance<T>& inst, const RowMatrix<T>& Wp, PairOrientation o) {
  check_paired_inputs(inst, Wp);
  RowMatrix<T> W = RowMatrix<T>::Zero(inst.m(), inst.d());
  for (Eigen::Index p = 0; p < Wp.rows(); ++p) W.row(paired_p_neuron(inst, p, o)) = Wp.row(p);
  return W;
}

template <class T>
PairedMoments<T> paired_moments(const Instance<T>& inst, const RowMatrix<T>& Wp, const MomentMatchedLaws<T>& laws,
                                PairOrientation o) {
  using std::sqrt;
  const PairView<T> v = pair_view(inst, Wp, o);
  const Eigen::Index n = inst.n(), h = inst.m() / 2;
  const std::vector<Matrix<T>> A = shifted_values(inst.activation, v, laws.P);
  const std::vector<Matrix<T>> B = shifted_values(inst.activation, v, laws.Q);
  const Matrix<T> tk = taylor_pair_terms(inst.activation, v, laws.k);
  std::vector<CompensatedSum<T>> mean(n), var(n), tay(n), gap(n), mag(n);
  const int nP = laws.P.size(), nQ = laws.Q.size();
  std::vector<T> vals(static_cast<std::size_t>(nP * nQ)), probs(static_cast<std::size_t>(nP * nQ));
  for (int a = 0; a < nP; ++a)
    for (int b = 0; b < nQ; ++b)
      probs[static_cast<std::size_t>(a * nQ + b)] = laws.P.weights[static_cast<std::size_t>(a)] * laws.Q.weights[static_cast<std::size_t>(b)];
  for (Eigen::Index p = 0; p < h; ++p) {
    const T aP = v.aP[static_cast<std::size_t>(p)];
    for (Eigen::Index i = 0; i < n; ++i) {
      // the |P| x |Q| outcomes of the pair: v = sigma(t + z u) - sigma(t + z' u)
      CompensatedSum<T> ms;
      T absval(0);
      for (int a = 0; a < nP; ++a)
        for (int b = 0; b < nQ; ++b) {
          const std::size_t ab = static_cast<std::size_t>(a * nQ + b);
          const T& x = A[static_cast<std::size_t>(a)](i, p);
          const T& y = B[static_cast<std::size_t>(b)](i, p);
          vals[ab] = x - y;
          ms.add(probs[ab] * vals[ab]);
          absval += probs[ab] * (abs_t(x) + abs_t(y));
        }
      const T mp = ms.value();
      CompensatedSum<T> vs;
      for (std::size_t ab = 0; ab < vals.size(); ++ab) vs.add(probs[ab] * (vals[ab] - mp) * (vals[ab] - mp));
      const T t = tk(i, p);
      mean[static_cast<std::size_t>(i)].add(aP * mp);
      var[static_cast<std::size_t>(i)].add(vs.value());
      tay[static_cast<std::size_t>(i)].add(aP * t);
      gap[static_cast<std::size_t>(i)].add(aP * (mp - t));
      mag[static_cast<std::size_t>(i)].add(absval + abs_t(t));
    }
  }
  const T s = T(1) / sqrt(T(inst.m()));
  PairedMoments<T> out;
  out.mean.resize(n);
  out.var.resize(n);
  out.taylor.resize(n);
  out.gap.resize(n);
  out.gap_mag.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::size_t ii = static_cast<std::size_t>(i);
    out.mean(i) = mean[ii].value() * s;
    out.var(i) = var[ii].value() / T(inst.m());
    out.taylor(i) = tay[ii].value() * s;
    out.gap(i) = gap[ii].value() * s;
    out.gap_mag(i) = mag[ii].value() * s;
  }
  out.f0 = initial_output(inst);
  return out;
}

template <class T>
PairedMoments<T> paired_moments_enumerated(const Instance<T>& inst, const RowMatrix<T>& Wp,
                                           const MomentMatchedLaws<T>& laws, PairOrientation o) {
  check_paired_inputs(inst, Wp);
  const Eigen::Index n = inst.n(), h = inst.m() / 2;
  const int nP = laws.P.size(), nQ = laws.Q.size(), per = nP * nQ;
  double total = 1;
  for (Eigen::Index p = 0; p < h; ++p) total *= per;
  if (total > double(1 << 20))
    throw std::invalid_argument("paired_moments_enumerated: (|P| |Q|)^(m/2) = " + std::to_string(total) +
                                " outcomes exceed 2^20");
  const long N = static_cast<long>(total);
  std::vector<Vector<T>> f(static_cast<std::size_t>(N));
  std::vector<T> prob(static_cast<std::size_t>(N));
  std::vector<int> digit(static_cast<std::size_t>(h), 0);
  Vector<T> mags = Vector<T>::Zero(n);
  using std::sqrt;
  for (long c = 0; c < N; ++c) {
    long rest = c;
    for (Eigen::Index p = 0; p < h; ++p) {
      digit[static_cast<std::size_t>(p)] = static_cast<int>(rest % per);
      rest /= per;
    }
    RowMatrix<T> V = inst.W0;
    T pr(1);
    for (Eigen::Index p = 0; p < h; ++p) {
      const int a = digit[static_cast<std::size_t>(p)] / nQ, b = digit[static_cast<std::size_t>(p)] % nQ;
      const Eigen::Index rP = paired_p_neuron(inst, p, o), rQ = rP < h ? rP + h : rP - h;
      V.row(rP) += laws.P.nodes[static_cast<std::size_t>(a)] * Wp.row(p);
      V.row(rQ) += laws.Q.nodes[static_cast<std::size_t>(b)] * Wp.row(p);
      pr *= laws.P.weights[static_cast<std::size_t>(a)] * laws.Q.weights[static_cast<std::size_t>(b)];
    }
    f[static_cast<std::size_t>(c)] = network_output(inst, V);
    prob[static_cast<std::size_t>(c)] = pr;
    // natural magnitude of this outcome's sum: m^{-1/2} sum_r |sigma(v_r^T x)|
    std::vector<Matrix<T>> s;
    activation_derivatives(inst.activation, pre_activations(inst.X, V), 0, s);
    mags += pr * (compensated_row_sums(Matrix<T>(s[0].cwiseAbs())) / sqrt(T(inst.m())));
  }
  PairedMoments<T> out;
  out.mean.resize(n);
  out.var.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    CompensatedSum<T> m1;
    for (long c = 0; c < N; ++c) m1.add(prob[static_cast<std::size_t>(c)] * f[static_cast<std::size_t>(c)](i));
    const T mu = m1.value();
    CompensatedSum<T> m2;
    for (long c = 0; c < N; ++c) {
      const T dv = f[static_cast<std::size_t>(c)](i) - mu;
      m2.add(prob[static_cast<std::size_t>(c)] * dv * dv);
    }
    out.mean(i) = mu;
    out.var(i) = m2.value();
  }
  out.f0 = initial_output(inst);
  out.taylor = taylor_term(inst, paired_effective_movement(inst, Wp, o), laws.k);
  out.gap = out.mean - out.f0 - out.taylor;
  out.gap_mag = mags + out.f0.cwiseAbs() + out.taylor.cwiseAbs();
  return out;
}

template <class T>
Vector<T> paired_mean_series(const Instance<T>& inst, const RowMatrix<T>& Wp, const MomentMatchedLaws<T>& laws,
                             PairOrientation o, int j0, int J) {
  using std::sqrt;
  if (j0 < 1 || J > kMaxActivationOrder || j0 > J)
    throw std::invalid_argument("paired_mean_series: need 1 <= j0 <= J <= " + std::to_string(kMaxActivationOrder));
  const PairView<T> v = pair_view(inst, Wp, o);
  std::vector<Matrix<T>> s;
  activation_derivatives(inst.activation, v.t, J, s);
  std::vector<T> coef(static_cast<std::size_t>(J) + 1, T(0));
  for (int j = j0; j <= J; ++j)
    coef[static_cast<std::size_t>(j)] = (law_moment(laws.P, j) - law_moment(laws.Q, j)) / factorial_t<T>(j);
  const Eigen::Index n = inst.n(), h = inst.m() / 2;
  std::vector<CompensatedSum<T>> acc(static_cast<std::size_t>(n));
  for (Eigen::Index p = 0; p < h; ++p)
    for (Eigen::Index i = 0; i < n; ++i) {
      T up(1), sum(0);
      for (int j = 1; j <= J; ++j) {
        up *= v.u(i, p);
        if (j >= j0) sum += s[static_cast<std::size_t>(j)](i, p) * up * coef[static_cast<std::size_t>(j)];
      }
      acc[static_cast<std::size_t>(i)].add(v.aP[static_cast<std::size_t>(p)] * sum);
    }
  Vector<T> out(n);
  for (Eigen::Index i = 0; i < n; ++i) out(i) = acc[static_cast<std::size_t>(i)].value() / sqrt(T(inst.m()));
  return out;
}

template <class T>
Vector<double> paired_series_tail_bound(const Instance<T>& inst, const RowMatrix<T>& Wp,
                                        const MomentMatchedLaws<T>& laws, int J) {
  check_paired_inputs(inst, Wp);
  const double C = sup_derivative(inst.activation, J + 1);
  const double absP = to_double(law_abs_moment(laws.P, J + 1)), absQ = to_double(law_abs_moment(laws.Q, J + 1));
  double fact = 1;
  for (int j = 2; j <= J + 1; ++j) fact *= j;
  const Matrix<double> U = pre_activations(inst.X.template cast<double>().eval(), RowMatrix<double>(Wp.template cast<double>()));
  Vector<double> out(inst.n());
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    double s = 0;
    for (Eigen::Index p = 0; p < U.cols(); ++p) s += std::pow(std::abs(U(i, p)), J + 1);
    out(i) = (C == 0 ? 0.0 : C * s * (absP + absQ) / fact / std::sqrt(static_cast<double>(inst.m())));
  }
  return out;
}

#define BEYONDLIN_INSTANTIATE_higher_order(T)                                                                   \
  template T law_moment<T>(const DiscreteLaw<T>&, int);                                                         \
  template T law_abs_moment<T>(const DiscreteLaw<T>&, int);                                                     \
  template DiscreteLaw<T> quasi_gauss_hermite_rule<T>(int, const T&);                                           \
  template MomentMatchedLaws<T> moment_matched_laws<T>(int);                                                    \
  template MomentMatchedLaws<T> spec_k3_laws<T>();                                                              \
  template Eigen::Index paired_p_neuron<T>(const Instance<T>&, Eigen::Index, PairOrientation);                  \
  template RowMatrix<T> paired_effective_movement<T>(const Instance<T>&, const RowMatrix<T>&, PairOrientation); \
  template PairedMoments<T> paired_moments<T>(const Instance<T>&, const RowMatrix<T>&,                          \
                                              const MomentMatchedLaws<T>&, PairOrientation);                    \
  template PairedMoments<T> paired_moments_enumerated<T>(const Instance<T>&, const RowMatrix<T>&,               \
                                                         const MomentMatchedLaws<T>&, PairOrientation);         \
  template Vector<T> paired_mean_series<T>(const Instance<T>&, const RowMatrix<T>&, const MomentMatchedLaws<T>&, \
                                           PairOrientation, int, int);                                          \
  template Vector<double> paired_series_tail_bound<T>(const Instance<T>&, const RowMatrix<T>&,                  \
                                                      const MomentMatchedLaws<T>&, int);

BEYONDLIN_INSTANTIATE_higher_order(scalar_double)
BEYONDLIN_INSTANTIATE_higher_order(scalar_longdouble)
BEYONDLIN_INSTANTIATE_higher_order(scalar_mp50)
BEYONDLIN_INSTANTIATE_higher_order(scalar_mp100)

}  // namespace beyondlin
