// Non-template parts of hermite.hpp: the Hermite coefficient in a chosen precision, rounded to double.
#include <beyondlin/errors.hpp>
#include <beyondlin/hermite.hpp>

#include <string>

namespace beyondlin {

namespace {

template <class T> HermiteCoefficient<double> to_double_coefficient(const HermiteCoefficient<T>& c) {
  HermiteCoefficient<double> out;
  out.value = to_double(c.value);
  out.error_estimate = to_double(c.error_estimate);
  out.magnitude = to_double(c.magnitude);
  out.nodes = c.nodes;
  out.method = c.method + " in " + scalar_name<T>();
  return out;
}

template <class T> HermiteCoefficient<double> coefficient_in(Activation a, int k, int gh_nodes) {
  const bool closed = a == Activation::sincos || a == Activation::cubic || a == Activation::relu3 ||
                      a == Activation::relu;
  if (gh_nodes > 0 && !closed)
    return to_double_coefficient(hermite_coefficient_quadrature<T>(a, k, HermiteRule::gauss_hermite, gh_nodes));
  return to_double_coefficient(hermite_coefficient<T>(a, k));
}

}  // namespace

HermiteCoefficient<double> hermite_coefficient_in_precision(Activation a, int k, int digits, int gauss_hermite_nodes) {
  switch (digits) {
    case 17: return coefficient_in<double>(a, k, gauss_hermite_nodes);
    case 21: return coefficient_in<long double>(a, k, gauss_hermite_nodes);
    case 50: return coefficient_in<scalar_mp50>(a, k, gauss_hermite_nodes);
    case 100: return coefficient_in<scalar_mp100>(a, k, gauss_hermite_nodes);
    default:
      throw InputError("precision", "unknown precision of " + std::to_string(digits) +
                                        " digits (expected 17 = double, 21 = long double, 50 or 100)");
  }
}

}  // namespace beyondlin
