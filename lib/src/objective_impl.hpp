#pragma once
// Template definitions for objective.hpp (instantiated per scalar type).
//
// All objectives share one structure (objective.hpp): F(W) = (1/n) sum_i ell(g_i, y_i) + lambda R(W)
// with g_i = offset_i + m^{-1/2} sum_r a_r phi_{ir}(u_{ir}), u_{ir} = w_r^T x_i, where phi_{ir} is a
// per-neuron scalar function:
//   full:      phi(u) = sigma(t + u)                       (offset 0)
//   taylor-K:  phi(u) = sigma^(K)(t) u^K / K!              (offset f_{W0})
// Then, with C the n x m "coefficient" matrix,
//   grad F      = (1/n) C^T X,  C_{ir} = ell'_i a_r phi'_{ir} / sqrt m,
//   Hess F [D]  = (1/n) H^T X,  H_{ir} = [ell''_i J_i a_r phi'_{ir} + ell'_i a_r phi''_{ir} P_{ir}] / sqrt m,
//               P = X D^T, J_i = m^{-1/2} sum_r a_r phi'_{ir} P_{ir} = <grad g_i, D>.
// The randomized objective averages the same expressions over sign patterns (phi(s_r u)), or for
// the squared loss uses the exact closed form of SPEC §3.4 through the even and odd parts
//   E(u) = [sigma(t+u) + sigma(t-u)]/2,  O(u) = [sigma(t+u) - sigma(t-u)]/2:
//   L = (1/2n) sum_i [(F_i - y_i)^2 + V_i],  F_i = m^{-1/2} sum_r a_r E_{ir},  V_i = m^{-1} sum_r O_{ir}^2,
//   C_{ir} = (F_i - y_i) a_r E'_{ir}/sqrt m + O_{ir} O'_{ir}/m,
//   H_{ir} = J_i a_r E'_{ir}/sqrt m + (F_i - y_i) a_r E''_{ir} P_{ir}/sqrt m + (O'^2 + O O'')_{ir} P_{ir}/m,
//   J_i = m^{-1/2} sum_r a_r E'_{ir} P_{ir}.
// Rows are processed in blocks (independent per sample, so results do not depend on the thread
// count); the coefficient matrix overwrites U, so a gradient holds X W0^T (or sigma^(K)(X W0^T)),
// U and the GEMM outputs only.

#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/regularizer.hpp>

#include "vector_math.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <type_traits>

