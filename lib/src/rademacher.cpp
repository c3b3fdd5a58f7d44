// Rademacher complexities of the Taylor-model classes (rademacher.hpp; SPEC §4.4 G1-G3, §4.7 H5).
#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/rademacher.hpp>
#include <beyondlin/rng.hpp>

#include <Eigen/Eigenvalues>

#include <boost/math/special_functions/factorials.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace beyondlin {
namespace {

/// Seed of neuron r's starts: SplitMix64 of (seed, r).
std::uint64_t neuron_seed(std::uint64_t seed, Eigen::Index r) {
  return splitmix64(splitmix64(seed) + static_cast<std::uint64_t>(r));
}

void check_radius(double B, const char* field) {
  if (!(B > 0) || !std::isfinite(B))
    throw InputError(field, "must be a finite number > 0, got " + shortest_decimal(B));
}

void check_order(int k, int lo) {
  if (k < lo || k > kMaxActivationOrder)
    throw InputError("order", "must be an integer in [" + std::to_string(lo) + ", " +
                                  std::to_string(kMaxActivationOrder) + "], got " + std::to_string(k));
}

void check_signs(const Instance<double>& inst, const Vector<double>& eps) {
  if (eps.size() != inst.n())
    throw InputError("eps", "expected " + std::to_string(inst.n()) + " signs (one per sample), got " +
                                std::to_string(eps.size()));
  for (Eigen::Index i = 0; i < eps.size(); ++i)
    if (eps(i) != 1.0 && eps(i) != -1.0)
      throw InputError("eps", "entry [" + std::to_string(i) + "] must be +1 or -1, got " + shortest_decimal(eps(i)));
}

/// sigma^(k)(t_ir), n x m.
Matrix<double> activation_matrix(const Instance<double>& inst, int k) {
  const Matrix<double> T0 = pre_activations(inst.X, inst.W0);
  std::vector<Matrix<double>> out;
  activation_derivatives(inst.activation, T0, k, out);
  return std::move(out[static_cast<std::size_t>(k)]);
}

/// C(i, r) = S(i, r) eps_i a_r / n.
Matrix<double> coefficients_from(const Matrix<double>& S, const Vector<double>& eps, const Vector<double>& a) {
  const double n = static_cast<double>(S.rows());
  Matrix<double> C = S;
  const Eigen::ArrayXd e = eps.array() / n;
  for (Eigen::Index r = 0; r < C.cols(); ++r) C.col(r).array() *= e * a(r);
  return C;
}

double max_abs(const Matrix<double>& M) { return M.size() ? M.cwiseAbs().maxCoeff() : 0.0; }

double max_row_norm(const Matrix<double>& X) {
  double b = 0;
  for (Eigen::Index i = 0; i < X.rows(); ++i) b = std::max(b, X.row(i).norm());
  return b;
}

/// Compensated sqrt(sum v_r^2).
double l2(const Vector<double>& v) {
  CompensatedSum<double> s;
  for (Eigen::Index i = 0; i < v.size(); ++i) s.add(v(i) * v(i));
  return std::sqrt(s.value());
}

/// Fixed start vector of the Lanczos runs: normal entries from Rng(0x5eed), normalized.
Vector<double> lanczos_start(Eigen::Index d) {
  Rng rng(0x5eed);
  Vector<double> q(d);
  for (Eigen::Index j = 0; j < d; ++j) q(j) = rng.normal();
  return q / q.norm();
}

/// Per-neuron extreme eigenpairs of A_r = X^T diag(C(:, r)) X.
struct NeuronSpectra {
  Vector<double> lmax, lmin, rmax, rmin;
  RowMatrix<double> vmax;  ///< top unit eigenvectors (rows), when requested
  long steps = 0;
  int unconverged = 0;
};

NeuronSpectra neuron_spectra(const Matrix<double>& X, const Matrix<double>& C, const SupOptions& opt,
                             bool want_vectors) {
  const Eigen::Index n = X.rows(), d = X.cols(), m = C.cols();
  NeuronSpectra s;
  s.lmax = Vector<double>::Zero(m);
  s.lmin = Vector<double>::Zero(m);
  s.rmax = Vector<double>::Zero(m);
  s.rmin = Vector<double>::Zero(m);
  if (want_vectors) s.vmax = RowMatrix<double>::Zero(m, d);
  std::vector<int> steps(static_cast<std::size_t>(m), 0), conv(static_cast<std::size_t>(m), 1);
  // Threads only for enough work (about 2 n d^2 m flops): on small problems the OpenMP start-up and
  // spinning cost more than the work (20x slower on a loaded 2-core machine).
  const bool parallel = m > 1 && 2.0 * double(n) * double(d) * double(d) * double(m) > 2e7;
#pragma omp parallel if (parallel)
  {
    Matrix<double> Y(n, d), A(d, d);
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index r = 0; r < m; ++r) {
      Y.noalias() = (X.array().colwise() * C.col(r).array()).matrix();
      // Lower triangle only: n d^2 multiply-adds instead of 2 n d^2 (the eigensolver reads it).
      A.triangularView<Eigen::Lower>() = Y.transpose() * X;
      if (opt.skip_eigensolves) continue;
      const SymmetricExtremes e = symmetric_extremes(A, opt.tol, opt.max_steps, want_vectors);
      s.lmax(r) = e.max;
      s.lmin(r) = e.min;
      s.rmax(r) = e.max_residual;
      s.rmin(r) = e.min_residual;
      if (want_vectors) s.vmax.row(r) = e.max_vector.transpose();
      steps[static_cast<std::size_t>(r)] = e.steps;
      conv[static_cast<std::size_t>(r)] = e.converged ? 1 : 0;
    }
  }
  for (Eigen::Index r = 0; r < m; ++r) {
    s.steps += steps[static_cast<std::size_t>(r)];
    s.unconverged += conv[static_cast<std::size_t>(r)] ? 0 : 1;
  }
  return s;
}

