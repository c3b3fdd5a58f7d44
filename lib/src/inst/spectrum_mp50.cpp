// Explicit instantiation of spectrum for scalar_mp50 (one scalar type per translation unit, DESIGN.md §4).
#include "spectrum_impl.hpp"
BEYONDLIN_INSTANTIATE_spectrum(beyondlin::scalar_mp50)
