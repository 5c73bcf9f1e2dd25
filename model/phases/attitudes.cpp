// Step 7: attitudes.
// Fear moves towards a target made of the personal baseline, the national trend, the memories of
// own victimisation, witnessed incidents and hearsay, perceived disorder and nuisance, less the
// reassurance of a known wijkagent and of the block's collective efficacy; it rises fast and
// falls slowly. Trust in each institution moves on contacts: a contact of good procedural
// quality adds contact_gain, a poor one takes negative_asymmetry times as much, an unanswered
// report costs unanswered_cost and a sanction in the household sanction_cost; police contacts heard about through ties
// count heard_weight as much. It also moves on results seen: a report answered with feedback
// adds report_result_gain; a fall (or rise) of the resident's running memory of perceived
// disorder on the block moves trust in the municipality and the corporation by their shares of
// the week's disorder work there, and a fall (or rise) of the memory of incidents around the
// block moves trust in the police as often as the resident sees them on the block. Trust
// returns slowly to a baseline (for the municipality, lowered by perceived disorder). Awareness
// of the wijkagent grows with contacts, sightings and ties and is lost with staff turnover.
// Responsibility moves towards an anchored mix of the own anchor and the ties'
// responsibility; participation follows a threshold rule. Finally the blocks' guardianship,
// cohesion and collective efficacy follow their residents.
#include <algorithm>
#include <array>
#include <cmath>

#include "model/parallel.hpp"
#include "model/phases/phases.hpp"
#include "model/response.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {

double police_results(const World& w, std::uint32_t id, double incident_memory_before) {
  const Residents& r = w.residents;
  const auto& t = w.spec.params.trust;
  double delta = t.incident_result_weight * r.police_seen[id] * (incident_memory_before - r.incident_memory[id]);
  const std::uint8_t ev = r.week_events[id];
  if ((ev & kEventReported) && !(ev & kEventUnanswered) && r.last_report_unanswered[id] == 0)
    delta += t.report_result_gain;  // the last report of the week was answered with feedback
  return delta;
}

namespace {

// What a resident's ties bring this week, read in one pass over the ties (state left by the
// previous phases, or by last week for participation).
struct Ties {
  std::uint32_t n = 0, aware = 0;
  double responsibility = 0, active = 0;
  bool any_contact = false;
};

Ties read_ties(const World& w, std::uint32_t id) {
  Ties t;
  for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k) {
    const World::TieState& tie = w.tie_state[w.network.ties[k]];
    ++t.n;
    t.any_contact |= (tie.events & (kEventContactGood | kEventContactBad)) != 0;
    t.aware += tie.aware != 0 ? 1u : 0u;  // aware at the start of the phase
    t.responsibility += tie.responsibility;
    t.active += tie.active_prev;
  }
  return t;
}

// Asks for the ties' state of resident `id` to be brought into the cache: ties lie all over the
// world, and reading them is most of the wait in this phase. Changes no value.
void prefetch_ties(const World& w, std::uint32_t id) {
  for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
    __builtin_prefetch(&w.tie_state[w.network.ties[k]]);
}

double contact_effect(std::uint8_t events, const Params& p) {
  const auto& t = p.trust;
  double delta = 0;
  if (events & kEventContactGood) delta += t.contact_gain;
  if (events & kEventContactBad) delta -= t.contact_gain * t.negative_asymmetry;
  return delta;
}

// A contact with an institution with probability `rate`; its effect on trust.
double institution_contact(Draws& d, double rate, double quality, const Params& p) {
  if (!d.bernoulli(rate)) return 0.0;
  return d.bernoulli(quality) ? p.trust.contact_gain : -p.trust.contact_gain * p.trust.negative_asymmetry;
}

float relax(float value, double delta, double base, double rate) {
  return static_cast<float>(std::clamp(value + delta + rate * (base - value), 0.0, 10.0));
}

// The reach of this week's neighbourhood-watch walks on a block, 1 - exp(-walks): 0 where no
// team walks (most blocks, most weeks) without calling exp.
double watch_reach(float walks) { return walks > 0 ? 1.0 - std::exp(-walks) : 0.0; }