/// G1 from the coefficients C = c^(2).
QuadraticSup quadratic_from(const Matrix<double>& X, const Matrix<double>& C, double B, const SupOptions& opt) {
  const Eigen::Index m = C.cols(), d = X.cols();
  const bool vectors = opt.maximizer && !opt.skip_eigensolves;
  NeuronSpectra s = neuron_spectra(X, C, opt, vectors);
  QuadraticSup q;
  q.lambda_max = s.lmax;
  q.lambda_min = s.lmin;
  q.residual_max = s.rmax;
  q.residual_min = s.rmin;
  q.lanczos_steps = s.steps;
  q.unconverged = s.unconverged;
  const Vector<double> pos = s.lmax.cwiseMax(0.0);
  const double norm = l2(pos);
  q.value = B * B / (2.0 * std::sqrt(static_cast<double>(m))) * norm;
  q.W = RowMatrix<double>::Zero(vectors ? m : 0, vectors ? d : 0);
  if (vectors && norm > 0)
    for (Eigen::Index r = 0; r < m; ++r) q.W.row(r) = std::sqrt(B * B * pos(r) / norm) * s.vmax.row(r);
  for (Eigen::Index r = 0; r < m; ++r) q.max_norm = std::max(q.max_norm, std::max(std::abs(s.lmax(r)), std::abs(s.lmin(r))));
  q.operator_bound = B * B / 2.0 * q.max_norm;
  return q;
}

NtkSup ntk_from(const Matrix<double>& X, const Matrix<double>& C, double B_F) {
  NtkSup s;
  s.G.noalias() = C.transpose() * X;
  s.G /= std::sqrt(static_cast<double>(C.cols()));
  CompensatedSum<double> sq;
  for (Eigen::Index k = 0; k < s.G.size(); ++k) sq.add(s.G.data()[k] * s.G.data()[k]);
  const double norm = std::sqrt(sq.value());
  s.value = B_F * norm;
  s.W = RowMatrix<double>::Zero(s.G.rows(), s.G.cols());
  if (norm > 0) s.W = (B_F / norm) * s.G;
  return s;
}

