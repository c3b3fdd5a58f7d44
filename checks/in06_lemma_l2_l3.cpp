// IN-6 (SPEC §4.2 Lemma L2 and Lemma L3, §6.2): for random W, W*,
//   Lemma L2  E_S Hess L^Q(W)[SW*,SW*] - <grad L^Q(W), W>
//               <= 2 (L^Q(W*) - L^Q(W)) + (L2 C2^2 B_x^4 / m) ||W||_{2,4}^2 ||W*||_{2,4}^2
//             (convex loss with l'' <= L2: logistic L2 = 1/4, square L2 = 1; |sigma''| <= C2, ||x_i|| <= B_x);
//   Lemma L3  E_S Hess R(W)[SW*,SW*] - <grad R(W), W> <= 56 a^6 b^2 - 8 a^8 <= (64827/32) b^8,
//             a = ||W||_{2,4}, b = ||W*||_{2,4}, R = ||W||_{2,4}^8.
//
// Every step of both chains (proofs_numeric/lemma_l2.hpp, lemma_l3.hpp: the intermediate identities
// and inequalities of the proofs, then the lemmas themselves) is a measurement:
//   - double, on many instances (widths 10..4096 [..16384 full], sincos / tanh / softplus, square and
//     logistic loss): the reference sides from the library (Objective taylor-2 gradient and HVP,
//     taylor_term, regularizer_*), the other sides from SPEC's formulas; E_S by enumeration of all
//     2^m sign patterns (m <= 12), by the exact per-row sum (m <= 256), else the closed form;
//     tolerance 1e-12 relative (SPEC §6.2 for the inequalities, §6.1 for the identities);
//   - cpp_bin_float_50 on small sincos instances (both losses), tolerance 1e-40 (proof_step.hpp);
//   - mpfi_float_50 intervals on the same instances: certified = true where PROVED (hi(lhs) <= lo(rhs),
//     or the enclosure of lhs - rhs within 1e-40 of the natural magnitude for an identity).
// The constants: L2 exact (1, 1/4), C2^2 = 2 exactly for sincos, the library's activation_sup_bound
// (an upper bound at double precision) otherwise.

#include "check_util.hpp"
#include "proof_measurements.hpp"

#include <proofs_numeric/lemma_l1.hpp>
#include <proofs_numeric/lemma_l2.hpp>
#include <proofs_numeric/lemma_l3.hpp>
#include <proofs_numeric/proofs.hpp>