void update_fear(World& w, std::uint32_t id) {
  Residents& r = w.residents;
  const Params& g = w.spec.params;
  const auto& f = g.fear;
  const std::uint32_t blk = r.block[id];
  const double perceived = response::perceived_disorder(w.blocks.disorder[blk], r.disorder_bias[id]);
  const double target = r.fear_base[id] + w.fear_shift + f.victimisation * r.victim_memory[id] +
                        f.witnessed * r.witness_memory[id] + f.hearsay * r.hearsay_memory[id] + f.disorder * perceived +
                        f.nuisance * r.nuisance_seen[id] - g.awareness.fear_reassurance * r.aware[id] -
                        w.neighbourhoods[r.neighbourhood[id]].team_reassurance * r.team_aware[id] -
                        g.cohesion.fear_reassurance * w.blocks.efficacy[blk] +
                        f.enforcement_signal * w.blocks.presence_hours[blk] - f.patrol_reassurance * r.police_seen[id] -
                        f.watch_reassurance * watch_reach(w.blocks.watch_walks[blk]);
  const double gap = target - r.fear[id];
  r.fear[id] += static_cast<float>(gap * (gap > 0 ? f.rise_rate : f.fall_rate));
  r.fear_recent[id] += static_cast<float>((r.fear[id] - r.fear_recent[id]) / g.survey.recall_weeks);
  r.avoiding[id] = r.fear[id] > f.avoidance_threshold ? 1 : 0;
}

// What the resident sees this week (perceived disorder on the block, incidents around it),
// against the running memories of it (trust from results): the memories move towards it with
// time constant trust.results_memory_weeks, and a fall of a memory is a result seen. The
// memories start in the middle of the burn-in, once disorder has settled from its initial value
// (that settling is nobody's result), and again in the week after a household moves in, at what
// the resident sees, with no change.
struct Seen {
  double disorder_fall, incident_before;
};

int results_start(const World& w) { return -(w.settings.burn_in_weeks / 2); }

Seen update_memories(World& w, std::uint32_t id, double perceived) {
  Residents& r = w.residents;
  const int start = results_start(w);
  if (w.week < start) return {0.0, r.incident_memory[id]};
  const double incidents = w.blocks.scratch[r.block[id]];  // around the block (incidents_around)
  const double rate = 1.0 / w.spec.params.trust.results_memory_weeks;
  const bool first = w.week == start || r.arrived[id] == w.week - 1;
  const float disorder_before = first ? static_cast<float>(perceived) : r.disorder_memory[id];
  const float incident_before = first ? static_cast<float>(incidents) : r.incident_memory[id];
  r.disorder_memory[id] = static_cast<float>(disorder_before + rate * (perceived - disorder_before));
  r.incident_memory[id] = static_cast<float>(incident_before + rate * (incidents - incident_before));
  return {static_cast<double>(disorder_before) - r.disorder_memory[id], incident_before};
}

// This week's incidents per 1,000 residents around each residential block (the block and its
// adjacent residential blocks), what its residents remember (trust from results), into
// Blocks::scratch for the rest of the phase.
void incidents_around(World& w) {
  Blocks& b = w.blocks;
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      double incidents = 0, residents = 0;
      const auto add = [&](std::uint32_t x) {
        if (b.resident_count[x] == 0) return;
        for (auto n : b.incidents_week[x]) incidents += n;
        residents += b.resident_count[x];
      };
      add(static_cast<std::uint32_t>(c));
      w.adjacent->for_each(static_cast<std::uint32_t>(c), add);
      b.scratch[c] = residents > 0 ? static_cast<float>(1000.0 * incidents / residents) : 0.f;
    }
  });
}