OrderKSup order_k_from(const Matrix<double>& X, const Matrix<double>& C, int k, double B, const TensorMaxOptions& opt) {
  const Eigen::Index m = C.cols(), d = X.cols();
  OrderKSup o;
  o.order = k;
  o.lambda = Vector<double>::Zero(m);
  o.gradient_norm = Vector<double>::Zero(m);
  o.scale = Vector<double>::Zero(m);
  RowMatrix<double> U(m, d);
  std::vector<int> unconv(static_cast<std::size_t>(m), 0);
  std::vector<long> iters(static_cast<std::size_t>(m), 0);
  // Each neuron costs at least starts x 4 n d flops per iteration: threads when that is not tiny.
  const bool parallel = m > 1 && 4.0 * double(X.rows()) * double(d) * double(opt.starts) * double(m) > 2e6;
#pragma omp parallel for schedule(dynamic, 1) if (parallel)
  for (Eigen::Index r = 0; r < m; ++r) {
    TensorMaxOptions o2 = opt;
    o2.seed = neuron_seed(opt.seed, r);
    const TensorMax t = symmetric_tensor_max(X, C.col(r), k, o2);
    o.lambda(r) = t.value;
    o.gradient_norm(r) = t.gradient_norm;
    o.scale(r) = t.scale;
    U.row(r) = t.u.transpose();
    unconv[static_cast<std::size_t>(r)] = t.unconverged;
    iters[static_cast<std::size_t>(r)] = t.iterations;
  }
  o.starts = opt.starts;
  for (Eigen::Index r = 0; r < m; ++r) {
    o.unconverged += unconv[static_cast<std::size_t>(r)];
    o.iterations += iters[static_cast<std::size_t>(r)];
  }
  const Vector<double> pos = o.lambda.cwiseMax(0.0);
  const double norm = l2(pos);
  o.value = std::pow(B, k) / (boost::math::factorial<double>(static_cast<unsigned>(k)) * std::sqrt(static_cast<double>(m))) * norm;
  o.W = RowMatrix<double>::Zero(m, d);
  if (norm > 0)
    for (Eigen::Index r = 0; r < m; ++r) o.W.row(r) = B * std::pow(pos(r) / norm, 1.0 / k) * U.row(r);
  return o;
}

/// Mean and standard error with compensated sums.
void mean_stderr(const std::vector<double>& v, double& mean, double& se) {
  CompensatedSum<double> s;
  for (double x : v) s.add(x);
  const double nn = static_cast<double>(v.size());
  mean = s.value() / nn;
  CompensatedSum<double> q;
  for (double x : v) q.add((x - mean) * (x - mean));
  se = v.size() > 1 ? std::sqrt(q.value() / (nn - 1) / nn) : 0.0;
}

}  // namespace

// ---- classes ----------------------------------------------------------------------------------

ClassSpec parse_function_class(const std::string& name, int order, const std::string& field) {
  if (name == "quadratic") return {FunctionClass::quadratic, 2};
  if (name == "ntk") return {FunctionClass::ntk, 1};
  if (name == "order-k") {
    check_order(order, 2);
    return {FunctionClass::order_k, order};
  }
  throw InputError(field, "unknown class \"" + name + "\" (expected quadratic, ntk or order-k)");
}

std::string function_class_name(const ClassSpec& c) {
  switch (c.kind) {
    case FunctionClass::ntk: return "ntk";
    case FunctionClass::quadratic: return "quadratic";
    case FunctionClass::order_k: return "order-" + std::to_string(c.order);
  }
  return "?";
}

Vector<double> draw_rademacher_signs(Rng& rng, Eigen::Index n) {
  Vector<double> e(n);
  for (Eigen::Index i = 0; i < n; ++i) e(i) = rng.sign();
  return e;
}

