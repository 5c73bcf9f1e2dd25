#include "model/items.hpp"

#include "model/response.hpp"

namespace buurtsim {
namespace {

struct Latent {
  double fear, perceived, rating_mu, trust;
  bool contact, visible, avoiding, victimised, reported, aangifte;
};

Latent latent(const World& w, std::uint32_t id) {
  const Residents& r = w.residents;
  const Params& p = w.neighbourhoods[r.neighbourhood[id]].params;
  Latent l{};
  l.fear = r.fear_recent[id];
  l.perceived = response::perceived_disorder(w.blocks.disorder[r.block[id]], r.disorder_bias[id]);
  l.rating_mu = response::rating_mean(l.fear, l.perceived, p);
  l.trust = r.trust_police[id];
  l.contact = r.last_police_contact[id] != kNever && w.week - r.last_police_contact[id] < 52;
  l.visible = r.police_seen[id] > p.survey.visible_often_threshold;
  l.avoiding = r.avoiding[id] != 0;
  l.victimised = r.last_victimised[id] != kNever && w.week - r.last_victimised[id] < 52;
  l.reported = (r.last_offence[id] & kLastReported) != 0;
  l.aangifte = (r.last_offence[id] & kLastAangifte) != 0;
  return l;
}

double pct(bool b) { return b ? 100.0 : 0.0; }

}  // namespace

Outcome outcome_of(Item item) {
  static constexpr std::array<Outcome, kItems> map = {
      Outcome::unsafe_sometimes_pct, Outcome::unsafe_often_pct,       Outcome::safety_rating,
      Outcome::trust_police_mean,    Outcome::contact_police_12m_pct, Outcome::police_visible_often_pct,
      Outcome::avoidance_pct,        Outcome::victimised_12m_pct,     Outcome::report_police_pct,
      Outcome::aangifte_pct,         Outcome::disorder_high_pct,      Outcome::nuisance_high_pct};
  return map[static_cast<std::size_t>(item)];
}

ItemValues expected_answers(const World& w, std::uint32_t id) {
  const Params& p = w.neighbourhoods[w.residents.neighbourhood[id]].params;
  const Latent l = latent(w, id);
  ItemValues v;
  auto& x = v.value;
  x[0] = 100.0 * response::p_unsafe_sometimes(l.fear);
  x[1] = 100.0 * response::p_unsafe_often(l.fear, p);
  x[2] = response::expected_clamped(l.rating_mu, p.survey.rating_sd, 0.5, 10.5);
  x[3] = response::expected_clamped(l.trust, p.trust.answer_sd, -0.5, 10.5);
  x[4] = pct(l.contact);
  x[5] = pct(l.visible);
  x[6] = pct(l.avoiding);
  x[7] = pct(l.victimised);
  x[8] = pct(l.reported);
  x[9] = pct(l.aangifte);
  x[10] = 100.0 * response::p_disorder_high(l.perceived, p);
  x[11] = 100.0 * response::p_nuisance_high(w.residents.nuisance_seen[id], p);
  v.victimised_12m = l.victimised;
  return v;
}

ItemValues drawn_answers(const World& w, std::uint32_t id, Draws& d) {
  const Params& p = w.neighbourhoods[w.residents.neighbourhood[id]].params;
  const Latent l = latent(w, id);
  ItemValues v;
  auto& x = v.value;
  const double u = d.uniform();
  x[0] = pct(u < response::p_unsafe_sometimes(l.fear));
  x[1] = pct(u < response::p_unsafe_often(l.fear, p));
  x[2] = response::grade_answer(l.rating_mu, p.survey.rating_sd, d.normal(), 1, 10);
  x[3] = response::grade_answer(l.trust, p.trust.answer_sd, d.normal(), 0, 10);
  x[4] = pct(l.contact);
  x[5] = pct(l.visible);
  x[6] = pct(l.avoiding);
  x[7] = pct(l.victimised);
  x[8] = pct(l.reported);
  x[9] = pct(l.aangifte);
  x[10] = pct(d.uniform() < response::p_disorder_high(l.perceived, p));
  x[11] = pct(d.uniform() < response::p_nuisance_high(w.residents.nuisance_seen[id], p));
  v.victimised_12m = l.victimised;
  return v;
}

}  // namespace buurtsim