namespace beyondlin::checks {
namespace in06 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "IN-6";

CheckResult run(const CheckContext& ctx) {
  using proofs::ProofPrecision;
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({10, 16, 256}, {10, 16, 64, 256, 1024, 4096},
                                                             {10, 16, 64, 256, 1024, 4096, 16384});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus});
  const int seeds = ctx.pick(1, 2, 4);
  const std::vector<double> rhos = {1.0, 0.5, 2.0};
  const int d = 5, n = 20;
  long instances = 0;
  for (Loss loss : {Loss::square, Loss::logistic})
    for (int m : widths)
      for (Activation act : acts)
        for (int s = 0; s < seeds; ++s) {
          const double rho = rhos[static_cast<std::size_t>(s) % rhos.size()];
          const InstanceOptions o = make_options(d, m, n, act, ctx.sub_seed(kId, 100 * s + m), "generic", rho,
                                                 Init::symmetric, loss, loss == Loss::logistic ? "sign" : "gaussian");
          const Instance<double> inst = generate_instance(o);
          RowMatrix<double> Ws = generic_direction(m, d, 1.0, ctx.sub_seed(kId, 100 * s + m + 50000));
          if (act != Activation::sincos) Ws = proofs::vary_row_norms(Ws);
          proofs::ProofOptions po;
          po.label = describe(o) + ", W* generic rho=1" + (act != Activation::sincos ? " with varied row norms" : "");
          add_proof_run(proofs::lemma_l2_run(inst, Ws, ProofPrecision::float64, po), ms);
          add_proof_run(proofs::lemma_l3_run(inst.W, Ws, ProofPrecision::float64, po), ms);
          ++instances;
        }
  ctx.log("double precision done (" + std::to_string(instances) + " instances); 50-digit and interval runs");

  // 50 digits and intervals: sincos, both losses, m small enough to enumerate every sign pattern
  const int m_hp = ctx.pick(6, 8, 10), d_hp = 3, n_hp = 10;
  const int hp_seeds = ctx.pick(1, 1, 2);
  for (Loss loss : {Loss::square, Loss::logistic})
    for (int s = 0; s < hp_seeds; ++s) {
      const InstanceOptions o = make_options(d_hp, m_hp, n_hp, Activation::sincos, ctx.sub_seed(kId, 900 + s),
                                             "generic", 1.0, Init::symmetric, loss,
                                             loss == Loss::logistic ? "sign" : "gaussian");
      const Instance<double> inst = generate_instance(o);
      const RowMatrix<double> Ws = proofs::vary_row_norms(generic_direction(m_hp, d_hp, 1.0, ctx.sub_seed(kId, 950 + s)));
      proofs::ProofOptions po;
      po.label = describe(o) + ", W* generic rho=1 with varied row norms";
      const std::string tag = std::string(loss_name(loss)) + " loss, seed " + std::to_string(s);
      for (ProofPrecision p : {ProofPrecision::mp50, ProofPrecision::interval50}) {
        const proofs::ProofRun r2 = proofs::lemma_l2_run(inst, Ws, p, po);
        add_proof_run(r2, ms, tag);
        res.notes.push_back(proof_run_summary(r2));
        if (loss == Loss::square) {  // L3 does not involve the loss
          const proofs::ProofRun r3 = proofs::lemma_l3_run(inst.W, Ws, p, po);
          add_proof_run(r3, ms, "seed " + std::to_string(s));
          res.notes.push_back(proof_run_summary(r3));
        }
        if (s == 0) {  // Lemma L1 (the identity behind L2.c / L2.e): reported in the notes only
          const proofs::ProofRun r1 = proofs::lemma_l1_run(inst, Ws, p, po);
          res.notes.push_back("(not a measurement) " + proof_run_summary(r1));
        }
      }
    }

  res.parameters["losses"] = {"square (L2 = 1, labels N(0,1))", "logistic (L2 = 1/4, labels +-1)"};
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["seeds"] = seeds;
  res.parameters["W"] = "generic movement, rho cycling 1, 0.5, 2 over seeds";
  res.parameters["W_star"] = "independent generic, rho = 1; rows rescaled by 0.5 + (r+1/2)/m (vary_row_norms) for tanh, "
                            "softplus and the 50-digit / interval runs";
  res.parameters["sign_average"] = "enumeration m <= 12, per-row sum m <= 256, closed form above";
  res.parameters["high_precision"] = "d=" + std::to_string(d_hp) + ", m=" + std::to_string(m_hp) + ", n=" +
                                     std::to_string(n_hp) + ", sincos, both losses, " + std::to_string(hp_seeds) +
                                     " seed(s): cpp_bin_float_50 and mpfi_float_50 intervals";
  res.measurements = ms.list();
  res.notes.push_back("Steps named L2.x / L3.x are the proof steps of proofs_numeric/lemma_l2.hpp and lemma_l3.hpp; "
                      "'L2 (final)' and 'L3 (final)' are the lemmas. Measurements with precision mpfi_float_50 and "
                      "certified = true were PROVED by outward-rounded intervals.");
  res.notes.push_back("With sincos in double, W and W* are both generic movements (equal row norms), so the "
                      "Cauchy-Schwarz steps L2.l, L3.e, L3.g hold with equality up to rounding: their margins are ~1e-16 "
                      "by construction (the tight case), not a defect; the other runs use W* with varied row norms.");
  return res;
}

}  // namespace
}  // namespace in06

Check check_in06_lemma_l2_l3() {
  return {{in06::kId, "Lemma L2 and L3 inequalities (step by step, certified)", "§4.2 (Lemma L1, L2, L3); §3.3; §6.2",
           "[derived ✓]",
           "For random W, W*: E_S Hess L^Q(W)[SW*,SW*] - <grad L^Q(W),W> <= 2(L^Q(W*) - L^Q(W)) + L2 C2^2 B_x^4/m "
           "||W||_{2,4}^2 ||W*||_{2,4}^2 (logistic L2 = 1/4, square L2 = 1), and E_S Hess R[SW*,SW*] - <grad R(W),W> "
           "<= 56 a^6 b^2 - 8 a^8 <= (64827/32) b^8."},
          in06::run};
}

}  // namespace beyondlin::checks
