// Non-template parts of loss.hpp: names and the constants L_k.
#include "loss_impl.hpp"

#include <cmath>
#include <limits>

namespace beyondlin {

const std::vector<Loss>& all_losses() {
  static const std::vector<Loss> v = {Loss::square, Loss::logistic, Loss::absolute, Loss::huber};
  return v;
}

const char* loss_name(Loss l) {
  switch (l) {
    case Loss::square: return "square";
    case Loss::logistic: return "logistic";
    case Loss::absolute: return "absolute";
    case Loss::huber: return "huber";
  }
  return "?";
}

Loss parse_loss(const std::string& name, const std::string& field) {
  for (Loss l : all_losses())
    if (name == loss_name(l)) return l;
  throw InputError(field, "unknown loss \"" + name + "\" (expected one of square, logistic, absolute, huber)");
}

double loss_sup_derivative(Loss l, int k) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (k < 0 || k > 4) throw std::invalid_argument("loss_sup_derivative: order must be in 0..4");
  switch (l) {
    case Loss::square: return k <= 1 ? inf : (k == 2 ? 1.0 : 0.0);
    case Loss::logistic: {
      // sup |softplus^(k)| for y in {-1,+1}; exact: 1, 1/4, 1/(6 sqrt 3), 1/8 for k = 1..4
      const double v[5] = {inf, 1.0, 0.25, 1.0 / (6.0 * std::sqrt(3.0)), 0.125};
      return v[k];
    }
    // ell' of the absolute loss and ell'' of huber jump: the next derivative is a Dirac mass, so
    // its sup is infinite (a bound that needs it does not apply), even though it is 0 a.e.
    case Loss::absolute: return k == 1 ? 1.0 : inf;
    case Loss::huber: return k == 1 || k == 2 ? 1.0 : inf;
  }
  return inf;
}

bool loss_is_convex(Loss) { return true; }

bool loss_is_smooth(Loss l, int k) {
  switch (l) {
    case Loss::square:
    case Loss::logistic: return true;
    case Loss::absolute: return k <= 0;
    case Loss::huber: return k <= 1;
  }
  return false;
}

}  // namespace beyondlin
