// IN-9 (SPEC §1.4, §6.2): the mixed (2,p) norms ||W||_{2,p} = (sum_r ||w_r||^p)^{1/p} satisfy, for p <= q,
//   ||W||_{2,q} <= ||W||_{2,p} <= m^{1/p - 1/q} ||W||_{2,q},
// and the consequences used throughout: ||W||_F^2 <= sqrt(m) ||W||_{2,4}^2, sum_r ||w_r|| <= m^{3/4} ||W||_{2,4},
// sum_r ||w_r||^3 <= m^{1/4} ||W||_{2,4}^3, sum_r ||w_r||^2 ||v_r||^2 <= ||W||_{2,4}^2 ||V||_{2,4}^2,
// sum_r ||w_r||^k <= ||W||_{2,4}^k for k >= 4; also ||W||_{2,2} = ||W||_F.
//
// Library quantities: mixed_norm (p in {1, 2, 3, 4, 8, inf}) and row_norms. Test matrices: Gaussian
// rows, generic movement (equal row norms: the upper bounds are attained), one nonzero row (the
// lower bounds are attained), and rows with norms spread over 6 decades.

#include "check_util.hpp"

#include <beyondlin/network.hpp>

#include <cmath>
#include <limits>

namespace beyondlin::checks {
namespace in09 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "IN-9";

/// sum_r ||w_r||^k with compensated summation (std::pow per term: Eigen's vectorized pow is avoided).
double power_sum(const Vector<double>& rn, double k) {
  CompensatedSum<double> s;
  for (Eigen::Index r = 0; r < rn.size(); ++r) s.add(std::pow(rn(r), k));
  return s.value();
}

void compare_at(const RowMatrix<double>& W, const RowMatrix<double>& V, const std::string& where, MeasurementSet& ms) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> ps = {1, 2, 3, 4, 8, inf};
  const double m = static_cast<double>(W.rows());
  const Vector<double> rn = row_norms(W), vn = row_norms(V);
  const std::string b = inequality_basis();
  std::vector<double> norms;
  for (double p : ps) norms.push_back(mixed_norm(W, p));
  // definition check against row_norms
  for (std::size_t k = 0; k < ps.size(); ++k) {
    const double p = ps[k];
    double def = 0;
    if (std::isinf(p)) def = rn.maxCoeff();
    else def = std::pow(power_sum(rn, p), 1.0 / p);
    ms.equal("mixed_norm(W, p) vs (sum_r ||w_r||^p)^{1/p} from row_norms, relative", def, norms[k], def, kIdentityTol,
             identity_basis<double>() + "; positive terms, relative error of a few u from pow and the sum",
             where + ", p=" + fmt(p));
  }
  ms.equal("||W||_{2,2} vs ||W||_F, relative", W.norm(), norms[1], W.norm(), kIdentityTol, identity_basis<double>(), where);
  for (std::size_t i = 0; i < ps.size(); ++i)
    for (std::size_t j = i + 1; j < ps.size(); ++j) {
      const double p = ps[i], q = ps[j];
      const std::string w = where + ", p=" + fmt(p) + ", q=" + fmt(q);
      ms.at_most("||W||_{2,q} <= ||W||_{2,p} (p < q)", norms[j], norms[i], kInequalityTol, b, w);
      const double expo = 1.0 / p - (std::isinf(q) ? 0.0 : 1.0 / q);
      ms.at_most("||W||_{2,p} <= m^{1/p - 1/q} ||W||_{2,q} (p < q)", norms[i], std::pow(m, expo) * norms[j],
                 kInequalityTol, b, w);
    }
  const double B = norms[3], BV = mixed_norm(V, 4.0);
  ms.at_most("||W||_F^2 <= sqrt(m) ||W||_{2,4}^2", W.squaredNorm(), std::sqrt(m) * B * B, kInequalityTol, b, where);
  ms.at_most("sum_r ||w_r|| <= m^{3/4} ||W||_{2,4}", power_sum(rn, 1), std::pow(m, 0.75) * B, kInequalityTol, b, where);
  ms.at_most("sum_r ||w_r||^3 <= m^{1/4} ||W||_{2,4}^3", power_sum(rn, 3), std::pow(m, 0.25) * B * B * B, kInequalityTol, b,
             where);
  const double cross = compensated_sum(Matrix<double>((rn.array().square() * vn.array().square()).matrix()));
  ms.at_most("sum_r ||w_r||^2 ||v_r||^2 <= ||W||_{2,4}^2 ||V||_{2,4}^2", cross, B * B * BV * BV, kInequalityTol, b, where);
  for (int k : {4, 5, 6, 8})
    ms.at_most("sum_r ||w_r||^k <= ||W||_{2,4}^k (k >= 4)", power_sum(rn, k), std::pow(B, k), kInequalityTol, b,
               where + ", k=" + std::to_string(k));
}

RowMatrix<double> gaussian_rows(int m, int d, std::uint64_t seed) {
  Rng rng(seed);
  RowMatrix<double> W(m, d);
  for (int r = 0; r < m; ++r)
    for (int j = 0; j < d; ++j) W(r, j) = rng.normal();
  return W;
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({1, 2, 7, 64, 4096}, {1, 2, 3, 7, 64, 1024, 65536},
                                                             {1, 2, 3, 7, 64, 1024, 65536, 1 << 20});
  const std::vector<int> dims = {1, 5};
  const int seeds = ctx.pick(1, 3, 6);
  for (int m : widths)
    for (int d : dims)
      for (int s = 0; s < seeds; ++s) {
        const std::uint64_t seed = ctx.sub_seed(kId, s);
        const std::string base = "seed " + std::to_string(seed) + ", m=" + std::to_string(m) + ", d=" + std::to_string(d);
        const RowMatrix<double> V = gaussian_rows(m, d, ctx.sub_seed(kId, 500 + s));
        compare_at(gaussian_rows(m, d, seed), V, base + ", Gaussian rows", ms);
        compare_at(generic_direction(m, d, 1.0, seed), V,
                   base + ", equal row norms (generic movement)", ms);
        RowMatrix<double> one = RowMatrix<double>::Zero(m, d);
        one.row(m / 2) = gaussian_rows(1, d, seed + 1);
        compare_at(one, V, base + ", one nonzero row", ms);
        RowMatrix<double> spread = gaussian_rows(m, d, seed + 2);
        for (int r = 0; r < m; ++r) spread.row(r) *= std::pow(10.0, -6.0 * r / std::max(1, m - 1));
        compare_at(spread, V, base + ", row norms spread over 6 decades", ms);
      }
  res.parameters["widths"] = widths;
  res.parameters["dims"] = dims;
  res.parameters["p_values"] = {"1", "2", "3", "4", "8", "inf"};
  res.parameters["seeds"] = seeds;
  res.parameters["matrices"] = {"Gaussian rows", "equal row norms", "one nonzero row", "row norms over 6 decades"};
  res.measurements = ms.list();
  res.notes.push_back("Equal row norms attain every upper bound and a single nonzero row every lower bound, so the "
                      "worst margins are ~0 (a few units of rounding): the 1e-12 relative tolerance of SPEC §6.2 is "
                      "what separates them from a violation.");
  return res;
}

}  // namespace
}  // namespace in09

Check check_in09_mixed_norms() {
  return {{in09::kId, "Mixed (2,p)-norm inequalities", "§1.4; §6.2", "[derived] (definition standard)",
           "For p <= q, ||W||_{2,q} <= ||W||_{2,p} <= m^{1/p-1/q} ||W||_{2,q}, with the consequences listed in SPEC §1.4."},
          in09::run};
}

}  // namespace beyondlin::checks
