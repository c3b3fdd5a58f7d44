// Interval LDL^T certificates (interval_ldlt.hpp).

#include "interval_ldlt.hpp"

#include <stdexcept>

namespace beyondlin::proofs {

PositiveDefiniteCertificate certify_positive_definite(const Matrix<Interval>& A) {
  if (A.rows() != A.cols()) throw std::invalid_argument("certify_positive_definite: matrix not square");
  const Eigen::Index N = A.rows();
  PositiveDefiniteCertificate cert;
  cert.size = static_cast<int>(N);
  Matrix<Interval> L = Matrix<Interval>::Zero(N, N);  // strictly lower part used
  Matrix<Interval> M = Matrix<Interval>::Zero(N, N);  // M_ij = L_ij d_j
  std::vector<Interval> d(static_cast<std::size_t>(N));
  bool first = true;
  for (Eigen::Index k = 0; k < N; ++k) {
    Interval dk = A(k, k);
    for (Eigen::Index j = 0; j < k; ++j) dk -= M(k, j) * L(k, j);
    d[static_cast<std::size_t>(k)] = dk;
    const double lo = lo_double(dk);
    if (first || lo < cert.min_pivot_lo) cert.min_pivot_lo = lo;
    first = false;
    if (!(lower_end(dk) > 0)) {
      cert.failed_pivot = static_cast<int>(k);
      return cert;
    }
    for (Eigen::Index i = k + 1; i < N; ++i) {
      Interval s = A(i, k);
      for (Eigen::Index j = 0; j < k; ++j) s -= M(i, j) * L(k, j);
      M(i, k) = s;  // = L_ik d_k
      L(i, k) = s / dk;
    }
  }
  cert.proved = true;
  return cert;
}

MinEigenvalueBound certify_min_eigenvalue_lower_bound(const Matrix<Interval>& H, const IntervalEnd& estimate,
                                                      const IntervalEnd& scale) {
  MinEigenvalueBound out;
  const IntervalEnd sc = scale > 0 ? scale : IntervalEnd(1);
  for (double delta : {1e-30, 1e-20, 1e-12, 1e-6, 1e-3}) {
    const IntervalEnd theta = estimate - IntervalEnd(delta) * sc;
    Matrix<Interval> A = H;
    for (Eigen::Index k = 0; k < A.rows(); ++k) A(k, k) -= Interval(theta);
    ++out.attempts;
    out.certificate = certify_positive_definite(A);
    out.theta = theta;
    out.theta_double = mpfr_get_d(theta.backend().data(), MPFR_RNDD);
    out.shift = mpfr_get_d(IntervalEnd(estimate - theta).backend().data(), MPFR_RNDN);
    if (out.certificate.proved) {
      out.proved = true;
      break;
    }
  }
  return out;
}

}  // namespace beyondlin::proofs
