// run_proofs and the instance helpers (proofs.hpp).

#include "proofs.hpp"

#include <beyondlin/rng.hpp>

#include <cmath>
#include <cstdio>

namespace beyondlin::proofs {

RowMatrix<double> generic_matrix(int m, int d, double rho, std::uint64_t seed) {
  Rng rng(seed);
  RowMatrix<double> W(m, d);
  const double scale = std::pow(static_cast<double>(m), -0.25) * rho;
  for (int r = 0; r < m; ++r) {
    double ss = 0;
    do {
      ss = 0;
      for (int j = 0; j < d; ++j) {
        W(r, j) = rng.normal();
        ss += W(r, j) * W(r, j);
      }
    } while (!(ss > 0));
    W.row(r) *= scale / std::sqrt(ss);
  }
  return W;
}

RowMatrix<double> vary_row_norms(RowMatrix<double> W) {
  const double m = static_cast<double>(W.rows());
  for (Eigen::Index r = 0; r < W.rows(); ++r) W.row(r) *= 0.5 + (static_cast<double>(r) + 0.5) / m;
  return W;
}

Instance<double> proof_instance(int d, int m, int n, Loss loss, double rho, std::uint64_t seed, std::string* label) {
  InstanceOptions o;
  o.d = d;
  o.m = m;
  o.n = n;
  o.activation = Activation::sincos;
  o.loss = loss;
  o.init = Init::symmetric;
  o.movement = "generic";
  o.rho = rho;
  o.target = loss == Loss::logistic ? "sign" : "gaussian";
  o.seed = seed;
  if (label) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "seed %llu: d=%d m=%d n=%d sincos %s, W generic rho=%g",
                  static_cast<unsigned long long>(seed), d, m, n, loss_name(loss), rho);
    *label = buf;
  }
  return generate_instance(o);
}

namespace {

std::uint64_t mix(std::uint64_t seed, std::uint64_t k) {
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ULL + k + 0x632BE59BD9B4E019ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

std::vector<ProofRun> run_proofs(int instances_per_lemma, std::uint64_t seed,
                                 const std::function<void(const std::string&)>& logger) {
  std::vector<ProofRun> runs;
  auto record = [&](ProofRun r) {
    if (logger) logger(r.lemma + " " + r.precision + " " + r.status + " (" + std::to_string(r.steps.size()) +
                       " steps, " + std::to_string(r.elapsed_s) + " s): " + r.instance);
    runs.push_back(std::move(r));
  };
  const int d = 3, m = 8, n = 10;
  for (int k = 0; k < instances_per_lemma; ++k) {
    const Loss loss = (k % 2 == 0) ? Loss::square : Loss::logistic;
    ProofOptions opt;
    const std::uint64_t s = mix(seed, static_cast<std::uint64_t>(k));
    const Instance<double> inst = proof_instance(d, m, n, loss, 1.0, s, &opt.label);
    const RowMatrix<double> D = generic_matrix(m, d, 1.0, mix(s, 1)), Ws = vary_row_norms(generic_matrix(m, d, 1.0, mix(s, 2)));
    ProofOptions o1 = opt, o2 = opt, o3 = opt;
    o1.label += ", D generic rho=1";
    o2.label += ", W* generic rho=1 with varied row norms";
    o3.label = "seed " + std::to_string(s) + ": W = instance W (m=8, d=3, generic rho=1), W* generic rho=1 with varied row norms";
    const std::vector<ProofPrecision> precs =
        k == 0 ? std::vector<ProofPrecision>{ProofPrecision::mp50, ProofPrecision::interval50}
               : std::vector<ProofPrecision>{ProofPrecision::mp50};
    for (ProofPrecision p : precs) {
      record(lemma_l1_run(inst, D, p, o1));
      record(lemma_l2_run(inst, Ws, p, o2));
      record(lemma_l3_run(inst.W, Ws, p, o3));
    }
    if (k == 0) {  // the other loss in intervals too
      ProofOptions ol;
      const Instance<double> li = proof_instance(d, m, n, Loss::logistic, 1.0, mix(s, 3), &ol.label);
      ProofOptions ol1 = ol, ol2 = ol;
      ol1.label += ", D generic rho=1";
      ol2.label += ", W* generic rho=1 with varied row norms";
      record(lemma_l1_run(li, D, ProofPrecision::interval50, ol1));
      record(lemma_l2_run(li, Ws, ProofPrecision::interval50, ol2));
    }
    DescentOptions dopt;
    dopt.seed = mix(s, 4);
    const TheoremLSetup tl = theorem_l_planted_setup(mix(s, 5), d, m, n, dopt);
    ProofOptions ot;
    ot.label = tl.label;
    for (ProofPrecision p : precs) record(theorem_l_run(tl.instance, tl.instance.W_star, tl.lambda, p, ot));
  }
  return runs;
}

}  // namespace beyondlin::proofs
