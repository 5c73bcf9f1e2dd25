#pragma once
// Experimental designs over registered parameters (issue 5): the points a sweep runs. A design
// is a matrix of points x parameters in the parameters' own units, with the structure some
// sensitivity methods need (Saltelli blocks for Sobol indices, Morris trajectories). Every
// design is a pure function of its inputs and the seed, so every rank and thread sees the same.
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/config/design_spec.hpp"
#include "experiments/config/sweep_section.hpp"

namespace buurtsim::sweep {

// Factorial: levels^k points, the first parameter varying slowest.
// Latin hypercube: `samples` points; each parameter's range is cut into `samples` equal strata
// and every stratum holds exactly one point, at a random place within it.
// Saltelli (for first-order and total Sobol indices): the first N points of an Owen-scrambled
// Sobol sequence in 2k dimensions (experiments/analysis/sobol_points.hpp; the scramble keyed by
// the seed) are the rows of matrices A (first k dimensions) and B (last k); the design is N
// blocks of k + 2 points: A_j, B_j, then A_j with parameter i taken from B_j for i = 1..k. A_j
// and B_j never share the value of a parameter (before integer parameters are rounded).
// Morris: r trajectories of k + 1 points on a grid of `levels` levels; each step moves one
// parameter (in random order) by Delta = levels / (2 (levels - 1)) of its range.
// REQUIRES: parameters not empty, lo < hi for each; options within their meaning.
Design make_design(const std::vector<ParameterRange>& parameters, const DesignOptions& options);

// The design of a [sweep] table, with integer parameters rounded to whole numbers (the values
// the runs use).
Design make_sweep_design(const SweepSpec& spec);

}  // namespace buurtsim::sweep
