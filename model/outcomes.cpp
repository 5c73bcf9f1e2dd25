#include "model/outcomes.hpp"

namespace buurtsim {
namespace {

constexpr Pooling sum = Pooling::Sum;
constexpr Pooling mean = Pooling::Mean;
constexpr bool key = true;
constexpr bool other = false;
constexpr Better higher = Better::Higher;
constexpr Better lower = Better::Lower;
constexpr Better neither = Better::Neither;

constexpr std::array<OutcomeInfo, kOutcomes> kTable = {{
#define BUURTSIM_OUTCOME(id, unit, survey, lo, hi, pooling, key_, better, long_name) \
  {Outcome::id, #id, unit, survey, lo, hi, pooling, key_, better, long_name},
#include "model/outcomes.def"
#undef BUURTSIM_OUTCOME
}};

constexpr std::size_t kKeys = [] {
  std::size_t n = 0;
  for (const OutcomeInfo& o : kTable) n += o.key ? 1 : 0;
  return n;
}();

constexpr std::array<Outcome, kKeys> kKeyList = [] {
  std::array<Outcome, kKeys> out{};
  std::size_t k = 0;
  for (const OutcomeInfo& o : kTable)
    if (o.key) out[k++] = o.id;
  return out;
}();

}  // namespace

std::span<const OutcomeInfo> all_outcomes() { return kTable; }
const OutcomeInfo& outcome_info(Outcome o) { return kTable[static_cast<std::size_t>(o)]; }
std::span<const Outcome> key_outcomes() { return kKeyList; }

std::string_view to_string(Pooling p) { return p == Pooling::Sum ? "sum" : "mean"; }

std::string_view to_string(Better b) {
  switch (b) {
    case Better::Higher:
      return "higher";
    case Better::Lower:
      return "lower";
    case Better::Neither:
      return "neither";
  }
  return "?";
}

}  // namespace buurtsim
