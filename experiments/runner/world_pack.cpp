#include "experiments/runner/world_pack.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace buurtsim::run {

Slot task_slot(const config::Experiment& e, std::size_t task) {
  const std::size_t worlds = e.worlds(), run = task / worlds;
  const auto replicates = static_cast<std::size_t>(e.replicates);
  return Slot{run / replicates, run % replicates, e.world_first(task % worlds)};
}

std::vector<double> pack_world_rest(const RunResults& from, Slot at, std::size_t nbs, std::size_t s, std::size_t r) {
  std::vector<double> v{static_cast<double>(from.blocks)};
  auto add = [&](const auto& values, std::size_t first, std::size_t n) {
    v.insert(v.end(), values.begin() + static_cast<std::ptrdiff_t>(first),
             values.begin() + static_cast<std::ptrdiff_t>(first + n));
  };
  const std::size_t cell = nbs * from.waves;
  for (const auto* item_array : {&from.survey_estimate, &from.survey_se, &from.survey_n_kish, &from.survey_truth})
    for (std::size_t k = 0; k < kItems; ++k) add(*item_array, from.item_index(k, at.s, at.r, at.nb_first, 0), cell);
  for (const auto* cell_array : {&from.survey_eligible, &from.survey_approached, &from.survey_respondents,
                                 &from.survey_n_effective, &from.survey_first_week})
    add(*cell_array, from.survey_index(at.s, at.r, at.nb_first, 0), cell);
  const std::size_t blocks = from.blocks;
  if (r == 0 && blocks > 0) {
    add(from.block_disorder, at.s * from.waves * blocks, from.waves * blocks);
    add(from.block_incidents, at.s * from.waves * blocks, from.waves * blocks);
  }
  if (s == 0 && r == 0 && blocks > 0)
    for (const auto* layout : {&from.layout.x, &from.layout.y, &from.layout.neighbourhood, &from.layout.residents})
      add(*layout, 0, blocks);
  return v;
}

namespace {

// Whether x can be stored as a T: a whole number in range for an integer type; within range (or
// not finite) for float. A record read from outside may hold anything.
template <class T>
bool fits(double x) {
  if constexpr (std::is_integral_v<T>)
    return std::isfinite(x) && std::floor(x) == x && x >= static_cast<double>(std::numeric_limits<T>::min()) &&
           x <= static_cast<double>(std::numeric_limits<T>::max());
  else if constexpr (std::is_same_v<T, float>)
    return !std::isfinite(x) || std::fabs(x) <= std::numeric_limits<float>::max();
  else
    return true;
}

}  // namespace

std::size_t unpack_world_rest(std::span<const double> v, RunResults& out, Slot slot, std::size_t nbs, Whole whole) {
  const std::size_t s = slot.s, r = slot.r;
  // Everything is checked before anything is written: the count of blocks (a whole number the
  // vector can hold, the same as the blocks already restored), the length, each value's type.
  const auto damaged = [](const char* what) {
    return std::runtime_error(std::string("a world's results arrived damaged (") + what + ")");
  };
  if (v.empty() || !(v[0] >= 0 && v[0] <= static_cast<double>(v.size())) || std::floor(v[0]) != v[0])
    throw damaged("its count of blocks");
  const auto blocks = static_cast<std::size_t>(v[0]);
  if (blocks > 0 && out.blocks > 0 && blocks != out.blocks) throw damaged("another count of blocks");
  const std::size_t cell = nbs * out.waves;
  const std::size_t states = r == 0 && blocks > 0 ? 2 * out.waves * blocks : 0;
  const std::size_t layout = s == 0 && r == 0 && blocks > 0 ? 4 * blocks : 0;
  const std::size_t need = 1 + (4 * kItems + 5) * cell + states + layout;
  if (v.size() < need || (whole == Whole::exactly && v.size() != need)) throw damaged("its length");
  for (std::size_t i = 1 + (4 * kItems + 5) * cell; i < need; ++i)  // floats, then int32s
    if (i < 1 + (4 * kItems + 5) * cell + states ? !fits<float>(v[i]) : !fits<std::int32_t>(v[i]))
      throw damaged("a value out of range");

  if (blocks > 0 && out.blocks != blocks) {
    out.blocks = blocks;
    out.block_disorder.assign(out.scenarios * out.waves * blocks, 0.f);
    out.block_incidents.assign(out.scenarios * out.waves * blocks, 0.f);
  }
  std::size_t at = 1;
  auto take = [&](auto& values, std::size_t first, std::size_t n) {
    using T = typename std::remove_reference_t<decltype(values)>::value_type;
    for (std::size_t i = 0; i < n; ++i) values[first + i] = static_cast<T>(v[at + i]);
    at += n;
  };
  for (auto* item_array : {&out.survey_estimate, &out.survey_se, &out.survey_n_kish, &out.survey_truth})
    for (std::size_t k = 0; k < kItems; ++k) take(*item_array, out.item_index(k, s, r, slot.nb_first, 0), cell);
  for (auto* cell_array : {&out.survey_eligible, &out.survey_approached, &out.survey_respondents,
                           &out.survey_n_effective, &out.survey_first_week})
    take(*cell_array, out.survey_index(s, r, slot.nb_first, 0), cell);
  if (states > 0) {
    take(out.block_disorder, s * out.waves * blocks, out.waves * blocks);
    take(out.block_incidents, s * out.waves * blocks, out.waves * blocks);
  }
  if (layout > 0) {
    for (auto* l : {&out.layout.x, &out.layout.y, &out.layout.neighbourhood, &out.layout.residents}) {
      l->assign(blocks, 0);
      take(*l, 0, blocks);
    }
  }
  return at;
}

std::vector<double> pack_world(const RunResults& one, std::size_t s, std::size_t r) {
  std::vector<double> v = pack_world_rest(one, Slot{}, one.neighbourhoods, s, r);
  v.insert(v.end(), one.outcomes.begin(), one.outcomes.end());
  return v;
}

void unpack_world(std::span<const double> v, RunResults& out, Slot slot, std::size_t nbs) {
  const std::size_t at = unpack_world_rest(v, out, slot, nbs, Whole::prefix);
  // One world's outcomes, [outcome][neighbourhood][week]: the layout of RunResults::store_weeks.
  if (v.size() - at != outcome_count() * nbs * out.weeks)
    throw std::runtime_error("a world's results arrived cut short");
  out.store_weeks(slot.s, slot.r, slot.nb_first, nbs, 0, out.weeks, v.subspan(at));
}

}  // namespace buurtsim::run
