#include "model/approach.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "model/approach_module.hpp"
#include "model/capacity.hpp"

namespace buurtsim {
namespace {

double lever(const Params& p, std::string_view group, std::string_view name) {
  const std::string dotted = std::string(group) + "." + std::string(name);
  const auto id = find_param(dotted);
  if (!id) throw std::logic_error("approach lever not declared: " + dotted);
  return param(*id).get(p);
}

}  // namespace

ApproachLevers read_levers(const Params& p, std::string_view group) {
  ApproachLevers l;
  l.start_week = as_int(lever(p, group, "start_week"));
  l.end_week = as_int(lever(p, group, "end_week"));
  l.ramp_weeks = lever(p, group, "ramp_weeks");
  l.fidelity = lever(p, group, "fidelity");
  l.hours_per_1000 = {lever(p, group, "police_hours"), lever(p, group, "municipality_hours"),
                      lever(p, group, "welfare_hours"), lever(p, group, "corporation_hours")};
  l.additional = as_int(lever(p, group, "funding")) == 0;
  return l;
}

Approach::Approach(std::string name, const ScenarioSpec& spec)
    : name_(std::move(name)), window_(read_levers(spec.params, name_)) {
  for (const auto& nb : spec.neighbourhoods) levers_.push_back(read_levers(nb.params, name_));
  granted_.assign(levers_.size(), {});
  task_.assign(levers_.size(), {});
  for (const ApproachModule& m : approach_modules()) {
    if (m.name != name_) continue;
    if (!m.outcomes.empty()) {
      first_outcome_ = static_cast<std::size_t>(outcome_named(m.outcomes.front().name));
      own_outcomes_ = m.outcomes.size();
    }
    for (Phase p : m.hooks) hooks_ |= 1u << static_cast<int>(p);
  }
  recorded_week_.assign(levers_.size(), std::numeric_limits<int>::min());
  recorded_.assign(levers_.size() * own_outcomes_, 0.0);
}

double* Approach::week_values(const World& w, std::size_t nb) {
  double* v = recorded_.data() + nb * own_outcomes_;
  if (recorded_week_[nb] != w.week) {  // the first value of this week
    std::fill(v, v + own_outcomes_, 0.0);
    recorded_week_[nb] = w.week;
  }
  return v;
}

void Approach::measure(const World& w, OutcomeTable& out) const {
  for (std::size_t nb = 0; nb < levers_.size(); ++nb) {
    if (recorded_week_[nb] != w.week) continue;
    for (std::size_t k = 0; k < own_outcomes_; ++k)
      out.at(static_cast<Outcome>(first_outcome_ + k), nb) = recorded_[nb * own_outcomes_ + k];
  }
}

double Approach::requested(const World& w, std::size_t nb, Organisation org) const {
  if (!active(w.week)) return 0.0;
  const ApproachLevers& l = levers_[nb];
  const double ramp = l.ramp_weeks > 0 ? std::min(1.0, (weeks_in(w) + 1) / l.ramp_weeks) : 1.0;
  const NeighbourhoodState& s = w.neighbourhoods[nb];
  return l.hours_per_1000[org] * (s.last_resident - s.first_resident) / 1000.0 * ramp;
}

void Approach::grant(std::size_t nb, Organisation org, double hours, double coordination_loss) {
  granted_[nb][org] = hours;
  task_[nb][org] = hours * levers_[nb].fidelity * (1.0 - coordination_loss);
}

bool Approach::has_budget(const World& w, std::size_t nb) const {
  for (std::size_t o = 0; o < kOrganisations; ++o)
    if (requested(w, nb, static_cast<Organisation>(o)) > 0) return true;
  return false;
}

double Approach::task_hours(std::size_t nb) const {
  double sum = 0;
  for (double h : task_[nb]) sum += h;
  return sum;
}

void allocate_hours(World& w, const std::vector<std::unique_ptr<Approach>>& approaches) {
  const double base_loss = w.spec.params.organisations.coordination_loss;
  Blocks& b = w.blocks;
  std::fill(b.approach_presence.begin(), b.approach_presence.end(), 0.f);
  std::fill(b.approach_cleanup.begin(), b.approach_cleanup.end(), 0.f);
  std::fill(b.nuisance_factor.begin(), b.nuisance_factor.end(), 1.f);
  std::fill(b.watch_walks.begin(), b.watch_walks.end(), 0.f);
  for (std::size_t i = 0; i < w.neighbourhoods.size(); ++i) {
    NeighbourhoodState& nb = w.neighbourhoods[i];
    nb.redeployed = {};
    nb.coordination_factor = 1.0;
    nb.onset_factor = 1.0;
    nb.outreach_hours = nb.care_hours = nb.team_reassurance = 0.0;
    for (const auto& a : approaches)
      if (a->has_budget(w, i)) nb.coordination_factor *= 1.0 - std::clamp(a->coordination_reduction(w, i), 0.0, 1.0);
    const double loss = base_loss * nb.coordination_factor;
    for (std::size_t o = 0; o < kOrganisations; ++o) {
      const auto org = static_cast<Organisation>(o);
      double asked = 0;
      for (const auto& a : approaches)
        if (!a->additional(i)) asked += a->requested(w, i, org);
      const double capacity = capacity_hours(nb, org);
      const double share = asked > capacity ? capacity / asked : 1.0;
      nb.week.overcommitted_hours += std::max(0.0, asked - capacity);
      for (const auto& a : approaches) {
        const double hours = a->requested(w, i, org) * (a->additional(i) ? 1.0 : share);
        a->grant(i, org, hours, loss);
        nb.week.approach_hours[o] += hours;
        nb.week.task_hours[kTaskOverhead] += hours - a->task_hours(i, org);  // coordination loss and fidelity
        nb.week.org_task_hours[o][kTaskOverhead] += hours - a->task_hours(i, org);
        nb.week.approach_coordination += hours * loss;
        if (!a->additional(i)) nb.redeployed[o] += hours;
      }
    }
  }
}

}  // namespace buurtsim
