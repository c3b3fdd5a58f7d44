#pragma once
// Internal: vectorized elementwise sin and cos for double arrays (the hot path of the sincos
// activation). Eigen 3.4 vectorizes sin/cos for float only; glibc's vector math library (libmvec)
// provides SIMD variants of sin and cos for double, accurate to a few ulps (measured here: within
// 4.5e-16 of the scalar libm results on |x| <= 7).
#include <Eigen/Core>

namespace beyondlin::detail {

/// s[i] = sin(x[i]), c[i] = cos(x[i]) for i < n. x must not alias s or c.
void sin_cos_array(const double* x, double* s, double* c, Eigen::Index n);

}  // namespace beyondlin::detail
