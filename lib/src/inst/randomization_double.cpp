// Explicit instantiation of randomization for scalar_double (one scalar type per translation unit, DESIGN.md §4).
#include "randomization_impl.hpp"
BEYONDLIN_INSTANTIATE_randomization(beyondlin::scalar_double)