Matrix<double> rademacher_coefficients(const Instance<double>& inst, const Vector<double>& eps, int k) {
  check_signs(inst, eps);
  check_order(k, 0);
  return coefficients_from(activation_matrix(inst, k), eps, inst.a);
}

// ---- Lanczos ----------------------------------------------------------------------------------

SymmetricExtremes symmetric_extremes(const Matrix<double>& A, double tol, int max_steps, bool want_vector) {
  const Eigen::Index d = A.rows();
  if (d == 0 || A.cols() != d)
    throw InputError("A", "expected a nonempty square matrix, got " + std::to_string(A.rows()) + " x " +
                              std::to_string(A.cols()));
  if (!(tol >= 0) || !std::isfinite(tol)) throw InputError("tol", "must be a finite number >= 0, got " + shortest_decimal(tol));
  if (max_steps < 0) throw InputError("max_steps", "must be >= 0, got " + std::to_string(max_steps));
  const Eigen::Index kmax = max_steps > 0 ? std::min<Eigen::Index>(max_steps, d) : d;
  Matrix<double> V(d, kmax);
  Vector<double> alpha(kmax), beta(kmax), h(kmax), h2(kmax), w(d);
  V.col(0) = lanczos_start(d);
  Eigen::SelfAdjointEigenSolver<Matrix<double>> tri;
  SymmetricExtremes out;
  Eigen::Index k = 0, next_check = 4;
  bool done = false, exact = false;
  for (Eigen::Index j = 0; j < kmax && !done; ++j) {
    w.noalias() = A.selfadjointView<Eigen::Lower>() * V.col(j);
    // Full reorthogonalization, classical Gram-Schmidt twice; the diagonal of T is corrected by both passes.
    auto Vj = V.leftCols(j + 1);
    h.head(j + 1).noalias() = Vj.transpose() * w;
    w.noalias() -= Vj * h.head(j + 1);
    h2.head(j + 1).noalias() = Vj.transpose() * w;
    w.noalias() -= Vj * h2.head(j + 1);
    alpha(j) = h(j) + h2(j);
    beta(j) = w.norm();
    k = j + 1;
    double tnorm = 0;  // >= ||T_k||_2 (largest absolute row sum)
    for (Eigen::Index i = 0; i < k; ++i)
      tnorm = std::max(tnorm, std::abs(alpha(i)) + beta(i) + (i > 0 ? beta(i - 1) : 0.0));
    // An invariant Krylov space (to rounding), or the whole space: the Ritz values are eigenvalues.
    exact = !(beta(j) > 1e-300) || beta(j) <= 1e-15 * tnorm || k == d;
    if (exact || k == kmax || k >= next_check || beta(j) <= tol * tnorm) {
      next_check = std::max(k + 4, static_cast<Eigen::Index>(1.25 * static_cast<double>(k)));
      tri.computeFromTridiagonal(alpha.head(k), beta.head(k - 1), Eigen::ComputeEigenvectors);
      const double tmin = tri.eigenvalues()(0), tmax = tri.eigenvalues()(k - 1);
      const double est_min = beta(j) * std::abs(tri.eigenvectors()(k - 1, 0));
      const double est_max = beta(j) * std::abs(tri.eigenvectors()(k - 1, k - 1));
      const double scale = std::max(std::abs(tmin), std::abs(tmax));
      out.converged = exact || (est_min <= tol * scale && est_max <= tol * scale);
      done = out.converged || k == kmax;
    }
    if (!done && j + 1 < kmax) V.col(j + 1) = w / beta(j);
  }
  out.steps = static_cast<int>(k);
  out.min = tri.eigenvalues()(0);
  out.max = tri.eigenvalues()(k - 1);
  // Ritz vectors and their computed residuals ||A y - theta y||.
  Vector<double> y = V.leftCols(k) * tri.eigenvectors().col(k - 1);
  y /= y.norm();
  w.noalias() = A.selfadjointView<Eigen::Lower>() * y;
  out.max_residual = (w - out.max * y).norm();
  if (want_vector) out.max_vector = y;
  y = V.leftCols(k) * tri.eigenvectors().col(0);
  y /= y.norm();
  w.noalias() = A.selfadjointView<Eigen::Lower>() * y;
  out.min_residual = (w - out.min * y).norm();
  return out;
}

