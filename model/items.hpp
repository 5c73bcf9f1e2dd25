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

// Values many residents share, remembered while measuring the residents of one chunk (one
// neighbourhood, residents in block order): the chance of "no opinion" on the police by
// (aware, contact, visible), and the expected cohesion answer by own ties on the current block.
// Computed by the same expressions as without it, so the values are identical.
struct AnswerCache {
  std::array<double, 8> no_judgement{};
  std::uint8_t no_judgement_known = 0;  // one bit per combination
  std::uint32_t block = 0xFFFFFFFFu;    // the block `cohesion` holds values for
  std::array<double, 4> cohesion{};     // by own ties on the block: 0, 1, 2, 3 or more
  std::uint8_t cohesion_known = 0;
};
// The same as expected_answers(w, id), for residents of one neighbourhood in turn.
ItemValues expected_answers(const World& w, std::uint32_t id, AnswerCache& cache);
ItemValues drawn_answers(const World& w, std::uint32_t id, Draws& d);

// Recall error in the dated items of drawn answers `v` (docs/odd.md section 8): a victimisation or
// police contact up to survey.telescoping_weeks before the 12-month period is telescoped into it
// (survey.telescoping_victim, survey.telescoping_contact), and a contact within it is forgotten
// (survey.contact_forgotten). A telescoped victimisation brings its reporting answers into the
// domain of report_police_pct and aangifte_pct. Always three draws from d.
void recall_errors(const World& w, std::uint32_t id, Draws& d, ItemValues& v);

}  // namespace buurtsim
