#pragma once
// The survey items: for one resident, the expected answer to each item (whose population
// mean is the true value reported every week) and a drawn answer (what a respondent says).
// One place for both, so the survey estimates exactly what the weekly outcome reports.
#include <array>
#include <cstdint>

#include "model/outcomes.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace buurtsim {

// The survey indicators, in the order of model/outcomes.def (item k is outcome k).
enum class Item : std::uint8_t {
  UnsafeSometimes,
  UnsafeOften,
  SafetyRating,
  TrustPolice,
  TrustMunicipality,
  TrustCorporation,
  PoliceSatisfied,
  PoliceNoJudgement,
  ContactPolice,
  PoliceVisibleOften,
  Avoidance,
  Victimised,
  ReportPolice,  // among those victimised in the past 12 months
  Aangifte,      // among those victimised in the past 12 months
  Active,
  Awareness,
  TeamAwareness,
  DisorderHigh,
  NuisanceHigh,
  TrafficHigh,
  Cohesion,
};
inline constexpr std::size_t kItems = 21;
inline Outcome outcome_of(Item item) { return static_cast<Outcome>(item); }
inline bool victims_only(std::size_t item) {
  return item == static_cast<std::size_t>(Item::ReportPolice) || item == static_cast<std::size_t>(Item::Aangifte);
}

// Items answered yes or no, estimated as a percentage (outcome unit "percent").
bool is_share(std::size_t item);

struct ItemValues {
  std::array<double, kItems> value{};
  bool victimised_12m = false;  // the domain of ReportPolice and Aangifte
};

// REQUIRES: resident id is aged 15+.
ItemValues expected_answers(const World& w, std::uint32_t id);
ItemValues drawn_answers(const World& w, std::uint32_t id, Draws& d);

}  // namespace buurtsim