// ---- G1 / G3 / H5 -----------------------------------------------------------------------------

QuadraticSup quadratic_class_sup(const Instance<double>& inst, const Vector<double>& eps, double B,
                                 const SupOptions& opt) {
  check_radius(B, "B");
  return quadratic_from(inst.X, rademacher_coefficients(inst, eps, 2), B, opt);
}

Matrix<double> quadratic_sup_matrix(const Instance<double>& inst, const Vector<double>& eps, Eigen::Index r) {
  if (r < 0 || r >= inst.m()) throw InputError("r", "neuron index out of range: " + std::to_string(r));
  const Matrix<double> C = rademacher_coefficients(inst, eps, 2);
  const Matrix<double> Y = (inst.X.array().colwise() * C.col(r).array()).matrix();
  Matrix<double> A(inst.d(), inst.d());
  A.triangularView<Eigen::Lower>() = Y.transpose() * inst.X;
  A.triangularView<Eigen::StrictlyUpper>() = A.transpose();
  return A;
}

NtkSup ntk_class_sup(const Instance<double>& inst, const Vector<double>& eps, double B_F) {
  check_radius(B_F, "B");
  return ntk_from(inst.X, rademacher_coefficients(inst, eps, 1), B_F);
}

TensorMax symmetric_tensor_max(const Matrix<double>& X, const Vector<double>& c, int k, const TensorMaxOptions& opt) {
  const Eigen::Index n = X.rows(), d = X.cols();
  if (c.size() != n)
    throw InputError("c", "expected " + std::to_string(n) + " coefficients, got " + std::to_string(c.size()));
  if (d == 0) throw InputError("X", "needs at least one column");
  if (k < 1) throw InputError("order", "must be >= 1, got " + std::to_string(k));
  if (opt.starts < 1) throw InputError("starts", "must be >= 1, got " + std::to_string(opt.starts));
  if (opt.max_iterations < 1)
    throw InputError("max_iterations", "must be >= 1, got " + std::to_string(opt.max_iterations));
  if (!(opt.tol >= 0) || !std::isfinite(opt.tol)) throw InputError("tol", "must be a finite number >= 0");
  const int S = opt.starts;
  TensorMax out;
  out.starts = S;
  CompensatedSum<double> sc;
  for (Eigen::Index i = 0; i < n; ++i) sc.add(std::abs(c(i)) * std::pow(X.row(i).norm(), k));
  out.scale = sc.value();
  Rng rng(opt.seed);
  Matrix<double> U(d, S);
  for (int j = 0; j < S; ++j) {
    do {
      for (Eigen::Index q = 0; q < d; ++q) U(q, j) = rng.normal();
    } while (!(U.col(j).norm() > 0));
    U.col(j) /= U.col(j).norm();
  }
  if (!(out.scale > 0)) {  // the zero tensor: every unit vector attains 0
    out.value = 0;
    out.u = U.col(0);
    return out;
  }
  // Values and gradients of a block of unit vectors: P = X V, Q = c .* P^{k-1}, G = X^T Q, F_j = V_j . G_j.
  auto evaluate = [&](const Matrix<double>& Vb, Matrix<double>& G, Vector<double>& F) {
    const Matrix<double> P = X * Vb;
    Matrix<double> Q = P;
    for (int e = 2; e < k; ++e) Q.array() *= P.array();
    if (k == 1) Q.setOnes();
    Q.array().colwise() *= c.array();
    G.noalias() = X.transpose() * Q;
    F = (Vb.array() * G.array()).colwise().sum().transpose();
  };
  Matrix<double> G(d, S);
  Vector<double> F(S);
  evaluate(U, G, F);
  const double cap = (k - 1) * out.scale;
  // Rounding allowance of F (products of k + d factors, a sum over n samples).
  const double round = 8.0 * static_cast<double>(k + d + n) * unit_roundoff<double>() * out.scale;
  const double hopm_tol = std::max(opt.tol, opt.hopm_tol) * out.scale;
  std::vector<double> alpha(static_cast<std::size_t>(S), 0.0);
  std::vector<char> active(static_cast<std::size_t>(S), 1);
  auto grad_norm = [&](int j) { return (G.col(j) - F(j) * U.col(j)).norm(); };
  for (int j = 0; j < S; ++j)
    if (grad_norm(j) <= hopm_tol) active[static_cast<std::size_t>(j)] = 0;
  std::vector<int> idx;
  for (int it = 0; it < opt.max_iterations; ++it) {
    idx.clear();
    for (int j = 0; j < S; ++j)
      if (active[static_cast<std::size_t>(j)]) idx.push_back(j);
    if (idx.empty()) break;
    const Eigen::Index a = static_cast<Eigen::Index>(idx.size());
    Matrix<double> Vb(d, a), Gb(d, a);
    Vector<double> Fb(a);
    for (Eigen::Index q = 0; q < a; ++q) {
      const int j = idx[static_cast<std::size_t>(q)];
      Vector<double> v = G.col(j) + alpha[static_cast<std::size_t>(j)] * U.col(j);
      const double nv = v.norm();
      Vb.col(q) = nv > 0 ? Vector<double>(v / nv) : Vector<double>(U.col(j));
    }
    evaluate(Vb, Gb, Fb);
    out.iterations += a;
    for (Eigen::Index q = 0; q < a; ++q) {
      const int j = idx[static_cast<std::size_t>(q)];
      double& al = alpha[static_cast<std::size_t>(j)];
      if (Fb(q) >= F(j) - round) {  // ascent (to rounding): accept, keep the shift
        U.col(j) = Vb.col(q);
        G.col(j) = Gb.col(q);
        F(j) = Fb(q);
        if (grad_norm(j) <= hopm_tol) active[static_cast<std::size_t>(j)] = 0;
      } else if (al >= cap) {
        // At the convexity shift the step cannot lower the value in exact arithmetic: the start is
        // stationary to rounding.
        active[static_cast<std::size_t>(j)] = 0;
      } else {  // the step lowered the value: double the shift (never decreased afterwards)
        al = al == 0 ? cap / 1024.0 : std::min(2.0 * al, cap);
      }
    }
  }
  for (int j = 0; j < S; ++j)
    if (active[static_cast<std::size_t>(j)] && grad_norm(j) > hopm_tol) ++out.unconverged;
  Eigen::Index best = 0;
  F.maxCoeff(&best);
  Vector<double> u = U.col(best), g = G.col(best);
  double f = F(best);
  // Riemannian Newton polishing of the best start (quadratic convergence near a nondegenerate local
  // maximum): on the tangent space Q (orthonormal basis of u^perp), solve
  //   Q^T ((k-1) T u^{k-2} - f I) Q z = -Q^T (g - f u),  u <- (u + Q z)/||.||,
  // only while the tangent Hessian is negative definite (u is in a local maximum's basin) and the value
  // does not drop below rounding.
  for (int it = 0; it < opt.newton_steps && d > 1 && k >= 2; ++it) {
    if ((g - f * u).norm() <= opt.tol * out.scale) break;
    const Vector<double> xu = X * u;
    Vector<double> wgt = c;
    for (int e = 0; e < k - 2; ++e) wgt.array() *= xu.array();
    Matrix<double> H(d, d);
    const Matrix<double> Y = (X.array().colwise() * wgt.array()).matrix();
    H.noalias() = Y.transpose() * X;
    H = (0.5 * (k - 1)) * (H + H.transpose()).eval();
    // Householder basis of u^perp: the last d-1 columns of the reflector that maps e_1 to +-u.
    const Matrix<double> ucol = u;
    Eigen::HouseholderQR<Matrix<double>> qr(ucol);
    const Matrix<double> Qfull = qr.householderQ();
    const Matrix<double> Q = Qfull.rightCols(d - 1);
    Matrix<double> Mt = Q.transpose() * H * Q;
    Mt.diagonal().array() -= f;
    Eigen::LLT<Matrix<double>> llt(-Mt);
    if (llt.info() != Eigen::Success) break;  // not (yet) in a local maximum's basin
    const Vector<double> z = llt.solve(Q.transpose() * (g - f * u));  // -Mt z = grad  ->  Mt z = -grad
    Vector<double> un = u + Q * z;
    un /= un.norm();
    const Vector<double> xn = X * un;
    Vector<double> wn = c;
    for (int e = 1; e < k; ++e) wn.array() *= xn.array();
    const Vector<double> gn = X.transpose() * wn;
    const double fn = un.dot(gn);
    ++out.newton_steps;
    if (!(fn >= f - round)) break;
    u = un;
    g = gn;
    f = fn;
  }
  out.value = f;
  out.u = u;
  out.gradient_norm = (g - f * u).norm();
  return out;
}

