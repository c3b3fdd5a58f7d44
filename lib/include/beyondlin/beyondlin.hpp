#pragma once
/// @file beyondlin.hpp
/// Umbrella header: everything of the beyondlin library.
#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>
#include <beyondlin/expressivity.hpp>
#include <beyondlin/generalization.hpp>
#include <beyondlin/hermite.hpp>
#include <beyondlin/hessian.hpp>
#include <beyondlin/higher_order.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/rademacher.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/regularizer.hpp>
#include <beyondlin/rng.hpp>
#include <beyondlin/sample_complexity.hpp>
#include <beyondlin/scalar.hpp>
#include <beyondlin/sosp.hpp>
#include <beyondlin/spectrum.hpp>
#include <beyondlin/theorem_l.hpp>
#include <beyondlin/train.hpp>
