#pragma once
/// @file proofs.hpp
/// Entry point of proofs_numeric/: every lemma chain of SPEC §4.2 (L1, L2, L3, Theorem L) at 50
/// digits on random instances and certified in MPFI intervals on fixed ones.

#include "interval_ldlt.hpp"
#include "lemma_l1.hpp"
#include "lemma_l2.hpp"
#include "lemma_l3.hpp"
#include "proof_step.hpp"
#include "theorem_l.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace beyondlin::proofs {

/// A generic matrix of SPEC §6 (rows m^{-1/4} rho g_r/||g_r||, g_r ~ N(0, I_d), so ||W||_{2,4} = rho),
/// drawn with the library generator Rng(seed).
RowMatrix<double> generic_matrix(int m, int d, double rho, std::uint64_t seed);

/// W with row r multiplied by 0.5 + (r + 1/2)/m (row norms spread over [0.5, 1.5] times the original):
/// with unequal row norms the Cauchy-Schwarz steps (L2.l, L3.e, L3.g, TL.iv) are strict, whereas
/// for a generic matrix (all rows of norm m^{-1/4} rho) they hold with equality up to rounding.
RowMatrix<double> vary_row_norms(RowMatrix<double> W);

/// A small random instance for the chains: generate_instance(d, m, n, sincos, symmetric init, generic
/// movement of size rho, loss; labels N(0,1) for square, +-1 for logistic), and its description.
Instance<double> proof_instance(int d, int m, int n, Loss loss, double rho, std::uint64_t seed, std::string* label);

/// Run every chain:
///   - L1, L2, L3 at 50 digits on `instances_per_lemma` random instances each (d = 3, m = 8, n = 10,
///     sincos; losses alternate square / logistic; W, D generic with ||.||_{2,4} = 1, W* generic with
///     vary_row_norms),
///   - Theorem L at 50 digits on `instances_per_lemma` planted set-ups (theorem_l_planted_setup,
///     lambda = 1e-4, d = 3, m = 8, n = 10),
///   - and each chain in intervals on the first instance (L1 and L2 for both losses).
/// Seeds derive from `seed`. `logger` (may be empty) receives one line per run. Cost about 0.1-0.3 s per
/// 50-digit run and per interval run on this project's machine.
std::vector<ProofRun> run_proofs(int instances_per_lemma, std::uint64_t seed,
                                 const std::function<void(const std::string&)>& logger = {});

}  // namespace beyondlin::proofs