OrderKSup order_k_class_sup(const Instance<double>& inst, const Vector<double>& eps, int k, double B,
                            const TensorMaxOptions& opt) {
  check_radius(B, "B");
  check_order(k, 1);
  if (opt.starts < 1) throw InputError("starts", "must be >= 1, got " + std::to_string(opt.starts));
  return order_k_from(inst.X, rademacher_coefficients(inst, eps, k), k, B, opt);
}

// ---- Monte Carlo ------------------------------------------------------------------------------

ComplexityEstimate rademacher_complexity(const Instance<double>& inst, const ClassSpec& cls, double radius,
                                         int draws, std::uint64_t seed, const SupOptions& sup,
                                         const TensorMaxOptions& tensor) {
  check_radius(radius, "B");
  if (draws < 2) throw InputError("draws", "must be an integer >= 2 (a standard error needs two draws), got " +
                                               std::to_string(draws));
  const int k = cls.kind == FunctionClass::ntk ? 1 : (cls.kind == FunctionClass::quadratic ? 2 : cls.order);
  check_order(k, 1);
  if (cls.kind == FunctionClass::order_k && tensor.starts < 1)
    throw InputError("starts", "must be >= 1, got " + std::to_string(tensor.starts));
  ComplexityEstimate est;
  est.cls = cls;
  est.cls.order = k;
  est.radius = radius;
  est.draws = draws;
  est.seed = seed;
  est.lower_bound = cls.kind == FunctionClass::order_k;
  const Matrix<double> S = activation_matrix(inst, k);
  SupOptions so = sup;
  so.maximizer = false;
  Rng rng(seed);
  for (int j = 0; j < draws; ++j) {
    const Vector<double> eps = draw_rademacher_signs(rng, inst.n());
    const Matrix<double> C = coefficients_from(S, eps, inst.a);
    switch (cls.kind) {
      case FunctionClass::quadratic: {
        const QuadraticSup q = quadratic_from(inst.X, C, radius, so);
        est.values.push_back(q.value);
        est.operator_values.push_back(q.operator_bound);
        est.unconverged += q.unconverged;
        break;
      }
      case FunctionClass::ntk: est.values.push_back(ntk_from(inst.X, C, radius).value); break;
      case FunctionClass::order_k: {
        TensorMaxOptions t = tensor;
        t.seed = splitmix64(tensor.seed + static_cast<std::uint64_t>(j));
        const OrderKSup o = order_k_from(inst.X, C, k, radius, t);
        est.values.push_back(o.value);
        est.unconverged += o.unconverged;
        est.starts = o.starts;
        break;
      }
    }
  }
  mean_stderr(est.values, est.mean, est.stderr_);
  if (!est.operator_values.empty()) mean_stderr(est.operator_values, est.operator_mean, est.operator_stderr);
  return est;
}

