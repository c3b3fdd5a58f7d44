#pragma once
/// @file rng.hpp
/// The one random generator of beyondlin (DESIGN.md §1): `std::mt19937_64` with an explicit
/// seed, and hand-written transformations (uniform, normal, sign) so that the streams are
/// identical across standard libraries: std::normal_distribution is implementation-defined.

#include <cmath>
#include <cstdint>
#include <random>

namespace beyondlin {

/// SplitMix64 finalizer (Steele, Lea, Flood 2014): a bijection of 64-bit words that spreads every
/// input bit over the output; used to derive independent sub-stream seeds from (seed, index) pairs.
inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// Seeded pseudo-random generator. Same seed, same stream, on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  /// Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  /// Uniform on {-1, +1}.
  int sign() { return (engine_() >> 63) ? 1 : -1; }

  /// Standard normal by the Box-Muller transform (two uniforms per pair, the second value cached).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1;
    do u1 = uniform();
    while (u1 <= 0.0);
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double th = 6.283185307179586476925286766559 * u2;
    spare_ = r * std::sin(th);
    has_spare_ = true;
    return r * std::cos(th);
  }

  /// Raw 64 random bits.
  std::uint64_t bits() { return engine_(); }

  /// A child seed derived from this stream (for independent sub-streams, e.g. per sweep point).
  std::uint64_t split() { return engine_() ^ 0x9E3779B97F4A7C15ULL; }

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace beyondlin
