#pragma once
/// @file reference.hpp
/// The "reference side" of every chain: the library for T = double and scalar_mp50 (Objective
/// with the quadratic model, taylor_term, regularizer_*, dense_hessian), the formulas of
/// formulas.hpp for intervals (the library is not instantiated for MPFI). A chain compares this
/// side with the SPEC formula of the other side, so in double and at 50 digits every step also
/// cross-checks the library.

#include "formulas.hpp"

#include <beyondlin/hessian.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/regularizer.hpp>

#include <memory>
#include <type_traits>

namespace beyondlin::proofs {

/// F = L^Q + lambda R on one instance, evaluated by the library (double, mp50) or by formulas
/// (intervals). Costs as the library: gradient and HVP O(nmd), dense Hessian md HVPs.
template <class T> class Reference {
 public:
  Reference(const Instance<double>& inst, const QuadModel<T>& qm, double lambda) : qm_(qm), lambda_(lambda) {
    if constexpr (!is_interval_v<T>) {
      inst_ = instance_cast<T>(inst);
      ObjectiveSpec spec;
      spec.kind = ObjectiveKind::taylor;
      spec.order = 2;
      spec.lambda = lambda;
      obj_ = std::make_unique<Lib>(inst_, spec);
    }
  }

  /// Where the values come from, for the step texts.
  static const char* source() {
    if constexpr (is_interval_v<T>) return "formulas (SPEC §2, §3.3, App. A) in MPFI intervals";
    else return "library (Objective taylor-2, taylor_term, regularizer_*)";
  }

  /// grad F(W).
  RowMatrix<T> gradient(const RowMatrix<T>& W) const {
    if constexpr (is_interval_v<T>) {
      RowMatrix<T> G = quadratic_gradient(qm_, W);
      if (lambda_ != 0) G += T(lambda_) * reg_gradient(W);
      return G;
    } else {
      Vector<T> g;
      obj_->gradient(Lib::flatten(W), g);
      return obj_->unflatten(g);
    }
  }

  /// Hess F(W) D.
  RowMatrix<T> hvp(const RowMatrix<T>& W, const RowMatrix<T>& D) const {
    if constexpr (is_interval_v<T>) {
      RowMatrix<T> H = quadratic_hvp(qm_, W, D);
      if (lambda_ != 0) H += T(lambda_) * reg_hvp(W, D);
      return H;
    } else {
      Vector<T> h;
      obj_->hvp(Lib::flatten(W), Lib::flatten(D), h);
      return obj_->unflatten(h);
    }
  }

  /// Hess F(W)[D, D] = <Hess F(W) D, D>.
  T curvature(const RowMatrix<T>& W, const RowMatrix<T>& D) const { return frobenius_dot(hvp(W, D), D); }

  /// L^Q(V) (data term, without lambda R).
  T data_value(const RowMatrix<T>& V) const {
    if constexpr (is_interval_v<T>) return quadratic_loss(qm_, V);
    else return obj_->data_value(Lib::flatten(V));
  }

  /// f^Q_V(x_i) for every sample.
  Vector<T> quadratic_term_of(const RowMatrix<T>& V) const {
    if constexpr (is_interval_v<T>) return quadratic_term(qm_, projections(qm_, V));
    else return taylor_term(inst_, V, 2);
  }

  /// Dense Hess F(W) (md x md): library dense_hessian (md HVPs) or the formulas.
  Matrix<T> dense(const RowMatrix<T>& W) const {
    if constexpr (is_interval_v<T>) {
      Matrix<T> H = quadratic_hessian(qm_, W);
      if (lambda_ != 0) H += T(lambda_) * reg_hessian(W);
      return H;
    } else {
      return dense_hessian(*obj_, Lib::flatten(W));
    }
  }

  /// lambda_min(Hess F(W)) (floating types only): the library's dense eigensolver
  /// (dense_hessian_eigenvalues, Eigen's SelfAdjointEigenSolver in T) when md <= 1500, otherwise
  /// (double only) Lanczos on the HVP operator (hessian_extreme_eigenvalues, relative tolerance 1e-10).
  T min_eigenvalue(const RowMatrix<T>& W) const {
    static_assert(!is_interval_v<T>, "intervals: use certify_min_eigenvalue_lower_bound");
    const Vector<T> w = Lib::flatten(W);
    if constexpr (std::is_same_v<T, double>) {
      if (obj_->dim() > 1500) return hessian_extreme_eigenvalues(*obj_, w, 1, true).values.at(0);
    }
    return dense_hessian_eigenvalues(*obj_, w)(0);
  }

  // Regularizer (library regularizer_* or formulas).
  static T reg_value_of(const RowMatrix<T>& W) {
    if constexpr (is_interval_v<T>) return reg_value(W);
    else return regularizer_value(W);
  }
  static RowMatrix<T> reg_gradient_of(const RowMatrix<T>& W) {
    if constexpr (is_interval_v<T>) return reg_gradient(W);
    else return regularizer_gradient(W);
  }
  static RowMatrix<T> reg_hvp_of(const RowMatrix<T>& W, const RowMatrix<T>& D) {
    if constexpr (is_interval_v<T>) return reg_hvp(W, D);
    else return regularizer_hvp(W, D);
  }
  static T reg_sign_averaged_of(const RowMatrix<T>& W, const RowMatrix<T>& D) {
    if constexpr (is_interval_v<T>) return reg_sign_averaged_curvature(W, D);
    else return regularizer_sign_averaged_curvature(W, D);
  }
  /// ||W||_{2,4} (library mixed_norm or (sum_r q_r^2)^{1/4}).
  static T norm24(const RowMatrix<T>& W) {
    if constexpr (is_interval_v<T>) return sqrt_of(sqrt_of(sum_fourth_powers(W)));
    else return mixed_norm(W, 4.0);
  }

 private:
  using Lib = std::conditional_t<is_interval_v<T>, int, Objective<T>>;
  using LibInstance = std::conditional_t<is_interval_v<T>, int, Instance<T>>;
  const QuadModel<T>& qm_;
  double lambda_;
  LibInstance inst_{};
  std::unique_ptr<Lib> obj_;
};

}  // namespace beyondlin::proofs
