#include "model/measurement.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <stdexcept>

#include "model/parallel.hpp"
#include "model/streams.hpp"

namespace buurtsim {

void measure_population(const World& w, std::vector<PopulationSums>& partials, OutcomeTable& out) {
  for_each_chunk(w, [&](const Chunk& ch, std::size_t index) {
    PopulationSums s;
    AnswerCache cache;  // a chunk is one neighbourhood
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      if (!is_adult(w.residents.age[id])) continue;
      const ItemValues v = expected_answers(w, id, cache);
      s.adults += 1;
      s.fear += w.residents.fear[id];
      s.responsibility += w.residents.responsibility[id];
      s.active_week += w.residents.active_now[id];
      s.emerging += w.residents.problem[id] == 1 ? 1 : 0;
      for (std::size_t k = 0; k < kItems; ++k) {
        if (!victims_only(k) || v.victimised_12m) s.items[k] += v.value[k];
      }
      s.victims += v.victimised_12m ? 1 : 0;
    }
    partials[index] = s;
  });
  const std::size_t n_nb = w.neighbourhoods.size();
  out.resize(n_nb);
  const std::vector<PopulationSums>& totals = partials;
  // Reduce in chunk order (chunks of one neighbourhood are consecutive).
  std::size_t c = 0;
  for (std::size_t nb = 0; nb < n_nb; ++nb) {
    PopulationSums s;
    for (; c < w.chunks.size() && w.chunks[c].neighbourhood == nb; ++c) {
      s.adults += totals[c].adults;
      s.victims += totals[c].victims;
      s.fear += totals[c].fear;
      s.responsibility += totals[c].responsibility;
      s.active_week += totals[c].active_week;
      s.emerging += totals[c].emerging;
      for (std::size_t k = 0; k < kItems; ++k) s.items[k] += totals[c].items[k];
    }
    for (std::size_t k = 0; k < kItems; ++k) {
      const double denom = victims_only(k) ? s.victims : s.adults;
      out.at(outcome_of(static_cast<Item>(k)), nb) = denom > 0 ? s.items[k] / denom : std::nan("");
    }
    const NeighbourhoodState& state = w.neighbourhoods[nb];
    const WeekAccounts& a = state.week;
    const double residents = state.last_resident - state.first_resident;
    double incidents = 0;
    for (double x : a.incidents) incidents += x;
    double disorder = 0, efficacy = 0;
    for (std::uint32_t b : state.blocks) disorder += w.blocks.disorder[b], efficacy += w.blocks.efficacy[b];
    const double n_blocks = static_cast<double>(state.blocks.size());
    const auto& rates = state.params;
    const std::array<double, kOrganisations> hours = {
        a.police_hours_coordination + a.police_hours_response + a.police_hours_presence + a.approach_hours[kOrgPolice],
        a.municipality_hours + a.approach_hours[kOrgMunicipality], a.welfare_hours + a.approach_hours[kOrgWelfare],
        a.corporation_hours + a.approach_hours[kOrgCorporation]};
    const double cost = hours[kOrgPolice] * rates.police.hourly_cost +
                        hours[kOrgMunicipality] * rates.organisations.municipality_hourly_cost +
                        hours[kOrgWelfare] * rates.organisations.welfare_hourly_cost +
                        hours[kOrgCorporation] * rates.organisations.corporation_hourly_cost + a.approach_cost_eur;
    out.at(Outcome::fear_mean, nb) = s.adults > 0 ? s.fear / s.adults : std::nan("");
    out.at(Outcome::incidents, nb) = incidents;
    out.at(Outcome::incidents_burglary, nb) = a.incidents[kBurglary];
    out.at(Outcome::incidents_violence, nb) = a.incidents[kViolence];
    out.at(Outcome::incidents_nuisance, nb) = a.incidents[kNuisance];
    out.at(Outcome::incidents_theft, nb) = a.incidents[kTheft];
    out.at(Outcome::incidents_vandalism, nb) = a.incidents[kVandalism];
    out.at(Outcome::incidents_buffer, nb) = a.incidents_buffer;
    out.at(Outcome::recorded_crime, nb) = residents > 0 ? a.recorded * (52.0 / 12.0) * 1000.0 / residents : 0.0;
    out.at(Outcome::reports, nb) = a.reports;
    out.at(Outcome::reports_followed_up_pct, nb) =
        a.reports > 0 ? 100.0 * a.reports_followed_up / a.reports : std::nan("");
    out.at(Outcome::feedback_given_pct, nb) = a.reports > 0 ? 100.0 * a.feedback_given / a.reports : std::nan("");
    out.at(Outcome::disorder_mean, nb) = n_blocks > 0 ? disorder / n_blocks : 0.0;
    out.at(Outcome::collective_efficacy, nb) = n_blocks > 0 ? efficacy / n_blocks : 0.0;
    out.at(Outcome::volunteers, nb) = a.volunteers;
    out.at(Outcome::responsibility_mean, nb) = s.adults > 0 ? s.responsibility / s.adults : std::nan("");
    out.at(Outcome::active_week_pct, nb) = s.adults > 0 ? 100.0 * s.active_week / s.adults : std::nan("");
    out.at(Outcome::social_problems_emerging, nb) = s.emerging;
    out.at(Outcome::social_problems_detected_early, nb) = a.detected_early;
    out.at(Outcome::social_problems_escalated, nb) = a.escalated;
    out.at(Outcome::referrals_completed_pct, nb) =
        a.referrals > 0 ? 100.0 * a.referrals_completed / a.referrals : std::nan("");
    out.at(Outcome::care_cases, nb) = a.care_cases;
    out.at(Outcome::professional_hours, nb) =
        hours[kOrgPolice] + hours[kOrgMunicipality] + hours[kOrgWelfare] + hours[kOrgCorporation];
    out.at(Outcome::coordination_hours, nb) =
        a.police_hours_coordination + a.other_coordination + a.approach_coordination;
    out.at(Outcome::cost_eur, nb) = cost;
    out.at(Outcome::police_hours, nb) = hours[kOrgPolice];
    out.at(Outcome::municipality_hours, nb) = hours[kOrgMunicipality];
    out.at(Outcome::welfare_hours, nb) = hours[kOrgWelfare];
    out.at(Outcome::corporation_hours, nb) = hours[kOrgCorporation];
    out.at(Outcome::approach_hours, nb) = a.approach_hours[kOrgPolice] + a.approach_hours[kOrgMunicipality] +
                                          a.approach_hours[kOrgWelfare] + a.approach_hours[kOrgCorporation];
    out.at(Outcome::overcommitted_hours, nb) = a.overcommitted_hours;
    out.at(Outcome::hours_outreach, nb) = a.task_hours[kTaskOutreach];
    out.at(Outcome::hours_presence, nb) = a.task_hours[kTaskPresence];
    out.at(Outcome::hours_enforcement, nb) = a.task_hours[kTaskEnforcement];
    out.at(Outcome::hours_care, nb) = a.task_hours[kTaskCare];
    out.at(Outcome::hours_environment, nb) = a.task_hours[kTaskEnvironment];
    out.at(Outcome::hours_support, nb) = a.task_hours[kTaskSupport];
    out.at(Outcome::hours_overhead, nb) = a.task_hours[kTaskOverhead];
    out.at(Outcome::team_contacts, nb) = a.team_contacts;
    out.at(Outcome::approach_police_hours, nb) = a.approach_hours[kOrgPolice];
    out.at(Outcome::approach_municipality_hours, nb) = a.approach_hours[kOrgMunicipality];
    out.at(Outcome::approach_welfare_hours, nb) = a.approach_hours[kOrgWelfare];
    out.at(Outcome::approach_corporation_hours, nb) = a.approach_hours[kOrgCorporation];
    out.at(Outcome::approach_other_cost_eur, nb) = a.approach_cost_eur;
    out.at(Outcome::approach_one_off_cost_eur, nb) = a.approach_one_off_cost_eur;
  }
}