namespace beyondlin {

template <class T> struct Objective<T>::Impl {
  Instance<T> inst;
  ObjectiveSpec spec;
  RandomizedMethod method = RandomizedMethod::automatic;
  Matrix<T> base;          // full/randomized: X W0^T; taylor: sigma^(K)(X W0^T); sincos: sin(X W0^T)
  Matrix<T> base_cos;      // sincos (full/randomized): cos(X W0^T)
  bool sincos_split = false;  // sigma(t +- u) by the angle-addition formulas (2 instead of 4 sin/cos per entry)
  Vector<T> offset;        // taylor: f_{W0}(x_i); otherwise 0
  std::vector<std::vector<int>> patterns;  // enumeration / Monte Carlo sign patterns
  T inv_sqrt_m;
  mutable std::mutex workspace_mutex;  // evaluate() is safe to call from several threads (serialized)
  mutable Matrix<T> U_ws, P_ws;

  static constexpr Eigen::Index kBlock = 32;
  static constexpr bool kParallel = std::is_same_v<T, double>;

  struct Out {
    T value = T(0), stderr_ = T(0);
    Vector<T>* grad = nullptr;
    const Vector<T>* dir = nullptr;
    Vector<T>* hv = nullptr;
    Vector<T>* pred = nullptr;
  };

  Impl(const Instance<T>& in, const ObjectiveSpec& sp) : inst(in), spec(sp) {
    using std::isfinite;
    if (!(spec.lambda >= 0) || !std::isfinite(spec.lambda))
      throw InputError("lambda", "must be a finite number >= 0, got " + shortest_decimal(spec.lambda));
    inst.W.resize(0, 0);  // ignored: the point of evaluation is the argument w
    using std::sqrt;
    inv_sqrt_m = T(1) / sqrt(T(inst.m()));
    base = pre_activations(inst.X, inst.W0);
    offset = Vector<T>::Zero(inst.n());
    if (spec.kind == ObjectiveKind::taylor) {
      if (spec.order < 1 || spec.order > kMaxActivationOrder - 2)
        throw InputError("objective", "Taylor order must be in 1.." + std::to_string(kMaxActivationOrder - 2) +
                                          ", got " + std::to_string(spec.order));
      // base <- sigma^(K)(X W0^T) in place, row block by row block, and offset = f_{W0}(x_i) from the
      // sigma values of the same blocks: no n x m temporary beyond base itself.
      const auto as = a_scaled();
      for_blocks(inst.n(), [&](Eigen::Index i0, Eigen::Index i1) {
        std::vector<Matrix<T>> s;
        activation_derivatives(inst.activation, Matrix<T>(base.middleRows(i0, i1 - i0)), spec.order, s);
        offset.segment(i0, i1 - i0) = compensated_row_sums(s[0].array().rowwise() * as);
        base.middleRows(i0, i1 - i0) = s[spec.order];
      });
    }
    if (spec.kind == ObjectiveKind::randomized) resolve_method();
    if (spec.kind != ObjectiveKind::taylor && inst.activation == Activation::sincos) {
      sincos_split = true;
      base_cos = base;
      elementwise_sincos(base, base, base_cos);
    }
  }

  /// S = sin(Z), C = cos(Z) entrywise (SIMD libmvec for double, vector_math.hpp). S may alias Z.
  static void elementwise_sincos(Matrix<T> Z, Matrix<T>& S, Matrix<T>& C) {
    if constexpr (std::is_same_v<T, double>) {
      S.resize(Z.rows(), Z.cols());
      C.resize(Z.rows(), Z.cols());
      detail::sin_cos_array(Z.data(), S.data(), C.data(), Z.size());
    } else {
      using std::sin;
      using std::cos;
      C = Z.unaryExpr([](const T& x) { return cos(x); });
      S = Z.unaryExpr([](const T& x) { return sin(x); });
    }
  }

  /// sigma^(k)(t + u) (plus) and, when `minus` is given, sigma^(k)(t - u), k = 0..order, on the rows
  /// i0..i0+B-1. For sincos, sin(t +- u) = sin t cos u +- cos t sin u and cos(t +- u) =
  /// cos t cos u -+ sin t sin u from the cached sin t, cos t, then sigma^(k) = sin(. + k pi/2) + cos(. + k pi/2).
  void shifted(Eigen::Index i0, Eigen::Index B, const Matrix<T>& U, int order, std::vector<Matrix<T>>& plus,
               std::vector<Matrix<T>>* minus) const {
    if (!sincos_split) {
      Matrix<T> Z = base.middleRows(i0, B) + U.middleRows(i0, B);
      activation_derivatives(inst.activation, Z, order, plus);
      if (minus) {
        Z = base.middleRows(i0, B) - U.middleRows(i0, B);
        activation_derivatives(inst.activation, Z, order, *minus);
      }
      return;
    }
    Matrix<T> su, cu;
    elementwise_sincos(U.middleRows(i0, B), su, cu);
    const auto S = base.middleRows(i0, B).array();
    const auto C = base_cos.middleRows(i0, B).array();
    auto fill = [&](std::vector<Matrix<T>>& out, const T& sign) {
      const Matrix<T> sn = (S * cu.array() + sign * C * su.array()).matrix();  // sin(t +- u)
      const Matrix<T> cs = (C * cu.array() - sign * S * su.array()).matrix();  // cos(t +- u)
      out.resize(order + 1);
      for (int k = 0; k <= order; ++k) switch (k % 4) {
          case 0: out[k] = sn + cs; break;
          case 1: out[k] = cs - sn; break;
          case 2: out[k] = -(sn + cs); break;
          default: out[k] = sn - cs; break;
        }
    };
    fill(plus, T(1));
    if (minus) fill(*minus, T(-1));
  }

  void resolve_method() {
    method = spec.method;
    const bool square = inst.loss == Loss::square;
    if (method == RandomizedMethod::automatic)
      method = square ? RandomizedMethod::closed_form
                      : (inst.m() <= 16 ? RandomizedMethod::enumeration : RandomizedMethod::monte_carlo);
    if (method == RandomizedMethod::closed_form && !square)
      throw InputError("method", std::string("the closed form of the randomized loss needs the squared loss, got ") +
                                     loss_name(inst.loss));
    if (method == RandomizedMethod::enumeration) {
      if (inst.m() > 16)
        throw InputError("method", "enumeration needs m <= 16, got m = " + std::to_string(inst.m()));
      for_each_sign_pattern(static_cast<int>(inst.m()), [&](const std::vector<int>& s) { patterns.push_back(s); });
    }
    if (method == RandomizedMethod::monte_carlo) {
      if (spec.mc_pairs < 2) throw InputError("mc-pairs", "must be >= 2, got " + std::to_string(spec.mc_pairs));
      Rng rng(spec.seed);
      patterns.reserve(2 * spec.mc_pairs);
      for (long k = 0; k < spec.mc_pairs; ++k) {
        std::vector<int> s = draw_signs(rng, static_cast<int>(inst.m()));
        std::vector<int> t(s.size());
        for (std::size_t r = 0; r < s.size(); ++r) t[r] = -s[r];
        patterns.push_back(std::move(s));
        patterns.push_back(std::move(t));  // antithetic partner
      }
    }
  }

  const char* method_name() const {
    if (spec.kind != ObjectiveKind::randomized) return "analytic";
    switch (method) {
      case RandomizedMethod::closed_form: return "closed-form";
      case RandomizedMethod::enumeration: return "enumeration";
      case RandomizedMethod::monte_carlo: return "monte-carlo";
      default: return "?";
    }
  }

  RowMatrix<T> unflatten(const Vector<T>& w) const {
    if (w.size() != inst.m() * inst.d())
      throw std::invalid_argument("Objective: parameter vector has " + std::to_string(w.size()) +
                                  " entries, expected m*d = " + std::to_string(inst.m() * inst.d()));
    return Eigen::Map<const RowMatrix<T>>(w.data(), inst.m(), inst.d());
  }

  template <class F> void for_blocks(Eigen::Index n, F&& f) const {
    const Eigen::Index nb = (n + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(dynamic, 1) if (kParallel && nb > 1)
    for (Eigen::Index b = 0; b < nb; ++b) f(b * kBlock, std::min(n, (b + 1) * kBlock));
  }

  /// Main evaluation: value always; gradient, HVP, predictions on request.
  void evaluate(const Vector<T>& w, Out& o) const {
    const Eigen::Index n = inst.n(), m = inst.m();
    RowMatrix<T> W = unflatten(w);
    // Reused n x m workspaces (fresh pages for every call would cost a page fault per 4 KiB).
    std::lock_guard<std::mutex> lock(workspace_mutex);
    Matrix<T>& U = U_ws;  // X W^T, becomes the coefficient matrix C
    Matrix<T>& P = P_ws;  // X D^T, becomes the HVP coefficient matrix H
    U.resize(n, m);
    U.noalias() = inst.X * W.transpose();
    RowMatrix<T> D;
    if (o.hv) {
      D = unflatten(*o.dir);
      P.resize(n, m);
      P.noalias() = inst.X * D.transpose();
    }
    Vector<T> loss_i(n);
    Matrix<T> pair_values;  // Monte Carlo: per sample and pair
    if (o.pred) o.pred->resize(n);
    const int order = o.hv ? 2 : (o.grad ? 1 : 0);
    if (spec.kind == ObjectiveKind::randomized && method != RandomizedMethod::closed_form) {
      if (method == RandomizedMethod::monte_carlo) pair_values.resize(n, patterns.size() / 2);
      for_blocks(n, [&](Eigen::Index i0, Eigen::Index i1) { block_patterns(i0, i1, U, P, order, loss_i, pair_values, o); });
    } else if (spec.kind == ObjectiveKind::randomized) {
      for_blocks(n, [&](Eigen::Index i0, Eigen::Index i1) { block_closed_form(i0, i1, U, P, order, loss_i, o); });
    } else {
      for_blocks(n, [&](Eigen::Index i0, Eigen::Index i1) { block_deterministic(i0, i1, U, P, order, loss_i, o); });
    }
    o.value = compensated_sum(loss_i) / T(n);
    if (method == RandomizedMethod::monte_carlo && spec.kind == ObjectiveKind::randomized) {
      // pair means v_k = (1/n) sum_i pair_values(i,k); standard error of their mean
      const Eigen::Index K = pair_values.cols();
      Vector<T> v(K);
      for (Eigen::Index k = 0; k < K; ++k) v(k) = compensated_sum(pair_values.col(k)) / T(n);
      T mean = compensated_sum(v) / T(K);
      CompensatedSum<T> ss;
      for (Eigen::Index k = 0; k < K; ++k) ss.add((v(k) - mean) * (v(k) - mean));
      using std::sqrt;
      o.stderr_ = sqrt(ss.value() / T(K - 1) / T(K));
    }
    const bool reg = spec.lambda > 0;
    const T lam = T(spec.lambda);
    if (reg) o.value += lam * regularizer_value(W);
    if (o.grad) {
      RowMatrix<T> G(m, inst.d());
      G.noalias() = U.transpose() * inst.X;
      G /= T(n);
      if (reg) G += lam * regularizer_gradient(W);
      *o.grad = Eigen::Map<const Vector<T>>(G.data(), G.size());
    }
    if (o.hv) {
      RowMatrix<T> H(m, inst.d());
      H.noalias() = P.transpose() * inst.X;
      H /= T(n);
      if (reg) H += lam * regularizer_hvp(W, D);
      *o.hv = Eigen::Map<const Vector<T>>(H.data(), H.size());
    }
  }

  /// Loss derivatives 0..2 of sample i at prediction g.
  void loss3(Eigen::Index i, const T& g, T* l) const { loss_derivatives(inst.loss, g, inst.y(i), 2, l); }

  /// Loss derivatives 0..2 for the samples i0..i0+B-1 at the predictions g.
  void loss_block(Eigen::Index i0, const Vector<T>& g, Vector<T>& l0, Vector<T>& l1, Vector<T>& l2) const {
    const Eigen::Index B = g.size();
    l0.resize(B);
    l1.resize(B);
    l2.resize(B);
    for (Eigen::Index i = 0; i < B; ++i) {
      T l[3];
      loss3(i0 + i, g(i), l);
      l0(i) = l[0];
      l1(i) = l[1];
      l2(i) = l[2];
    }
  }

  /// a_r / sqrt(m) as a row (column scaling of the n x m blocks).
  Eigen::Array<T, 1, Eigen::Dynamic> a_scaled() const { return (inst.a * inv_sqrt_m).transpose().array(); }

  // ---- full and Taylor models ---------------------------------------------------------------
  void block_deterministic(Eigen::Index i0, Eigen::Index i1, Matrix<T>& U, Matrix<T>& P, int order, Vector<T>& loss_i,
                           Out& o) const {
    const Eigen::Index B = i1 - i0, m = inst.m();
    std::vector<Matrix<T>> phi;  // phi^(0..order) on the block
    if (spec.kind == ObjectiveKind::full) {
      shifted(i0, B, U, order, phi, nullptr);
    } else {
      // phi^(j) = sigma^(K)(t) u^{K-j} / (K-j)!, zero when j > K
      const int K = spec.order;
      phi.assign(order + 1, Matrix<T>(B, m));
      Matrix<T> upow = base.middleRows(i0, B);  // sigma^(K)(t) u^q, q = 0, 1, ...
      T fact(1);
      for (int q = 0; q <= K; ++q) {
        if (q > 0) {
          upow.array() *= U.middleRows(i0, B).array();
          fact *= T(q);
        }
        const int j = K - q;
        if (j <= order) phi[j] = upow / fact;
      }
      for (int j = K + 1; j <= order; ++j) phi[j].setZero();
    }
    const auto as = a_scaled();
    Vector<T> g = offset.segment(i0, B) + compensated_row_sums(phi[0].array().rowwise() * as);
    if (o.pred) o.pred->segment(i0, B) = g;
    Vector<T> l0, l1, l2;
    loss_block(i0, g, l0, l1, l2);
    loss_i.segment(i0, B) = l0;
    if (order >= 2) {
      auto Pb = P.middleRows(i0, B);
      // J_i = <grad g_i, D> = m^{-1/2} sum_r a_r phi'_{ir} P_{ir}
      const Vector<T> J = compensated_row_sums((phi[1].array() * Pb.array()).rowwise() * as);
      const Vector<T> l2J = l2.cwiseProduct(J);
      Pb = ((phi[1].array().colwise() * l2J.array() + (phi[2].array() * Pb.array()).colwise() * l1.array())
                .rowwise() * as).matrix();
    }
    if (o.grad) U.middleRows(i0, B) = ((phi[1].array().colwise() * l1.array()).rowwise() * as).matrix();
  }

  // ---- randomized, squared loss, sin + cos: fused loops over the SPEC §3.2 closed forms ----------
  // E = sigma(t) cos u, O = sigma'(t) sin u, E' = -sigma(t) sin u, O' = sigma'(t) cos u, E'' = -E,
  // O'' = -O, with sigma(t) = sin t + cos t and sigma'(t) = cos t - sin t from the cached sin t, cos t.
  // One pass per output; only sin u and cos u are stored (the inner loops run down contiguous
  // columns and vectorize).
  void block_closed_form_sincos(Eigen::Index i0, Eigen::Index B, Matrix<T>& U, Matrix<T>& P, int order,
                                Vector<T>& loss_i, Out& o) const {
    const Eigen::Index m = inst.m();
    Matrix<T> su(B, m), cu(B, m);
    if constexpr (std::is_same_v<T, double>) {
      for (Eigen::Index r = 0; r < m; ++r)  // column segments of U are contiguous: no copy
        detail::sin_cos_array(U.data() + r * U.rows() + i0, su.data() + r * B, cu.data() + r * B, B);
    } else {
      elementwise_sincos(U.middleRows(i0, B), su, cu);
    }
    const T inv_m = inv_sqrt_m * inv_sqrt_m;
    const auto as = a_scaled();
    // Column r of the cached sin t / cos t for rows i0.. (column-major, outer stride n).
    const Eigen::Index ld = base.rows();
    auto Scol = [&](Eigen::Index r) { return base.data() + r * ld + i0; };
    auto Ccol = [&](Eigen::Index r) { return base_cos.data() + r * ld + i0; };
    Vector<T> Fs = Vector<T>::Zero(B), Fc = Vector<T>::Zero(B), Vs = Vector<T>::Zero(B), Vc = Vector<T>::Zero(B);
    {
      T* __restrict fs = Fs.data();
      T* __restrict fc = Fc.data();
      T* __restrict vs = Vs.data();
      T* __restrict vc = Vc.data();
      for (Eigen::Index r = 0; r < m; ++r) {
        const T ar = as(r);
        const T* __restrict sp = Scol(r);
        const T* __restrict cp = Ccol(r);
        const T* __restrict sup = su.data() + r * B;
        const T* __restrict cup = cu.data() + r * B;
#pragma omp simd
        for (Eigen::Index i = 0; i < B; ++i) {
          const T sig = sp[i] + cp[i], dsig = cp[i] - sp[i];
          const T o0 = dsig * sup[i];
          two_sum_add(fs[i], fc[i], T(ar * sig * cup[i]));
          two_sum_add(vs[i], vc[i], T(o0 * o0));
        }
      }
    }
    const auto S = base.middleRows(i0, B);
    const auto C = base_cos.middleRows(i0, B);
    const Vector<T> F = Fs + Fc, V = (Vs + Vc) * inv_m;
    if (o.pred) o.pred->segment(i0, B) = F;
    const Vector<T> res = F - inst.y.segment(i0, B);
    loss_i.segment(i0, B) = (res.array().square() + V.array()) / 2;
    if (order >= 2) {
      Vector<T> Js = Vector<T>::Zero(B), Jc = Vector<T>::Zero(B);
      for (Eigen::Index r = 0; r < m; ++r) {
        const T ar = as(r);
        for (Eigen::Index i = 0; i < B; ++i) {
          const T sig = S(i, r) + C(i, r);
          two_sum_add(Js(i), Jc(i), T(-ar * sig * su(i, r) * P(i0 + i, r)));
        }
      }
      const Vector<T> J = Js + Jc;
      for (Eigen::Index r = 0; r < m; ++r) {
        const T ar = as(r);
        for (Eigen::Index i = 0; i < B; ++i) {
          const T sig = S(i, r) + C(i, r), dsig = C(i, r) - S(i, r);
          const T e0 = sig * cu(i, r), e1 = -sig * su(i, r), o0 = dsig * su(i, r), o1 = dsig * cu(i, r);
          const T p = P(i0 + i, r);
          // H = a (J E' + res E'' p)/sqrt m + (O'^2 + O O'') p / m,  E'' = -E, O'' = -O
          P(i0 + i, r) = ar * (J(i) * e1 - res(i) * e0 * p) + (o1 * o1 - o0 * o0) * p * inv_m;
        }
      }
    }
    if (o.grad)
      for (Eigen::Index r = 0; r < m; ++r) {
        const T ar = as(r);
        const T* __restrict sp = Scol(r);
        const T* __restrict cp = Ccol(r);
        const T* __restrict sup = su.data() + r * B;
        const T* __restrict cup = cu.data() + r * B;
        const T* __restrict rp = res.data();
        T* __restrict up = U.data() + r * ld + i0;
#pragma omp simd
        for (Eigen::Index i = 0; i < B; ++i) {
          const T sig = sp[i] + cp[i], dsig = cp[i] - sp[i];
          // C = res a E'/sqrt m + O O'/m
          up[i] = -rp[i] * ar * sig * sup[i] + dsig * dsig * sup[i] * cup[i] * inv_m;
        }
      }
  }

  // ---- randomized, squared loss, exact (SPEC §3.4) -----------------------------------------------
  void block_closed_form(Eigen::Index i0, Eigen::Index i1, Matrix<T>& U, Matrix<T>& P, int order, Vector<T>& loss_i,
                         Out& o) const {
    const Eigen::Index B = i1 - i0;
    if (sincos_split) {
      block_closed_form_sincos(i0, B, U, P, order, loss_i, o);
      return;
    }
    // Even and odd parts in u of sigma(t + u) and their u-derivatives:
    //   E = [sigma(t+u) + sigma(t-u)]/2, O = [sigma(t+u) - sigma(t-u)]/2, E' = O-type, O' = E-type.
    std::vector<Matrix<T>> sp, sm;
    shifted(i0, B, U, order, sp, &sm);
    const Matrix<T> E0 = (sp[0] + sm[0]) / 2, O0 = (sp[0] - sm[0]) / 2;
    Matrix<T> E1, O1, E2, O2;
    if (order >= 1) {
      E1 = (sp[1] - sm[1]) / 2;
      O1 = (sp[1] + sm[1]) / 2;
    }
    if (order >= 2) {
      E2 = (sp[2] + sm[2]) / 2;
      O2 = (sp[2] - sm[2]) / 2;
    }
    const T inv_m = inv_sqrt_m * inv_sqrt_m;
    const auto as = a_scaled();
    const Vector<T> F = compensated_row_sums(E0.array().rowwise() * as);
    const Vector<T> V = compensated_row_sums(O0.array().square()) * inv_m;
    if (o.pred) o.pred->segment(i0, B) = F;
    const Vector<T> res = F - inst.y.segment(i0, B);
    loss_i.segment(i0, B) = (res.array().square() + V.array()) / 2;
    if (order == 0) return;
    if (order >= 2) {
      auto Pb = P.middleRows(i0, B);
      const Vector<T> J = compensated_row_sums((E1.array() * Pb.array()).rowwise() * as);
      Pb = ((E1.array().colwise() * J.array() + (E2.array() * Pb.array()).colwise() * res.array()).rowwise() * as +
            (O1.array().square() + O0.array() * O2.array()) * Pb.array() * inv_m)
               .matrix();
    }
    if (o.grad)
      U.middleRows(i0, B) = ((E1.array().colwise() * res.array()).rowwise() * as + O0.array() * O1.array() * inv_m).matrix();
  }

  // ---- randomized, any loss: average over sign patterns ------------------------------------------
  void block_patterns(Eigen::Index i0, Eigen::Index i1, Matrix<T>& U, Matrix<T>& P, int order, Vector<T>& loss_i,
                      Matrix<T>& pair_values, Out& o) const {
    const Eigen::Index B = i1 - i0, m = inst.m();
    std::vector<Matrix<T>> sp, sm;
    shifted(i0, B, U, order, sp, &sm);
    const T wgt = T(1) / T(patterns.size());
    const bool mc = method == RandomizedMethod::monte_carlo;
    Vector<T> C(m), H(m), Prow(m);
    for (Eigen::Index i = 0; i < B; ++i) {
      const Eigen::Index gi = i0 + i;
      if (order >= 2) Prow = P.row(gi).transpose();
      std::vector<CompensatedSum<T>> Cs(order >= 1 ? m : 0), Hs(order >= 2 ? m : 0);
      CompensatedSum<T> Ls, Fs;
      T first_half(0);
      for (std::size_t k = 0; k < patterns.size(); ++k) {
        const std::vector<int>& s = patterns[k];
        CompensatedSum<T> g;
        for (Eigen::Index r = 0; r < m; ++r) g.add(inst.a(r) * (s[r] > 0 ? sp[0](i, r) : sm[0](i, r)));
        const T f = g.value() * inv_sqrt_m;
        Fs.add(f);
        T l[3];
        loss3(gi, f, l);
        Ls.add(l[0]);
        if (mc) {
          if (k % 2 == 0) first_half = l[0];
          else pair_values(gi, k / 2) = (first_half + l[0]) / 2;
        }
        if (order >= 1) {
          // d f / d u_r = a_r s_r sigma'(t + s_r u) / sqrt m
          T Ji(0);
          if (order >= 2) {
            CompensatedSum<T> J;
            for (Eigen::Index r = 0; r < m; ++r)
              J.add(inst.a(r) * T(s[r]) * (s[r] > 0 ? sp[1](i, r) : sm[1](i, r)) * Prow(r));
            Ji = J.value() * inv_sqrt_m;
          }
          for (Eigen::Index r = 0; r < m; ++r) {
            const T d1 = s[r] > 0 ? sp[1](i, r) : sm[1](i, r);
            Cs[r].add(l[1] * inst.a(r) * T(s[r]) * d1);
            if (order >= 2) {
              const T d2 = s[r] > 0 ? sp[2](i, r) : sm[2](i, r);
              Hs[r].add(l[2] * Ji * inst.a(r) * T(s[r]) * d1 + l[1] * inst.a(r) * d2 * Prow(r));
            }
          }
        }
      }
      loss_i(gi) = Ls.value() * wgt;
      if (o.pred) (*o.pred)(gi) = Fs.value() * wgt;
      if (order >= 1)
        for (Eigen::Index r = 0; r < m; ++r) U(gi, r) = Cs[r].value() * wgt * inv_sqrt_m;
      if (order >= 2)
        for (Eigen::Index r = 0; r < m; ++r) P(gi, r) = Hs[r].value() * wgt * inv_sqrt_m;
    }
  }
};

template <class T>
Objective<T>::Objective(const Instance<T>& inst, const ObjectiveSpec& spec)
    : impl_(std::make_unique<Impl>(inst, spec)) {}
template <class T> Objective<T>::~Objective() = default;
template <class T> Objective<T>::Objective(Objective&&) noexcept = default;
template <class T> Objective<T>& Objective<T>::operator=(Objective&&) noexcept = default;

template <class T> Eigen::Index Objective<T>::dim() const { return impl_->inst.m() * impl_->inst.d(); }
template <class T> Eigen::Index Objective<T>::m() const { return impl_->inst.m(); }
template <class T> Eigen::Index Objective<T>::d() const { return impl_->inst.d(); }
template <class T> const ObjectiveSpec& Objective<T>::spec() const { return impl_->spec; }
template <class T> const char* Objective<T>::method() const { return impl_->method_name(); }

template <class T> T Objective<T>::value(const Vector<T>& w) const { return value_with_error(w).value; }

template <class T> ValueWithError<T> Objective<T>::value_with_error(const Vector<T>& w) const {
  typename Impl::Out o;
  impl_->evaluate(w, o);
  return {o.value, o.stderr_};
}

template <class T> T Objective<T>::data_value(const Vector<T>& w) const {
  typename Impl::Out o;
  impl_->evaluate(w, o);
  if (impl_->spec.lambda > 0) o.value -= T(impl_->spec.lambda) * regularizer_value(impl_->unflatten(w));
  return o.value;
}

template <class T> T Objective<T>::gradient(const Vector<T>& w, Vector<T>& g) const {
  typename Impl::Out o;
  o.grad = &g;
  impl_->evaluate(w, o);
  return o.value;
}

template <class T> void Objective<T>::hvp(const Vector<T>& w, const Vector<T>& v, Vector<T>& out) const {
  if (v.size() != dim())
    throw std::invalid_argument("Objective::hvp: direction has " + std::to_string(v.size()) + " entries, expected " +
                                std::to_string(dim()));
  typename Impl::Out o;
  o.dir = &v;
  o.hv = &out;
  impl_->evaluate(w, o);
}

template <class T> Vector<T> Objective<T>::predictions(const Vector<T>& w) const {
  Vector<T> p;
  typename Impl::Out o;
  o.pred = &p;
  impl_->evaluate(w, o);
  return p;
}

template <class T> Vector<T> Objective<T>::flatten(const RowMatrix<T>& W) {
  return Eigen::Map<const Vector<T>>(W.data(), W.size());
}

template <class T> RowMatrix<T> Objective<T>::unflatten(const Vector<T>& w) const { return impl_->unflatten(w); }

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_objective(T) \
  namespace beyondlin {                   \
  template class Objective<T>;            \
  }
