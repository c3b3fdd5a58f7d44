// Explicit instantiation of hermite for scalar_mp50 (one scalar type per translation unit, DESIGN.md §4).
#include "hermite_impl.hpp"
BEYONDLIN_INSTANTIATE_hermite(beyondlin::scalar_mp50)