// ---- data-dependent bounds --------------------------------------------------------------------

QuadraticBounds quadratic_class_bounds(const Instance<double>& inst, double B, bool with_variance) {
  check_radius(B, "B");
  const Matrix<double> S2 = activation_matrix(inst, 2);
  const double n = static_cast<double>(inst.n()), d = static_cast<double>(inst.d()), m = static_cast<double>(inst.m());
  QuadraticBounds b;
  b.C2 = max_abs(S2);
  b.Bx = max_row_norm(inst.X);
  Matrix<double> Sig(inst.d(), inst.d());
  Sig.triangularView<Eigen::Lower>() = inst.X.transpose() * inst.X / n;
  // PSD: the largest Ritz value plus its residual (the Ritz value is <= lambda_max by interlacing).
  const SymmetricExtremes se = symmetric_extremes(Sig, 1e-12, 0, false);
  b.sigma_norm = se.max + se.max_residual;
  b.log_2dm = std::log(2.0 * d * m);
  if (with_variance) {
    Matrix<double> V = S2.array().square().matrix();
    const Eigen::ArrayXd xn2 = inst.X.rowwise().squaredNorm().array() / (n * n);
    for (Eigen::Index r = 0; r < V.cols(); ++r) V.col(r).array() *= xn2;
    SupOptions o;
    o.tol = 1e-12;
    const NeuronSpectra s = neuron_spectra(inst.X, V, o, false);
    for (Eigen::Index r = 0; r < V.cols(); ++r) b.variance = std::max(b.variance, s.lmax(r) + s.rmax(r));
    b.khintchine_variance = B * B / 2.0 * std::sqrt(2.0 * b.log_2dm * b.variance);
  }
  b.khintchine = B * B / 2.0 * b.C2 * b.Bx * std::sqrt(2.0 * b.log_2dm * b.sigma_norm / n);
  b.worst_case = B * B / 2.0 * b.C2 * b.Bx * b.Bx * std::sqrt(2.0 * b.log_2dm / n);
  return b;
}