namespace {

double response_propensity(const World& w, std::uint32_t id) {
  const Residents& r = w.residents;
  const auto& s = w.neighbourhoods[r.neighbourhood[id]].params.survey;
  double logit = std::log(s.response_rate / (1.0 - std::min(s.response_rate, 0.999999)));
  if (r.age[id] == kAge15_24) logit += s.response_young;
  if (r.age[id] == kAge65Plus) logit += s.response_old;
  if (r.female[id]) logit += s.response_female;
  if (r.tenure[id] != kOwner) logit += s.response_renter;
  if (r.migration[id]) logit += s.response_migration;
  const std::uint32_t h = r.household[id];
  if (w.households.first[h + 1] - w.households.first[h] == 1) logit += s.response_single;
  if (r.last_active[id] != kNever && w.week - r.last_active[id] < 52) logit += s.response_active;
  return 1.0 / (1.0 + std::exp(-logit));
}

// Each scenario's survey is a sample of its own, as two real surveys would be: its streams are
// salted with the scenario's name, so scenarios do not share survey draws (no common random
// numbers in the measurement), while a scenario's survey is the same whatever runs beside it.
// Every draw of a wave is keyed by the wave's configured week, whichever fieldwork week it is made in.
std::uint32_t scenario_salt(const World& w) { return stream_id(w.spec.name); }

// Draws wave `wave`'s sample in every neighbourhood into slot f, with fieldwork weeks.
void open_wave(World& w, int wave, SurveyScratch& scratch, SurveyScratch::Fieldwork& f) {
  const std::uint32_t scenario = scenario_salt(w);
  const SurveyWave& spec = w.settings.waves[static_cast<std::size_t>(wave)];
  const Residents& r = w.residents;
  f.wave = wave;
  f.first_week = w.week;
  f.sample.clear();
  f.answers.clear();
  const std::size_t n_nb = w.neighbourhoods.size();
  f.approached.assign(n_nb, 0.0);
  f.truth.assign(n_nb, {});
  f.weeks.assign(n_nb, {});
  const int field_weeks = spec.week - f.first_week + 1;
  std::vector<std::uint64_t>& keyed = scratch.keyed;
  for (std::size_t nb_index = 0; nb_index < n_nb; ++nb_index) {
    const NeighbourhoodState& nb = w.neighbourhoods[nb_index];
    keyed.clear();
    double expected_rate = 0;
    for (std::uint32_t id = nb.first_resident; id < nb.last_resident; ++id) {
      if (!is_adult(r.age[id])) continue;
      Draws d(w.key, streams::survey_sample ^ scenario, spec.week, id);
      keyed.push_back((static_cast<std::uint64_t>(d.bits()) << 32) | id);
      expected_rate += response_propensity(w, id);
    }
    if (keyed.empty()) continue;
    expected_rate /= static_cast<double>(keyed.size());
    const double eligible = static_cast<double>(keyed.size());
    const auto approach =
        static_cast<std::size_t>(std::min(eligible, std::ceil(nb.params.survey.target_responses / expected_rate)));
    std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(approach - 1), keyed.end());
    std::sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(approach));
    f.approached[nb_index] = static_cast<double>(approach);
    for (std::size_t i = 0; i < approach; ++i) {
      const auto id = static_cast<std::uint32_t>(keyed[i] & 0xFFFFFFFFu);
      Draws d(w.key, streams::survey_fieldwork ^ scenario, spec.week, id);
      const int offset = std::min(field_weeks - 1, static_cast<int>(d.uniform() * field_weeks));
      f.sample.push_back({id, f.first_week + offset});
    }
  }
}

