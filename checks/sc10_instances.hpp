#pragma once
/// @file sc10_instances.hpp
/// The instances shared by SC-10 and SC-11 (SPEC §6.3; §6.6: "SC-11 (same instances, ...)"):
/// the canonical generator of SPEC §6 with d = 10, n = 4 inputs uniform on S^{d-1} (B_x = 1),
/// symmetric initialization, sigma = sin + cos and *generic movement* w_r = m^{-1/4} rho g_r/||g_r||,
/// g_r ~ N(0, I_d), rho = 1 (so ||W||_{2,4} = rho exactly). Instance k of width m is drawn from
/// ctx.sub_seed("SC-10", k) in both checks; only the loss and the labels differ:
///   SC-10: squared loss, y_i = 0.3 (SPEC §6.6);
///   SC-11: absolute loss, y_i = E_Sigma f(x_i) (exact P2), set by the SC-11 check itself.
///
/// Leading order over the random instance (t_r = w_{0,r}^T x ~ N(0,1) independent of
/// u_r = w_r^T x with E u_r^2 = m^{-1/2} rho^2 / d for unit x):
///   E Var_Sigma f(x) = E[sigma'(G)^2] rho^2 / d * m^{-1/2} (1 + O(m^{-1/2}/d)),   E sigma'(G)^2 = 1 for sin + cos
/// (sigma'^2 = (cos - sin)^2 = 1 - sin 2t and E sin 2G = 0).

#include "check_util.hpp"

#include <cstdint>

namespace beyondlin::checks::sc10 {

constexpr int kDim = 10;          ///< input dimension d
constexpr int kSamples = 4;       ///< inputs per instance n
constexpr double kRho = 1.0;      ///< movement scale: ||W||_{2,4} = rho
constexpr double kLabel = 0.3;    ///< SC-10 label (SPEC §6.6: y = 0.3)
/// E[sigma'(G)^2] for sigma = sin + cos: sigma'(t)^2 = 1 - sin(2t), E sin(2G) = 0.
constexpr double kMeanSigmaPrimeSq = 1.0;
/// Seed id of the shared instances.
inline const char* kInstanceId = "SC-10";

/// Leading-order E Var_Sigma f(x) * m^{1/2} over the random instance (see the file comment).
inline double variance_prefactor() { return kMeanSigmaPrimeSq * kRho * kRho / kDim; }

/// The instance of seed `seed` (= ctx.sub_seed(kInstanceId, k)) at width m with `loss`; labels 0.3
/// (overwritten by SC-11).
inline Instance<double> instance(std::uint64_t seed, int m, Loss loss) {
  InstanceOptions o = make_options(kDim, m, kSamples, Activation::sincos, seed, "generic", kRho, Init::symmetric, loss,
                                   "zero");
  Instance<double> inst = generate_instance(o);
  inst.y.setConstant(kLabel);
  return inst;
}

/// Options of instance(), for `where` strings.
inline InstanceOptions options(std::uint64_t seed, int m, Loss loss) {
  return make_options(kDim, m, kSamples, Activation::sincos, seed, "generic", kRho, Init::symmetric, loss, "zero");
}

}  // namespace beyondlin::checks::sc10
