// Explicit instantiation of objective for scalar_longdouble (one scalar type per translation unit, DESIGN.md §4).
#include "objective_impl.hpp"
BEYONDLIN_INSTANTIATE_objective(beyondlin::scalar_longdouble)
