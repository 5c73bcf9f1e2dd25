#include "experiments/io/write_uncertainty.hpp"

#include <numeric>
#include <string>
#include <vector>

namespace buurtsim::uncertainty {

void write_uncertainty(h5::Group& root, const config::Experiment& e) {
  const Spec& s = e.uncertainty;
  if (!s.requested()) return;
  h5::Group g = root.group("uncertainty");
  g.set_attr("mode", s.mode_name());
  g.set_attr("posterior", s.posterior);
  g.set_attr("posterior_checksum", s.posterior.empty() ? std::string() : "fnv1a64:" + s.posterior_checksum);
  g.set_attr("draws", static_cast<std::int64_t>(s.active() ? e.replicates : 0));
  std::string notes;
  for (const std::string& n : s.notes) notes += (notes.empty() ? "" : "\n") + n;
  g.set_attr("notes", notes);
  if (!s.active()) return;
  std::vector<std::int32_t> replicates(static_cast<std::size_t>(e.replicates));
  std::iota(replicates.begin(), replicates.end(), 0);
  g.write_dim("replicate", std::span<const std::int32_t>(replicates), "1", "replicate (one parameter draw each)");
  std::vector<std::string> labels, shapes, why;
  std::vector<double> a, b;
  for (const Drawn& d : s.drawn) {
    labels.push_back(d.label);
    shapes.push_back(d.shape == Shape::Uniform ? "uniform" : d.shape == Shape::Relative ? "relative" : "posterior");
    a.push_back(d.a);
    b.push_back(d.b);
    why.push_back(d.why);
  }
  g.write_dim("parameter", labels, "drawn parameter (dotted name; name@neighbourhood for one neighbourhood's value)");
  g.write_strings("distribution", shapes, "parameter",
                  "uniform: uniform in [a, b]; relative: the configured value times a factor uniform in [a, b]; "
                  "posterior: a particle of the calibration's posterior, drawn by weight");
  g.write("a", std::span<const double>(a), {"parameter"}, "parameter unit (relative: 1)",
          "lower bound (posterior: the column in the posterior's samples)");
  g.write("b", std::span<const double>(b), {"parameter"}, "parameter unit (relative: 1)",
          "upper bound (posterior: the column in the posterior's samples)");
  g.write_strings("source", why, "parameter", "where the distribution comes from");
  g.write("draws", std::span<const double>(s.draws), {"replicate", "parameter"}, "parameter unit",
          "the value of each drawn parameter in each replicate (the same in every scenario)");
  g.write("attempt", std::span<const std::int32_t>(s.attempt), {"replicate"}, "1",
          "the keyed attempt whose values passed the model's rules (0: the first)");
  g.write("particle", std::span<const std::int32_t>(s.particle), {"replicate"}, "1",
          "the posterior particle drawn (-1: no posterior)");
}

}  // namespace buurtsim::uncertainty