NtkBounds ntk_class_bounds(const Instance<double>& inst, double B_F) {
  check_radius(B_F, "B");
  const Matrix<double> S1 = activation_matrix(inst, 1);
  const double n = static_cast<double>(inst.n()), m = static_cast<double>(inst.m());
  NtkBounds b;
  b.C1 = max_abs(S1);
  b.Bx = max_row_norm(inst.X);
  const Vector<double> per_sample = compensated_row_sums(Matrix<double>(S1.array().square().matrix())) / m;
  CompensatedSum<double> tr;
  for (Eigen::Index i = 0; i < inst.n(); ++i) tr.add(per_sample(i) * inst.X.row(i).squaredNorm());
  b.trace_K = tr.value();
  b.trace = B_F / n * std::sqrt(b.trace_K);
  b.worst_case = B_F * b.C1 * b.Bx / std::sqrt(n);
  return b;
}

OrderKBounds order_k_class_bounds(const Instance<double>& inst, int k, double B) {
  check_radius(B, "B");
  check_order(k, 2);
  const Matrix<double> Sk = activation_matrix(inst, k);
  const double n = static_cast<double>(inst.n()), d = static_cast<double>(inst.d()), m = static_cast<double>(inst.m());
  OrderKBounds b;
  b.order = k;
  b.Ck = max_abs(Sk);
  b.Bx = max_row_norm(inst.X);
  // log(m (d + d^{k-1})) = log m + (k-1) log d + log1p(d^{2-k}), without forming d^{k-1}.
  b.log_dim = std::log(m) + (k - 1) * std::log(d) + std::log1p(std::pow(d, 2.0 - k));
  b.flattening = std::pow(B, k) / boost::math::factorial<double>(static_cast<unsigned>(k)) * b.Ck * std::pow(b.Bx, k) * std::sqrt(2.0 * b.log_dim / n);
  return b;
}

}  // namespace beyondlin
