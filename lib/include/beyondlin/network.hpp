#pragma once
/// @file network.hpp
/// Evaluation of the two-layer network, its Taylor terms and remainders (SPEC §1.2, §2), and
/// the mixed (2,p) norms (SPEC §1.4).
///
/// Notation: t_{ir} = w_{0,r}^T x_i, u_{ir} = w_r^T x_i (computed as the GEMMs X W0^T and X W^T).
/// Sums over the m neurons use compensated summation (scalar.hpp), so that f is accurate to a
/// few ulps of sum_r |a_r sigma(.)| / sqrt(m) even for m = 2^20.

#include <beyondlin/instance.hpp>

namespace beyondlin {

/// X V^T: the n x m matrix of pre-activations v_r^T x_i. One GEMM, 2 n m d flops.
template <class T> Matrix<T> pre_activations(const Matrix<T>& X, const RowMatrix<T>& V);

/// f_V(x_i) = m^{-1/2} sum_r a_r sigma(v_r^T x_i) for every sample (SPEC §1.2). Cost O(nmd).
template <class T> Vector<T> network_output(const Instance<T>& inst, const RowMatrix<T>& V);

/// f_{W0+W}(x_i) with the instance's own movement.
template <class T> Vector<T> network_output(const Instance<T>& inst);

/// f_{W0}(x_i), the network at initialization (identically 0 under symmetric init, ID-1).
template <class T> Vector<T> initial_output(const Instance<T>& inst);

/// Taylor terms (SPEC §2): column k-1 holds f^(k)_W(x_i) = (k! sqrt m)^{-1} sum_r a_r
/// sigma^(k)(t_{ir}) u_{ir}^k, for k = 1..K (K <= kMaxActivationOrder). n x K. Cost O(nmd + nmK).
template <class T> Matrix<T> taylor_terms(const Instance<T>& inst, const RowMatrix<T>& W, int K);

/// A single Taylor term f^(k)_W(x_i), k >= 0 (k = 0 gives f_{W0}).
template <class T> Vector<T> taylor_term(const Instance<T>& inst, const RowMatrix<T>& W, int k);

/// Remainder R_{K+1} = f_{W0+W} - f_{W0} - sum_{k=1}^K f^(k)_W (SPEC §2), per sample.
/// Computed per neuron as sigma(t+u) - sum_{k<=K} sigma^(k)(t) u^k/k! before summing over neurons,
/// so the cancellation happens neuron by neuron.
template <class T> Vector<T> taylor_remainder(const Instance<T>& inst, const RowMatrix<T>& W, int K);

/// Mixed norm ||W||_{2,p} = (sum_r ||w_r||^p)^{1/p}, p >= 1; p = +infinity gives max_r ||w_r||
/// (SPEC §1.4).
template <class T> T mixed_norm(const RowMatrix<T>& W, double p);

/// Row norms ||w_r||_2.
template <class T> Vector<T> row_norms(const RowMatrix<T>& W);

}  // namespace beyondlin