// This week's interviews of slot f and its population values.
void interview(World& w, const OutcomeTable& population, SurveyScratch::Fieldwork& f) {
  const std::uint32_t scenario = scenario_salt(w);
  const int wave_week = w.settings.waves[static_cast<std::size_t>(f.wave)].week;
  const Residents& r = w.residents;
  for (const SurveyScratch::Sampled& s : f.sample) {
    if (s.week != w.week || !is_adult(r.age[s.id])) continue;  // a child at the address: no interview
    Draws d(w.key, streams::survey_response ^ scenario, wave_week, s.id);
    if (!d.bernoulli(response_propensity(w, s.id))) continue;
    Draws a(w.key, streams::survey_answer ^ scenario, wave_week, s.id);
    ItemValues given = drawn_answers(w, s.id, a);
    Draws recall(w.key, streams::survey_recall ^ scenario, wave_week, s.id);
    recall_errors(w, s.id, recall, given);
    f.answers.push_back({r.neighbourhood[s.id], weighting_classes(w, s.id), given, expected_answers(w, s.id)});
  }
  for (std::size_t nb = 0; nb < f.truth.size(); ++nb)
    for (std::size_t k = 0; k < kItems; ++k) {
      const double v = population.at(outcome_of(static_cast<Item>(k)), nb);
      if (std::isnan(v)) continue;
      f.truth[nb][k] += v;
      f.weeks[nb][k] += 1;
    }
}

// The level of an item by `instrument` minus its level by the VM2021 questionnaire, the
// reference (docs/odd.md section 8): the IVM is taken as the VM2012; a buurtpeiling has no
// documented conversion.
double instrument_shift(const Params& p, const std::string& instrument, std::size_t item) {
  if (instrument != "VM2012" && instrument != "IVM") return 0.0;
  switch (static_cast<Item>(item)) {
    case Item::Victimised:
      return p.survey.vm2012_victimised;
    case Item::UnsafeSometimes:
      return p.survey.vm2012_unsafe_sometimes;
    case Item::ContactPolice:
      return p.survey.vm2012_contact_police;
    case Item::Cohesion:
      return p.survey.vm2012_cohesion;
    default:
      return 0.0;
  }
}

