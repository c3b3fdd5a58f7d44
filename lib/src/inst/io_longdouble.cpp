// Explicit instantiation of io for scalar_longdouble (one scalar type per translation unit, DESIGN.md §4).
#include "io_impl.hpp"
BEYONDLIN_INSTANTIATE_io(beyondlin::scalar_longdouble)
