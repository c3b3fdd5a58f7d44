// Explicit instantiation of loss for scalar_longdouble (one scalar type per translation unit, DESIGN.md §4).
#include "loss_impl.hpp"
BEYONDLIN_INSTANTIATE_loss(beyondlin::scalar_longdouble)
