// Non-template parts of randomization.hpp.
#include "randomization_impl.hpp"

namespace beyondlin {

void for_each_sign_pattern(int m, const std::function<void(const std::vector<int>&)>& fn) {
  if (m < 0 || m > 20) throw std::invalid_argument("for_each_sign_pattern: m = " + std::to_string(m) + " outside 0..20");
  std::vector<int> s(m, 1);
  const unsigned long N = 1UL << m;
  for (unsigned long b = 0; b < N; ++b) {
    for (int r = 0; r < m; ++r) s[r] = ((b >> r) & 1UL) ? -1 : 1;
    fn(s);
  }
}

std::vector<int> draw_signs(Rng& rng, int m) {
  std::vector<int> s(m);
  for (int r = 0; r < m; ++r) s[r] = rng.sign();
  return s;
}

}  // namespace beyondlin
