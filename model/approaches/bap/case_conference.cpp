#include "model/approaches/bap/case_conference.hpp"

#include <algorithm>
#include <cmath>

namespace buurtsim::approaches::bap {
namespace {

// Largest score first, ties by index: the order every ranking of a case conference uses.
bool before(const std::pair<float, std::uint32_t>& x, const std::pair<float, std::uint32_t>& y) {
  return x.first > y.first || (x.first == y.first && x.second < y.second);
}

void keep_top(std::vector<std::pair<float, std::uint32_t>>& ranked, std::size_t n) {
  n = std::min(n, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(), before);
  ranked.resize(n);
}

std::uint32_t place_of(const World& w, const Records& records, std::uint32_t oi) {
  const std::uint32_t place = records.place(oi);
  return place != Records::kNoPlace ? place : w.residents.block[w.offenders.resident[oi]];
}

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

void Records::update(const World& w, int week, double mean_weeks) {
  const auto keep = static_cast<float>(std::exp(-1.0 / mean_weeks));
  for (float& r : record_) r *= keep;
  for (const Report& rep : w.reports) {
    if (rep.incident == kNoIncident) continue;  // a watch's low-value report: no incident, no one recorded
    const Incident& inc = w.incidents[rep.incident];
    if (inc.offender < 0 || (inc.type != kNuisance && inc.type != kViolence)) continue;
    record_[static_cast<std::size_t>(inc.offender)] += 1.f;
    if (inc.type == kNuisance) place_[static_cast<std::size_t>(inc.offender)] = inc.block;
  }
  for (std::uint32_t oi : w.sanctioned) record_[oi] += 1.f;
  for (std::uint32_t oi = 0; oi < record_.size(); ++oi)
    if (w.residents.arrived[w.offenders.resident[oi]] == week) record_[oi] = 0.f, place_[oi] = kNoPlace;
}

void CaseConference::init(const World& w, std::size_t offenders_in_neighbourhood, std::size_t blocks_in_neighbourhood) {
  const std::size_t n = std::max(offenders_in_neighbourhood, blocks_in_neighbourhood);
  ranked_.reserve(std::max(ranked_.capacity(), n));
  touched_.reserve(std::max(touched_.capacity(), n));
  queue_.reserve(std::max(queue_.capacity(), n));
  young_.reserve(std::max(young_.capacity(), offenders_in_neighbourhood));
  group_score_.reserve(std::max(group_score_.capacity(), offenders_in_neighbourhood));
  group_size_.reserve(std::max(group_size_.capacity(), offenders_in_neighbourhood));
  group_chosen_.reserve(std::max(group_chosen_.capacity(), offenders_in_neighbourhood));
  household_score_.assign(w.households.size(), 0.f);
  block_group_.assign(w.blocks.size(), -1);
}

void CaseConference::select(const World& w, const std::vector<std::uint32_t>& offenders, const Records& records,
                            const TargetCounts& counts, Targets& out) {
  out.selected_week = w.week;
  prolific(w, offenders, records, counts.offenders, out);
  troublesome_households(w, offenders, records, counts.households, out);
  youth_groups(w, offenders, records, counts, out);
  // The units of work: every target offender; the households cared for; the mediation blocks.
  const Residents& r = w.residents;
  out.persons.clear();
  out.care.clear();
  out.mediation.clear();
  for (std::uint32_t oi : out.offenders) {
    out.persons.push_back(oi);
    out.care.push_back(r.household[w.offenders.resident[oi]]);
  }
  for (std::uint32_t h : out.households) {
    out.care.push_back(h);
    for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m) {
      if (r.offender[m] >= 0 && w.offenders.active[static_cast<std::size_t>(r.offender[m])])
        out.persons.push_back(static_cast<std::uint32_t>(r.offender[m]));
    }
    out.mediation.push_back(r.block[w.households.first[h]]);
  }
  for (std::uint32_t oi : out.youth) out.persons.push_back(oi);
  for (std::uint32_t b : out.places) out.mediation.push_back(b);
  sort_unique(out.persons);
  sort_unique(out.care);
  sort_unique(out.mediation);
  out.agreed.assign(out.care.size(), 0);
}

// The active offenders with the largest record (a record above 0 only: nobody is taken on whom
// no partner has recorded).
void CaseConference::prolific(const World& w, const std::vector<std::uint32_t>& offenders, const Records& records,
                              std::size_t n, Targets& out) {
  ranked_.clear();
  for (std::uint32_t oi : offenders)
    if (w.offenders.active[oi] && records.of(oi) > 0) ranked_.emplace_back(records.of(oi), oi);
  keep_top(ranked_, n);
  out.offenders.clear();
  for (const auto& [score, oi] : ranked_) out.offenders.push_back(oi);
}

// Households ranked by the summed record of their active offenders, the prolific offenders'
// households left out (they are cared for already).
void CaseConference::troublesome_households(const World& w, const std::vector<std::uint32_t>& offenders,
                                            const Records& records, std::size_t n, Targets& out) {
  const Residents& r = w.residents;
  touched_.clear();
  for (std::uint32_t oi : offenders) {
    if (!w.offenders.active[oi] || records.of(oi) <= 0) continue;
    const std::uint32_t h = r.household[w.offenders.resident[oi]];
    if (household_score_[h] == 0) touched_.push_back(h);
    household_score_[h] += records.of(oi);
  }
  for (std::uint32_t oi : out.offenders) household_score_[r.household[w.offenders.resident[oi]]] = -1.f;
  ranked_.clear();
  for (std::uint32_t h : touched_)
    if (household_score_[h] > 0) ranked_.emplace_back(household_score_[h], h);
  for (std::uint32_t h : touched_) household_score_[h] = 0;
  keep_top(ranked_, n);
  out.households.clear();
  for (const auto& [score, h] : ranked_) out.households.push_back(h);
}

// Youth groups: the active nuisance offenders aged 15-24 with a record, grouped by their place
// (the block of their last reported nuisance, else their home block) being the same or adjacent
// blocks (connected blocks form one group); groups of at least group_min members, ranked by their
// summed record.
void CaseConference::youth_groups(const World& w, const std::vector<std::uint32_t>& offenders, const Records& records,
                                  const TargetCounts& counts, Targets& out) {
  const Residents& r = w.residents;
  young_.clear();
  touched_.clear();
  for (std::uint32_t oi : offenders) {
    if (!w.offenders.active[oi] || w.offenders.kind[oi] != kNuisanceOffender || records.of(oi) <= 0) continue;
    if (r.age[w.offenders.resident[oi]] != kAge15_24) continue;
    young_.push_back(oi);
    const std::uint32_t b = place_of(w, records, oi);
    if (block_group_[b] == -1) block_group_[b] = -2, touched_.push_back(b);
  }
  // Connected components of the marked blocks (-2: marked, not yet in a group).
  std::int32_t groups = 0;
  for (std::uint32_t start : touched_) {
    if (block_group_[start] != -2) continue;
    queue_.clear();
    queue_.push_back(start);
    block_group_[start] = groups;
    for (std::size_t k = 0; k < queue_.size(); ++k)
      if (w.adjacent)
        w.adjacent->for_each(queue_[k], [&](std::uint32_t next) {
          if (block_group_[next] != -2) return;
          block_group_[next] = groups;
          queue_.push_back(next);
        });
    ++groups;
  }
  group_score_.assign(static_cast<std::size_t>(groups), 0.f);
  group_size_.assign(static_cast<std::size_t>(groups), 0);
  for (std::uint32_t oi : young_) {
    const auto g = static_cast<std::size_t>(block_group_[place_of(w, records, oi)]);
    group_score_[g] += records.of(oi);
    group_size_[g] += 1;
  }
  ranked_.clear();
  for (std::size_t g = 0; g < group_score_.size(); ++g)
    if (group_size_[g] >= counts.group_min) ranked_.emplace_back(group_score_[g], static_cast<std::uint32_t>(g));
  keep_top(ranked_, counts.youth_groups);
  group_chosen_.assign(group_score_.size(), 0);
  for (const auto& [score, g] : ranked_) group_chosen_[g] = 1;
  out.youth_groups = ranked_.size();
  out.youth.clear();
  out.places.clear();
  const std::uint16_t nb = r.neighbourhood[w.offenders.resident[young_.empty() ? 0 : young_[0]]];
  for (std::uint32_t oi : young_) {
    const std::uint32_t place = place_of(w, records, oi);
    if (!group_chosen_[static_cast<std::size_t>(block_group_[place])]) continue;
    out.youth.push_back(oi);
    if (w.blocks.neighbourhood[place] == nb) out.places.push_back(place);
  }
  sort_unique(out.places);
  for (std::uint32_t b : touched_) block_group_[b] = -1;
}

}  // namespace buurtsim::approaches::bap
