// Explicit instantiation of sosp for scalar_mp100 (one scalar type per translation unit, DESIGN.md §4).
#include "sosp_impl.hpp"
BEYONDLIN_INSTANTIATE_sosp(beyondlin::scalar_mp100)
