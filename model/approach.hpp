#pragma once
// The one interface of every policy approach (MODEL.md section 3). An approach is initialised
// against the scenario (checking its time window), declares its parameters in the registry
// (model/params/<name>.def), and acts only through hooks called at the start of the phases of
// the weekly schedule, by spending professional hours on tasks and changing the states those
// tasks change. It never writes an outcome. Approaches register by name.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/schedule.hpp"
#include "model/world.hpp"

namespace buurtsim {

class Approach {
 public:
  virtual ~Approach() = default;
  virtual std::string name() const = 0;
  // The recorded weeks [start, end) in which the approach acts.
  int start_week() const { return start_; }
  int end_week() const { return end_; }

  // Non-virtual entry point: acts only inside the window.
  void act(Phase phase, World& w) {
    if (w.week >= start_ && w.week < end_) do_act(phase, w);
  }

 protected:
  Approach(int start, int end) : start_(start), end_(end) {}
  virtual void do_act(Phase phase, World& w) = 0;

 private:
  int start_, end_;
};

using ApproachFactory = std::function<std::unique_ptr<Approach>(const ScenarioSpec&, const RunSettings&)>;

// Registered approaches by name (sorted).
const std::map<std::string, ApproachFactory>& approach_registry();
std::vector<std::string> approach_names();

}  // namespace buurtsim
