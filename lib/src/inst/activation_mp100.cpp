// Explicit instantiation of activation for scalar_mp100 (one scalar type per translation unit, DESIGN.md §4).
#include "activation_impl.hpp"
BEYONDLIN_INSTANTIATE_activation(beyondlin::scalar_mp100)
