#pragma once
/// @file chain_util.hpp
/// Small helpers shared by the chain implementations (lemma_*.cpp, theorem_l.cpp): timing, the
/// choice of the sign-average method, and the dispatch from ProofPrecision to a scalar type.

#include "formulas.hpp"
#include "proof_step.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace beyondlin::proofs::detail {

/// The exact sign-average method for width m under the options.
inline SignAverage choose_sign_average(Eigen::Index m, const ProofOptions& o) {
  if (m <= o.enumerate_max_m) return SignAverage::enumeration;
  if (m <= o.per_row_max_m) return SignAverage::per_row;
  return SignAverage::none;
}

/// Throws std::invalid_argument("<fn>: <what> must be m x d ...") unless M has the given shape.
inline void require_shape(const RowMatrix<double>& M, Eigen::Index m, Eigen::Index d, const char* fn,
                          const char* what) {
  if (M.rows() != m || M.cols() != d)
    throw std::invalid_argument(std::string(fn) + ": " + what + " must be " + std::to_string(m) + " x " +
                                std::to_string(d) + " (the shape of W0), got " + std::to_string(M.rows()) + " x " +
                                std::to_string(M.cols()));
}

/// Wall-clock seconds since `t0`.
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Calls fn.template operator()<T>() with T = double, scalar_mp50 or Interval.
template <class Fn> ProofRun dispatch_precision(ProofPrecision p, Fn&& fn) {
  switch (p) {
    case ProofPrecision::float64: return fn(double{});
    case ProofPrecision::mp50: return fn(scalar_mp50{});
    case ProofPrecision::interval50: return fn(Interval{});
  }
  throw std::invalid_argument("unknown ProofPrecision");
}

/// Push a step; returns it for chaining values into later steps.
inline const ProofStep& push(ProofRun& run, ProofStep s) {
  run.steps.push_back(std::move(s));
  return run.steps.back();
}

/// The worst of N evaluations of one step (per sample, per neuron, per pattern): lhs[k] = rhs[k]
/// (identity) or lhs[k] <= rhs[k], with scales (empty: the default scale of the step). Intervals:
/// every element is evaluated and the lowest status, then the smallest margin, is kept. Floating
/// types: the element with the largest scaled error is evaluated (same ranking, O(N) without building
/// N steps). `label(k)` names element k. The step's count is N.
template <class T, class Label>
ProofStep worst_of(bool identity, const StepText& text, const std::vector<T>& lhs, const std::vector<T>& rhs,
                   const std::vector<T>& scale, const Label& label) {
  const std::size_t N = lhs.size();
  auto eval = [&](std::size_t k) {
    const T s = scale.empty() ? T(-1) : scale[k];
    return identity ? identity_step<T>(text, lhs[k], rhs[k], scale.empty() ? T(0) : s)
                    : at_most_step<T>(text, lhs[k], rhs[k], s);
  };
  if (N == 0) throw std::invalid_argument("worst_of: no element");
  if constexpr (is_interval_v<T>) {
    ProofStep w;
    for (std::size_t k = 0; k < N; ++k) keep_worst(w, eval(k), label(k));
    return w;
  } else {
    using std::abs;
    std::size_t worst = 0;
    double we = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < N; ++k) {
      T s = scale.empty() ? T(-1) : scale[k];
      if (!(s > T(0))) s = identity ? T(1) : T(abs(rhs[k]));
      if (!(s > T(0))) s = T(1);
      const double e = to_double(T((identity ? T(abs(lhs[k] - rhs[k])) : T(lhs[k] - rhs[k])) / s));
      if (std::isnan(e) || e > we) {
        we = std::isnan(e) ? std::numeric_limits<double>::infinity() : e;
        worst = k;
      }
    }
    ProofStep st = eval(worst);
    st.count = static_cast<long>(N);
    st.where = st.where.empty() ? label(worst) : label(worst) + "; " + st.where;
    return st;
  }
}

}  // namespace beyondlin::proofs::detail