void update_trust(World& w, std::uint32_t id, const Ties& ties) {
  Residents& r = w.residents;
  const Params& g = w.spec.params;
  const auto& t = g.trust;
  const std::uint32_t blk = r.block[id];
  const double perceived = response::perceived_disorder(w.blocks.disorder[blk], r.disorder_bias[id]);
  const Seen seen = update_memories(w, id, perceived);
  const std::uint8_t ev = r.week_events[id];
  double delta = contact_effect(ev, g);
  if (ev & kEventUnanswered) delta -= t.unanswered_cost;
  if (ev & kEventSanctioned) delta -= t.sanction_cost;
  delta += police_results(w, id, seen.incident_before);
  const std::uint32_t t0 = w.network.offset[id], t1 = w.network.offset[id + 1];
  if (ties.any_contact) {
    Draws d(w.key, streams::heard_contact, w.week, id);
    const double hear = g.exposure.hearsay_probability;
    for (std::uint32_t k = t0; k < t1; ++k) {
      const std::uint8_t other = w.tie_state[w.network.ties[k]].events;
      if (d.bernoulli((other & (kEventContactGood | kEventContactBad)) ? hear : 0.0))
        delta += t.heard_weight * contact_effect(other, g);
    }
  }
  r.trust_police[id] = relax(r.trust_police[id], delta, r.trust_base[id], t.relaxation);

  const auto& in = g.institutions;
  Draws c(w.key, streams::institution_contact, w.week, id);
  const bool adult = is_adult(r.age[id]);  // children have no contacts of their own with institutions
  double mun = adult ? institution_contact(c, in.municipality_contact_rate, in.municipality_quality, g) : 0.0;
  double corp = adult && r.tenure[id] == kCorporation
                    ? institution_contact(c, in.corporation_contact_rate, in.corporation_quality, g)
                    : 0.0;
  // Results: the change in disorder, credited to each institution by its share of the work.
  mun += in.disorder_result_weight * w.blocks.work_municipality[blk] * seen.disorder_fall;
  corp += in.disorder_result_weight * w.blocks.work_corporation[blk] * seen.disorder_fall;
  const double mun_base = r.municipality_base[id] - in.disorder_on_municipality * std::max(0.0, perceived - 1.0);
  r.trust_municipality[id] = relax(r.trust_municipality[id], mun, mun_base, t.relaxation);
  r.trust_corporation[id] = relax(r.trust_corporation[id], corp, r.corporation_base[id], t.relaxation);
}

// (1 - hearsay_gain)^k for k aware ties, tabulated per chunk with the same std::pow: most
// residents have few ties, and pow is costly.
struct StayUnawareTable {
  static constexpr std::uint32_t kSize = 32;
  std::array<double, kSize> value;
  explicit StayUnawareTable(double hearsay_gain) {
    for (std::uint32_t k = 0; k < kSize; ++k) value[k] = std::pow(1.0 - hearsay_gain, k);
  }
  double operator()(double hearsay_gain, std::uint32_t k) const {
    return k < kSize ? value[k] : std::pow(1.0 - hearsay_gain, k);
  }
};

void update_awareness(World& w, std::uint32_t id, bool staff_changed, const Ties& ties,
                      const StayUnawareTable& pow_table) {
  Residents& r = w.residents;
  const auto& a = w.spec.params.awareness;
  Draws d(w.key, streams::awareness, w.week, id);
  const double u_turnover = d.uniform32(), u_forget = d.uniform32(), u_learn = d.uniform32();
  // Ties count as aware when they were at the start of the phase (their copy in World::tie_state),
  // so the new state is written at once.
  if (r.aware[id]) {
    if ((staff_changed && u_turnover < a.turnover_loss) || u_forget < a.forgetting) r.aware[id] = 0;
    return;
  }
  double stay_unaware = 1.0;
  if (r.last_police_contact[id] == w.week) stay_unaware *= 1.0 - a.contact_gain;
  stay_unaware *= 1.0 - a.sighting_gain * r.police_seen[id];
  if (ties.aware > 0) stay_unaware *= pow_table(a.hearsay_gain, ties.aware);
  if (u_learn < 1.0 - stay_unaware) r.aware[id] = 1;
}

