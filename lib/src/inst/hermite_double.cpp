// Explicit instantiation of hermite for scalar_double (one scalar type per translation unit, DESIGN.md §4).
#include "hermite_impl.hpp"
BEYONDLIN_INSTANTIATE_hermite(beyondlin::scalar_double)
