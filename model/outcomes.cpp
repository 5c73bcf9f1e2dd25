#include "model/outcomes.hpp"

#include <stdexcept>
#include <string>

#include "model/module_tables.hpp"

namespace buurtsim {
namespace {

constexpr Pooling sum = Pooling::Sum;
constexpr Pooling mean = Pooling::Mean;
constexpr bool key = true;
constexpr bool other = false;
constexpr Better higher = Better::Higher;
constexpr Better lower = Better::Lower;
constexpr Better neither = Better::Neither;

constexpr std::array<OutcomeInfo, kCoreOutcomes> kCore = {{
#define BUURTSIM_OUTCOME(id, unit, survey, lo, hi, pooling, key_, better, long_name) \
  {Outcome::id, #id, unit, survey, lo, hi, pooling, key_, better, long_name},
#include "model/outcomes.def"
#undef BUURTSIM_OUTCOME
}};

// The core's outcomes and then the modules'; the key outcomes among them.
struct Table {
  std::vector<OutcomeInfo> all{kCore.begin(), kCore.end()};
  std::vector<Outcome> keys = key_list(all);

  static std::vector<Outcome> key_list(const std::vector<OutcomeInfo>& all) {
    std::vector<Outcome> out;
    for (const OutcomeInfo& o : all)
      if (o.key) out.push_back(o.id);
    return out;
  }
};

Table& table() {
  static Table t;
  return t;
}

const Table& registry() {
  detail::ensure_builtin_approaches();
  return table();
}

}  // namespace

namespace detail {

void check_module_outcomes(std::span<const OutcomeInfo> outcomes) {
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    for (const OutcomeInfo& known : table().all)
      if (known.name == outcomes[i].name) throw std::logic_error("outcome declared twice: " + std::string(known.name));
    for (std::size_t j = 0; j < i; ++j)
      if (outcomes[j].name == outcomes[i].name)
        throw std::logic_error("outcome declared twice: " + std::string(outcomes[i].name));
  }
}

Outcome add_module_outcomes(std::span<const OutcomeInfo> outcomes) {
  check_module_outcomes(outcomes);
  Table& t = table();
  const auto first = static_cast<Outcome>(t.all.size());
  for (OutcomeInfo o : outcomes) {
    o.id = static_cast<Outcome>(t.all.size());
    t.all.push_back(o);
  }
  t.keys = Table::key_list(t.all);
  return first;
}

std::span<const OutcomeInfo> known_outcomes() { return table().all; }

}  // namespace detail

std::span<const OutcomeInfo> all_outcomes() { return registry().all; }
const OutcomeInfo& outcome_info(Outcome o) { return registry().all.at(static_cast<std::size_t>(o)); }
std::size_t outcome_count() { return registry().all.size(); }
std::span<const Outcome> key_outcomes() { return registry().keys; }

std::optional<Outcome> find_outcome(std::string_view name) {
  for (const OutcomeInfo& o : registry().all)
    if (o.name == name) return o.id;
  return std::nullopt;
}

Outcome outcome_named(std::string_view name) {
  const auto o = find_outcome(name);
  if (!o) throw std::invalid_argument("unknown outcome " + std::string(name));
  return *o;
}

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
