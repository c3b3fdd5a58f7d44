// Helpers shared by the claim checks (check_util.hpp).

#include "check_util.hpp"

#include <beyondlin/rng.hpp>

#include <cstdio>

namespace beyondlin::checks {

std::string fmt(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

std::string describe(const InstanceOptions& o) {
  std::string s = "seed " + std::to_string(o.seed) + ", " + activation_name(o.activation) + ", m=" +
                  std::to_string(o.m) + ", d=" + std::to_string(o.d) + ", n=" + std::to_string(o.n) + ", " +
                  init_name(o.init) + " init, " + o.movement + " movement";
  if (o.movement != "zero") s += " rho=" + fmt(o.rho);
  s += std::string(", ") + loss_name(o.loss) + " loss";
  return s;
}

RowMatrix<double> generic_direction(int m, int d, double rho, std::uint64_t seed) {
  InstanceOptions o;
  o.m = m;
  o.d = d;
  o.n = 1;
  o.init = (m % 2 == 0) ? Init::symmetric : Init::gaussian;
  o.movement = "generic";
  o.rho = rho;
  o.target = "zero";
  o.seed = seed;
  return generate_instance(o).W;
}

nlohmann::ordered_json activation_names(const std::vector<Activation>& acts) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (Activation a : acts) j.push_back(activation_name(a));
  return j;
}

void unit_pair_with_inner_product(std::uint64_t seed, int d, double ux, Eigen::RowVectorXd& x, Eigen::RowVectorXd& u) {
  Rng rng(seed);
  auto unit = [&] {
    Eigen::RowVectorXd v(d);
    double ss = 0;
    for (int j = 0; j < d; ++j) {
      v(j) = rng.normal();
      ss += v(j) * v(j);
    }
    return Eigen::RowVectorXd(v / std::sqrt(ss));
  };
  x = unit();
  Eigen::RowVectorXd v = unit();
  v -= v.dot(x) * x;
  v /= v.norm();
  u = ux * x + std::sqrt(1 - ux * ux) * v;
}

nlohmann::ordered_json json_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}

}  // namespace beyondlin::checks
