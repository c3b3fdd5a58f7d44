// Explicit instantiation of network for scalar_mp100 (one scalar type per translation unit, DESIGN.md §4).
#include "network_impl.hpp"
BEYONDLIN_INSTANTIATE_network(beyondlin::scalar_mp100)