void update_participation(World& w, std::uint32_t id, const Ties& ties) {
  Residents& r = w.residents;
  const auto& pp = w.neighbourhoods[r.neighbourhood[id]].params.participation;
  const double ties_resp = ties.responsibility, ties_active = ties.active, n = ties.n;
  const double mix = n > 0 ? pp.anchor_weight * r.responsibility_anchor[id] + (1.0 - pp.anchor_weight) * ties_resp / n
                           : r.responsibility_anchor[id];
  const double propensity = r.participation_base[id] + pp.weight_responsibility * r.responsibility[id] +
                            pp.weight_trust * r.trust_municipality[id] / 10.0 +
                            pp.weight_ties * (n > 0 ? ties_active / n : 0.0) +
                            pp.weight_efficacy * w.blocks.efficacy[r.block[id]] - pp.cost;
  // Ties read the copy of responsibility in World::tie_state, so the new value is written at once.
  r.responsibility[id] = static_cast<float>(r.responsibility[id] + pp.influence_rate * (mix - r.responsibility[id]));
  Draws d(w.key, streams::participation, w.week, id);
  r.active_now[id] = d.uniform32() < response::normal_cdf(propensity) ? 1 : 0;
  if (r.active_now[id]) r.last_active[id] = static_cast<std::int16_t>(w.week);
}

void update_blocks(World& w) {
  Blocks& b = w.blocks;
  const Residents& r = w.residents;
  const double street = w.spec.params.exposure.avoidance_street_factor;
  const auto& co = w.spec.params.cohesion;
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const std::uint32_t first = b.first_resident[c], count = b.resident_count[c];
      double out = 0, adults = 0, active = 0, fear = 0, resp = 0, settled = 0;
      for (std::uint32_t id = first; id < first + count; ++id) {
        if (!is_adult(r.age[id])) continue;
        adults += 1;
        out += r.avoiding[id] ? street : 1.0;
        active += r.last_active[id] != kNever && w.week - r.last_active[id] < 52 ? 1 : 0;
        fear += r.fear_recent[id] > 0 ? 1 : 0;  // feels unsafe at least sometimes (latent)
        resp += r.responsibility[id];
        settled += r.arrived[id] == kNever || w.week - r.arrived[id] >= 52 ? 1 : 0;
      }
      if (adults <= 0) continue;
      b.guardianship[c] = static_cast<float>(out / adults);
      // Ties count once neighbours have lived there a year: turnover lowers cohesion.
      const double target = std::clamp(co.ties_weight * b.tie_density[c] * settled / adults +
                                           co.activity_weight * active / adults - co.fear_weight * fear / adults,
                                       0.0, 1.0);
      b.cohesion[c] += static_cast<float>(co.adjustment * (target - b.cohesion[c]));
      b.efficacy[c] = static_cast<float>(b.cohesion[c] * resp / adults);
    }
  });
  double sum = 0, n = 0;
  for (std::size_t c = 0; c < b.size(); ++c)
    if (b.resident_count[c] > 0) sum += b.guardianship[c], n += 1;
  const auto buffer = static_cast<float>(n > 0 ? sum / n : 0.0);
  for (std::size_t c = 0; c < b.size(); ++c)
    if (b.resident_count[c] == 0) b.guardianship[c] = buffer;
}

}  // namespace

void attitudes(World& w) {
  if (w.week >= results_start(w)) incidents_around(w);
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    const Residents& r = w.residents;
    for (std::uint32_t id = ch.begin; id < ch.end; ++id)
      w.tie_state[id] = {r.responsibility[id], r.week_events[id], r.aware[id], r.active_prev[id]};
  });
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    const NeighbourhoodState& nb = w.neighbourhoods[ch.neighbourhood];
    const StayUnawareTable pow_table(w.spec.params.awareness.hearsay_gain);
    constexpr std::uint32_t kAhead = 12;  // residents ahead whose ties are fetched
    for (std::uint32_t id = ch.begin; id < ch.begin + kAhead && id < ch.end; ++id) prefetch_ties(w, id);
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      if (id + kAhead < ch.end) prefetch_ties(w, id + kAhead);
      const Ties ties = read_ties(w, id);
      update_fear(w, id);
      update_trust(w, id, ties);
      if (!is_adult(w.residents.age[id])) continue;
      update_awareness(w, id, nb.staff_changed, ties, pow_table);
      update_participation(w, id, ties);
    }
  });
  update_blocks(w);
}

}  // namespace buurtsim::phases