void survey_neighbourhood(World& w, std::size_t nb_index, SurveyScratch& scratch, const SurveyScratch::Fieldwork& f,
                          SurveyNeighbourhood& out) {
  const NeighbourhoodState& nb = w.neighbourhoods[nb_index];
  const Residents& r = w.residents;
  const auto& sp = w.spec.params.survey;
  out = SurveyNeighbourhood{};
  WeightingTotals population;
  for (std::uint32_t id = nb.first_resident; id < nb.last_resident; ++id)
    if (is_adult(r.age[id])) population.add(weighting_classes(w, id)), out.eligible += 1;
  out.approached = f.approached[nb_index];
  const std::string& instrument = w.settings.waves[static_cast<std::size_t>(f.wave)].instrument;
  auto shifted = [&](std::size_t k, double x) {
    const double shift = instrument_shift(nb.params, instrument, k);
    return is_share(k) ? std::clamp(x + shift, 0.0, 100.0) : x + shift;
  };
  for (std::size_t k = 0; k < kItems; ++k) {
    out.truth[k] = f.weeks[nb_index][k] > 0 ? f.truth[nb_index][k] / f.weeks[nb_index][k] : std::nan("");
    out.level[k] = std::isnan(out.truth[k]) ? out.truth[k] : shifted(k, out.truth[k]);
  }
  using Answer = SurveyScratch::Answer;
  std::vector<std::uint32_t>& members = scratch.members;
  members.clear();
  scratch.classes.clear();
  for (std::size_t j = 0; j < f.answers.size(); ++j)
    if (f.answers[j].nb == nb_index) {
      members.push_back(static_cast<std::uint32_t>(j));
      scratch.classes.push_back(f.answers[j].classes);
    }
  out.respondents = static_cast<double>(members.size());
  if (out.eligible == 0 || members.empty()) {
    out.estimate.fill(std::nan(""));
    out.se.fill(std::nan(""));
    return;
  }
  rake(scratch.classes, population, {as_bool(sp.weight_migration), as_bool(sp.weight_household)}, scratch.weights);
  const std::vector<double>& weight = scratch.weights;
  double sum_w = 0, sum_w2 = 0;
  for (double wt : weight) sum_w += wt, sum_w2 += wt * wt;
  out.n_effective = sum_w2 > 0 ? sum_w * sum_w / sum_w2 : 0.0;
  // The standard error of the estimate of the population value as the model defines it (the
  // mean expected answer, model/items.hpp) has two parts: which residents were sampled (without
  // replacement from a few thousand, so with a finite population correction) and the noise of
  // their answers around their expected answers (no correction: a census would have it too).
  const double fpc = std::max(0.0, 1.0 - out.respondents / out.eligible);
  for (std::size_t k = 0; k < kItems; ++k) {
    const bool ratio_item = victims_only(k);
    auto in_domain = [&](const Answer& a) { return !ratio_item || a.items.victimised_12m; };
    double sw = 0, sw2 = 0, swy = 0, swmu = 0, count = 0;
    for (std::size_t j = 0; j < members.size(); ++j) {
      const Answer& a = f.answers[members[j]];
      if (!in_domain(a)) continue;
      const double wt = weight[j];
      sw += wt;
      sw2 += wt * wt;
      swy += wt * a.items.value[k];
      swmu += wt * a.expected.value[k];
      count += 1;
    }
    out.n_kish[k] = sw2 > 0 ? sw * sw / sw2 : 0.0;
    if (sw <= 0 || count < 2) {
      out.estimate[k] = sw > 0 ? shifted(k, swy / sw) : std::nan("");
      out.se[k] = std::nan("");
      continue;
    }
    const double mean = swy / sw, mean_expected = swmu / sw;
    double between = 0, noise = 0;
    for (std::size_t j = 0; j < members.size(); ++j) {
      const Answer& a = f.answers[members[j]];
      if (!in_domain(a)) continue;
      const double wt = weight[j], mu = a.expected.value[k];
      between += wt * wt * (mu - mean_expected) * (mu - mean_expected);
      noise += wt * wt * (a.items.value[k] - mu) * (a.items.value[k] - mu);
    }
    out.estimate[k] = shifted(k, mean);
    out.se[k] = std::sqrt(between * count / (count - 1) * fpc + noise) / sw;
  }
}

}  // namespace

WeightingClasses weighting_classes(const World& w, std::uint32_t id) {
  const Residents& r = w.residents;
  const std::uint32_t h = r.household[id];
  const std::uint32_t size = w.households.first[h + 1] - w.households.first[h];
  return {static_cast<std::uint8_t>((r.age[id] - 1) * 2 + r.female[id]),
          static_cast<std::uint8_t>(r.migration[id] ? 1 : 0),
          static_cast<std::uint8_t>(std::min<std::uint32_t>(size, 3) - 1)};
}

