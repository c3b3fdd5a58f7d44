// Explicit instantiation of io for scalar_mp100 (one scalar type per translation unit, DESIGN.md §4).
#include "io_impl.hpp"
BEYONDLIN_INSTANTIATE_io(beyondlin::scalar_mp100)
