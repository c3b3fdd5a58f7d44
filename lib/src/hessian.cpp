// Matrix-free extreme eigenvalues of objective Hessians with Spectra (hessian.hpp).
#include <beyondlin/errors.hpp>
#include <beyondlin/hessian.hpp>
#include <beyondlin/rng.hpp>

#include <Spectra/SymEigsSolver.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace beyondlin {

namespace {

/// Spectra 1.x operator y = (shift I + sign H) x over Objective::hvp. Counts its HVPs.
class HvpOperator {
 public:
  using Scalar = double;
  HvpOperator(const Objective<double>& f, const Vector<double>& w, double sign, double shift)
      : f_(f), w_(w), sign_(sign), shift_(shift) {}
  Eigen::Index rows() const { return f_.dim(); }
  Eigen::Index cols() const { return f_.dim(); }
  void perform_op(const double* x_in, double* y_out) const {
    Eigen::Map<const Vector<double>> x(x_in, f_.dim());
    f_.hvp(w_, x, hv_);
    ++count_;
    Eigen::Map<Vector<double>>(y_out, f_.dim()) = sign_ * hv_ + shift_ * x;
  }
  long count() const { return count_; }

 private:
  const Objective<double>& f_;
  const Vector<double>& w_;
  double sign_, shift_;
  mutable Vector<double> hv_;
  mutable long count_ = 0;
};

const char* status_name(Spectra::CompInfo info) {
  switch (info) {
    case Spectra::CompInfo::Successful: return "successful";
    case Spectra::CompInfo::NotConverging: return "not-converging";
    case Spectra::CompInfo::NumericalIssue: return "numerical-issue";
    default: return "not-computed";
  }
}

/// The K largest eigenpairs of sign H + shift I.
struct Run {
  Vector<double> values;
  Matrix<double> vectors;
  long hvps = 0;
  Spectra::CompInfo info = Spectra::CompInfo::NotComputed;
};

Run largest(const Objective<double>& f, const Vector<double>& w, int K, double sign, double shift, double tol,
            int maxit) {
  HvpOperator op(f, w, sign, shift);
  const Eigen::Index n = f.dim();
  const Eigen::Index ncv = std::min<Eigen::Index>(n, std::max<Eigen::Index>(2 * K + 1, 20));
  Spectra::SymEigsSolver<HvpOperator> eigs(op, K, ncv);
  Run r;
  try {
    eigs.init();
    eigs.compute(Spectra::SortRule::LargestAlge, maxit, tol, Spectra::SortRule::LargestAlge);
  } catch (const std::runtime_error&) {
    // Spectra throws when Eigen's tridiagonal eigensolver fails on its Krylov matrix (seen for
    // taylor-3 on a 4-dimensional operator of rank <= 1): a numerical issue, not an internal error.
    r.info = Spectra::CompInfo::NumericalIssue;
    r.hvps = op.count();
    return r;
  }
  r.info = eigs.info();
  if (r.info == Spectra::CompInfo::Successful) {
    r.values = eigs.eigenvalues();
    r.vectors = eigs.eigenvectors();
  }
  r.hvps = op.count();
  return r;
}

}  // namespace

HessianEigenResult hessian_extreme_eigenvalues(const Objective<double>& f, const Vector<double>& w, int K,
                                               bool smallest, double tol, int maxit) {
  if (K < 1 || K >= f.dim())
    throw InputError("eig", "the number of eigenvalues must be in 1.." + std::to_string(f.dim() - 1) + ", got " +
                                std::to_string(K));
  HessianEigenResult out;
  Run top = largest(f, w, smallest ? 1 : K, 1.0, 0.0, tol, maxit);
  out.hvp_count = top.hvps;
  Run run = top;
  double sign = 1.0, shift = 0.0;
  if (smallest && top.info == Spectra::CompInfo::Successful) {
    // s I - H has the eigenvalues s - lambda >= 0; its largest are the smallest of H. A margin of
    // 1% of |lambda_max| (or 1) keeps s above lambda_max despite the Lanczos tolerance.
    shift = top.values(0) + 0.01 * std::max(1.0, std::abs(top.values(0)));
    sign = -1.0;
    run = largest(f, w, K, sign, shift, tol, maxit);
    out.hvp_count += run.hvps;
  }
  out.status = status_name(run.info);
  if (run.info != Spectra::CompInfo::Successful) return out;
  // Each reported pair is the Rayleigh quotient lambda = v^T H v of the normalized Ritz vector v and its
  // residual ||H v - lambda v||, so that some eigenvalue of H lies within the residual of lambda for any
  // v (symmetric H). Spectra can report success with Ritz pairs that are not (e.g. after a breakdown on
  // a tiny operator of low rank and high multiplicity: seen with md = 12, a rank-1 Hessian, clang -O1);
  // a residual above 1e-6 |H| marks the run "numerical-issue", and no value is returned. |H| is
  // estimated by the largest |eigenvalue| found and ||H u|| for a fixed pseudo-random unit vector u: the
  // eigenvalues found alone can all be 0 while |H| is not (the largest end of a negative semidefinite
  // H), and then rounding-level residuals failed a threshold of 1e-6 x 0.
  Vector<double> hv;
  std::vector<std::pair<double, double>> pairs;
  double scale = std::abs(top.values(0));
  {
    Rng rng(0x5eed);
    Vector<double> u(f.dim());
    for (Eigen::Index i = 0; i < u.size(); ++i) u(i) = rng.normal();
    u /= u.norm();
    f.hvp(w, u, hv);
    ++out.hvp_count;
    if (std::isfinite(hv.norm())) scale = std::max(scale, hv.norm());
  }
  for (Eigen::Index j = 0; j < run.values.size(); ++j) {
    Vector<double> v = run.vectors.col(j);
    const double nv = v.norm();
    if (!(nv > 0) || !std::isfinite(nv)) {
      out.status = "numerical-issue";
      return out;
    }
    v /= nv;
    f.hvp(w, v, hv);
    ++out.hvp_count;
    const double lambda = v.dot(hv);
    pairs.emplace_back(lambda, (hv - lambda * v).norm());
    scale = std::max(scale, std::abs(lambda));
  }
  for (const auto& [lambda, res] : pairs)
    if (!(res <= 1e-6 * scale) || !std::isfinite(lambda)) {
      out.status = "numerical-issue";
      return out;
    }
  // ascending (smallest) / descending (largest), as the Ritz values were
  std::stable_sort(pairs.begin(), pairs.end(), [smallest](const auto& a, const auto& b) {
    return smallest ? a.first < b.first : a.first > b.first;
  });
  for (const auto& [lambda, res] : pairs) {
    out.values.push_back(lambda);
    out.residuals.push_back(res);
  }
  return out;
}

}  // namespace beyondlin