int fieldwork_start(const World& w, const SurveyWave& wave) {
  const int weeks = as_int(w.spec.params.survey.fieldwork_weeks);
  return std::max(wave.week - weeks + 1, -w.settings.burn_in_weeks);
}

bool in_fieldwork(const World& w) {
  for (const SurveyWave& wave : w.settings.waves)
    if (fieldwork_start(w, wave) <= w.week && w.week <= wave.week) return true;
  return false;
}

void prepare_survey(const World& w, SurveyScratch& scratch) {
  // The most waves in the field in one week: the most windows that hold some wave's first week.
  std::size_t slots = 0;
  for (const SurveyWave& a : w.settings.waves) {
    std::size_t open = 0;
    const int start = fieldwork_start(w, a);
    for (const SurveyWave& b : w.settings.waves) open += fieldwork_start(w, b) <= start && start <= b.week ? 1u : 0u;
    slots = std::max(slots, open);
  }
  std::size_t largest = 0;
  for (const auto& nb : w.neighbourhoods)
    largest = std::max<std::size_t>(largest, nb.last_resident - nb.first_resident);
  const auto target = static_cast<std::size_t>(w.spec.params.survey.target_responses);
  const std::size_t n_nb = w.neighbourhoods.size();
  scratch.keyed.reserve(largest);
  scratch.fieldwork.resize(slots);
  for (auto& f : scratch.fieldwork) {
    f.sample.reserve(4 * target * n_nb);
    f.answers.reserve(2 * target * n_nb);
    f.approached.reserve(n_nb);
    f.truth.reserve(n_nb);
    f.weeks.reserve(n_nb);
  }
  scratch.classes.reserve(2 * target);
  scratch.weights.reserve(2 * target);
  scratch.members.reserve(2 * target);
}

void survey_fieldwork(World& w, const OutcomeTable& population, SurveyScratch& scratch) {
  const auto& waves = w.settings.waves;
  for (std::size_t i = 0; i < waves.size(); ++i) {
    if (fieldwork_start(w, waves[i]) != w.week) continue;
    auto free = std::find_if(scratch.fieldwork.begin(), scratch.fieldwork.end(),
                             [](const SurveyScratch::Fieldwork& f) { return f.wave < 0; });
    if (free == scratch.fieldwork.end()) free = scratch.fieldwork.emplace(scratch.fieldwork.end());
    open_wave(w, static_cast<int>(i), scratch, *free);
  }
  for (auto& f : scratch.fieldwork)
    if (f.wave >= 0) interview(w, population, f);
}

SurveyInterval survey_interval(const SurveyNeighbourhood& s, std::size_t item, double z) {
  const double est = s.estimate[item], se = s.se[item];
  if (std::isnan(est) || std::isnan(se)) return {std::nan(""), std::nan("")};
  if (!is_share(item)) return {est - z * se, est + z * se};
  const double p = est / 100.0, se_p = se / 100.0;
  const double n = se_p > 0 && p > 0 && p < 1 ? p * (1 - p) / (se_p * se_p) : s.n_kish[item];
  if (!(n > 0)) return {std::nan(""), std::nan("")};
  // Jeffreys: the quantiles of Beta(x + 1/2, n - x + 1/2) with x = n p "effective yes answers";
  // the bound at an end where x is 0 (or n) is that end.
  const double x = n * p, tail = 1.0 - boost::math::cdf(boost::math::normal(), z);
  const double lower = x <= 0 ? 0.0 : boost::math::ibeta_inv(x + 0.5, n - x + 0.5, tail);
  const double upper = x >= n ? 1.0 : boost::math::ibeta_inv(x + 0.5, n - x + 0.5, 1.0 - tail);
  return {100.0 * lower, 100.0 * upper};
}

void run_survey(World& w, int wave, SurveyScratch& scratch, SurveyWaveResult& out) {
  out.wave = wave;
  out.week = w.week;
  out.neighbourhoods.resize(w.neighbourhoods.size());
  auto f = std::find_if(scratch.fieldwork.begin(), scratch.fieldwork.end(),
                        [&](const SurveyScratch::Fieldwork& x) { return x.wave == wave; });
  if (f == scratch.fieldwork.end()) throw std::logic_error("survey wave completed that was never in the field");
  out.first_week = f->first_week;
  for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb)
    survey_neighbourhood(w, nb, scratch, *f, out.neighbourhoods[nb]);
  f->wave = -1;
}

}  // namespace buurtsim
