#include "model/items.hpp"

#include <cmath>

#include "model/response.hpp"

namespace buurtsim {
namespace {

static_assert(static_cast<std::size_t>(Outcome::cohesion_mean) + 1 == kItems,
              "survey indicators come first in model/outcomes.def, in the order of Item");

struct Latent {
  double fear, perceived, rating_mu, trust, trust_mun, trust_corp, cohesion_mu, p_no_judgement, p_satisfied_if_judging;
  bool contact, visible, avoiding, victimised, reported, aangifte, active, aware, team_aware;
};

double no_judgement(const Params& p, bool aware, bool contact, bool visible) {
  const auto& s = p.survey;
  const double logit = s.no_judgement_intercept - s.no_judgement_aware * aware - s.no_judgement_contact * contact -
                       s.no_judgement_visible * visible;
  return 1.0 / (1.0 + std::exp(-logit));
}

double cohesion_mean(const World& w, const Params& p, std::uint32_t blk, std::uint8_t block_ties) {
  return p.cohesion.scale_intercept + p.cohesion.scale_block * w.blocks.cohesion[blk] +
         p.cohesion.scale_own_ties * std::min(1.0, block_ties / 3.0);
}

Latent latent(const World& w, std::uint32_t id, AnswerCache* cache = nullptr) {
  const Residents& r = w.residents;
  const Params& p = w.neighbourhoods[r.neighbourhood[id]].params;
  const std::uint32_t blk = r.block[id];
  Latent l{};
  l.fear = r.fear_recent[id];
  l.perceived = response::perceived_disorder(w.blocks.disorder[blk], r.disorder_bias[id]);
  l.rating_mu = response::rating_mean(l.fear, l.perceived, r.witness_memory[id] + r.hearsay_memory[id], p);
  l.trust = r.trust_police[id];
  l.trust_mun = r.trust_municipality[id];
  l.trust_corp = r.trust_corporation[id];
  l.contact = r.last_police_contact[id] != kNever && w.week - r.last_police_contact[id] < 52;
  l.visible = r.police_seen[id] > p.survey.visible_often_threshold;
  l.avoiding = r.avoiding[id] != 0;
  l.victimised = r.last_victimised[id] != kNever && w.week - r.last_victimised[id] < 52;
  l.reported = (r.last_offence[id] & kLastReported) != 0;
  l.aangifte = (r.last_offence[id] & kLastAangifte) != 0;
  l.active = r.last_active[id] != kNever && w.week - r.last_active[id] < 52;
  l.aware = r.aware[id] != 0;
  l.team_aware = r.team_aware[id] != 0;
  l.cohesion_mu = cohesion_mean(w, p, blk, r.block_ties[id]);
  // "No opinion" on police functioning is likelier without knowing the wijkagent, without a
  // recent contact and without seeing the police; those with an opinion are satisfied by a
  // probit on trust.
  const auto& s = p.survey;
  if (cache) {
    const unsigned k = (l.aware ? 1u : 0u) | (l.contact ? 2u : 0u) | (l.visible ? 4u : 0u);
    if (!(cache->no_judgement_known >> k & 1u)) {
      cache->no_judgement[k] = no_judgement(p, l.aware, l.contact, l.visible);
      cache->no_judgement_known = static_cast<std::uint8_t>(cache->no_judgement_known | 1u << k);
    }
    l.p_no_judgement = cache->no_judgement[k];
  } else {
    l.p_no_judgement = no_judgement(p, l.aware, l.contact, l.visible);
  }
  l.p_satisfied_if_judging = response::normal_cdf((l.trust - s.satisfied_threshold) / s.satisfied_sd);
  return l;
}

double pct(bool b) { return b ? 100.0 : 0.0; }

// Items answered without response noise (records and states the respondent knows).
void exact_items(const Latent& l, ItemValues& v) {
  auto& x = v.value;
  x[static_cast<std::size_t>(Item::ContactPolice)] = pct(l.contact);
  x[static_cast<std::size_t>(Item::PoliceVisibleOften)] = pct(l.visible);
  x[static_cast<std::size_t>(Item::Avoidance)] = pct(l.avoiding);
  x[static_cast<std::size_t>(Item::Victimised)] = pct(l.victimised);
  x[static_cast<std::size_t>(Item::ReportPolice)] = pct(l.reported);
  x[static_cast<std::size_t>(Item::Aangifte)] = pct(l.aangifte);
  x[static_cast<std::size_t>(Item::Active)] = pct(l.active);
  x[static_cast<std::size_t>(Item::Awareness)] = pct(l.aware);
  x[static_cast<std::size_t>(Item::TeamAwareness)] = pct(l.team_aware);
  v.victimised_12m = l.victimised;
}

}  // namespace

ItemValues expected_answers(const World& w, std::uint32_t id) {
  AnswerCache cache;  // empty: nothing shared with other residents
  return expected_answers(w, id, cache);
}

ItemValues expected_answers(const World& w, std::uint32_t id, AnswerCache& cache) {
  const Residents& r = w.residents;
  const Params& p = w.neighbourhoods[r.neighbourhood[id]].params;
  const Latent l = latent(w, id, &cache);
  ItemValues v;
  exact_items(l, v);
  auto x = [&](Item i) -> double& { return v.value[static_cast<std::size_t>(i)]; };
  x(Item::UnsafeSometimes) = 100.0 * response::p_unsafe_sometimes(l.fear);
  x(Item::UnsafeOften) = 100.0 * response::p_unsafe_often(l.fear, p);
  x(Item::SafetyRating) = w.rating_grade(l.rating_mu);
  x(Item::TrustPolice) = w.trust_grade(l.trust);
  x(Item::TrustMunicipality) = w.trust_grade(l.trust_mun);
  x(Item::TrustCorporation) = w.trust_grade(l.trust_corp);
  x(Item::PoliceNoJudgement) = 100.0 * l.p_no_judgement;
  x(Item::PoliceSatisfied) = 100.0 * (1.0 - l.p_no_judgement) * l.p_satisfied_if_judging;
  x(Item::DisorderHigh) = 100.0 * response::p_disorder_high(l.perceived, p);
  x(Item::NuisanceHigh) = 100.0 * response::p_nuisance_high(r.nuisance_seen[id], p);
  x(Item::TrafficHigh) = 100.0 * response::p_traffic_high(w.blocks.traffic[r.block[id]] + r.disorder_bias[id], p);
  const std::uint32_t blk = r.block[id];
  if (cache.block != blk) cache.block = blk, cache.cohesion_known = 0;
  const unsigned ties = std::min<unsigned>(r.block_ties[id], 3);  // cohesion_mean caps own ties at 3
  if (!(cache.cohesion_known >> ties & 1u)) {
    cache.cohesion[ties] = response::expected_clamped(l.cohesion_mu, p.cohesion.answer_sd, 0.0, 10.0);
    cache.cohesion_known = static_cast<std::uint8_t>(cache.cohesion_known | 1u << ties);
  }
  x(Item::Cohesion) = cache.cohesion[ties];
  return v;
}

ItemValues drawn_answers(const World& w, std::uint32_t id, Draws& d) {
  const Residents& r = w.residents;
  const Params& p = w.neighbourhoods[r.neighbourhood[id]].params;
  const Latent l = latent(w, id);
  ItemValues v;
  exact_items(l, v);
  auto x = [&](Item i) -> double& { return v.value[static_cast<std::size_t>(i)]; };
  const double u = d.uniform();
  x(Item::UnsafeSometimes) = pct(u < response::p_unsafe_sometimes(l.fear));
  x(Item::UnsafeOften) = pct(u < response::p_unsafe_often(l.fear, p));
  x(Item::SafetyRating) = response::grade_answer(l.rating_mu, p.survey.rating_sd, d.normal(), 1, 10);
  x(Item::TrustPolice) = response::grade_answer(l.trust, p.trust.answer_sd, d.normal(), 0, 10);
  x(Item::TrustMunicipality) = response::grade_answer(l.trust_mun, p.trust.answer_sd, d.normal(), 0, 10);
  x(Item::TrustCorporation) = response::grade_answer(l.trust_corp, p.trust.answer_sd, d.normal(), 0, 10);
  const bool no_judgement = d.uniform() < l.p_no_judgement;
  const bool satisfied = d.uniform() < l.p_satisfied_if_judging;
  x(Item::PoliceNoJudgement) = pct(no_judgement);
  x(Item::PoliceSatisfied) = pct(!no_judgement && satisfied);
  x(Item::DisorderHigh) = pct(d.uniform() < response::p_disorder_high(l.perceived, p));
  x(Item::NuisanceHigh) = pct(d.uniform() < response::p_nuisance_high(r.nuisance_seen[id], p));
  x(Item::TrafficHigh) =
      pct(d.uniform() < response::p_traffic_high(w.blocks.traffic[r.block[id]] + r.disorder_bias[id], p));
  // The cohesion scale is the mean of several statements: a continuous answer, clamped.
  x(Item::Cohesion) = std::clamp(l.cohesion_mu + p.cohesion.answer_sd * d.normal(), 0.0, 10.0);
  return v;
}

void recall_errors(const World& w, std::uint32_t id, Draws& d, ItemValues& v) {
  const Residents& r = w.residents;
  const auto& s = w.neighbourhoods[r.neighbourhood[id]].params.survey;
  const double u_victim = d.uniform(), u_contact = d.uniform(), u_forget = d.uniform();
  const int band = 52 + as_int(s.telescoping_weeks);
  auto telescoped = [&](std::int16_t last, double u, double chance) {
    return last != kNever && w.week - last >= 52 && w.week - last < band && u < chance;
  };
  if (!v.victimised_12m && telescoped(r.last_victimised[id], u_victim, s.telescoping_victim)) {
    v.victimised_12m = true;
    v.value[static_cast<std::size_t>(Item::Victimised)] = 100.0;
  }
  double& contact = v.value[static_cast<std::size_t>(Item::ContactPolice)];
  if (contact > 0 && u_forget < s.contact_forgotten)
    contact = 0.0;
  else if (contact == 0 && telescoped(r.last_police_contact[id], u_contact, s.telescoping_contact))
    contact = 100.0;
}

bool is_share(std::size_t item) { return all_outcomes()[item].unit == "percent"; }

}  // namespace buurtsim
