#pragma once
// Template definitions for loss.hpp (instantiated per scalar type, see CMakeLists.txt).

#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>
#include <beyondlin/loss.hpp>

#include <stdexcept>

namespace beyondlin {

template <class T> void loss_derivatives(Loss l, const T& yhat, const T& y, int K, T* out) {
  using std::abs;
  if (K < 0 || K > 4) throw std::invalid_argument("loss_derivatives: order must be in 0..4");
  const T zero(0), one(1);
  for (int k = 0; k <= K; ++k) out[k] = zero;
  const T r = yhat - y;
  switch (l) {
    case Loss::square:
      out[0] = r * r / 2;
      if (K >= 1) out[1] = r;
      if (K >= 2) out[2] = one;
      return;
    case Loss::logistic: {
      // ell = softplus(z), z = -y yhat; d^k/dyhat^k = (-y)^k softplus^(k)(z)
      T buf[5];
      const T z = -y * yhat;
      activation_derivatives(Activation::softplus, z, K, buf);
      T p = one;
      for (int k = 0; k <= K; ++k) {
        out[k] = p * buf[k];
        p *= -y;
      }
      return;
    }
    case Loss::absolute:
      out[0] = abs(r);
      if (K >= 1) out[1] = r > zero ? one : (r < zero ? -one : zero);
      return;
    case Loss::huber:
      if (abs(r) <= one) {
        out[0] = r * r / 2;
        if (K >= 1) out[1] = r;
        if (K >= 2) out[2] = one;
      } else {
        out[0] = abs(r) - one / 2;
        if (K >= 1) out[1] = r > zero ? one : -one;
      }
      return;
  }
  throw std::logic_error("loss_derivatives: unknown loss");
}

template <class T> T loss_value(Loss l, const T& yhat, const T& y) {
  T v;
  loss_derivatives(l, yhat, y, 0, &v);
  return v;
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_loss(T)                                          \
  namespace beyondlin {                                                       \
  template void loss_derivatives<T>(Loss, const T&, const T&, int, T*);      \
  template T loss_value<T>(Loss, const T&, const T&);                         \
  }
