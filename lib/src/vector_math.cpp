// Built with -fno-math-errno -fopenmp-simd (see CMakeLists.txt) so that GCC calls libmvec's SIMD
// sin/cos; the declarations below tell it that those variants exist (glibc's own header announces
// them only under -ffast-math, which we do not use).
#if defined(__x86_64__) && defined(BEYONDLIN_HAVE_MVEC)  // CMake found libmvec (glibc)
extern "C" {
__attribute__((simd("notinbranch"))) double sin(double) noexcept;
__attribute__((simd("notinbranch"))) double cos(double) noexcept;
}
#endif
#include "vector_math.hpp"

#include <cmath>

namespace beyondlin::detail {

void sin_cos_array(const double* __restrict x, double* __restrict s, double* __restrict c, Eigen::Index n) {
  // Two separate loops: a fused loop would be turned into scalar sincos calls, which have no SIMD variant.
#pragma omp simd
  for (Eigen::Index i = 0; i < n; ++i) s[i] = std::sin(x[i]);
#pragma omp simd
  for (Eigen::Index i = 0; i < n; ++i) c[i] = std::cos(x[i]);
}

}  // namespace beyondlin::detail
