#include "model/measurement.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>

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
  if (r.last_active[id] != kNever && w.week - r.last_active[id] < 52) logit += s.response_active;
  return 1.0 / (1.0 + std::exp(-logit));
}

constexpr int kCells = 8;  // age 15-24, 25-44, 45-64, 65+ by sex
int cell_of(const Residents& r, std::uint32_t id) { return (r.age[id] - 1) * 2 + r.female[id]; }

void survey_neighbourhood(World& w, std::size_t nb_index, SurveyScratch& scratch, SurveyNeighbourhood& out) {
  // Each scenario's survey is a sample of its own, as two real surveys would be: its streams are
  // salted with the scenario's name, so scenarios do not share survey draws (no common random
  // numbers in the measurement), while a scenario's survey is the same whatever runs beside it.
  const std::uint32_t scenario = stream_id(w.spec.name);
  const NeighbourhoodState& nb = w.neighbourhoods[nb_index];
  const Residents& r = w.residents;
  const auto& sp = nb.params.survey;
  // Eligible residents (15+), with their keyed sampling priority; expected response rate.
  std::vector<std::uint64_t>& keyed = scratch.keyed;
  keyed.clear();
  std::array<double, kCells> population{};
  double expected_rate = 0;
  for (std::uint32_t id = nb.first_resident; id < nb.last_resident; ++id) {
    if (!is_adult(r.age[id])) continue;
    Draws d(w.key, streams::survey_sample ^ scenario, w.week, id);
    keyed.push_back((static_cast<std::uint64_t>(d.bits()) << 32) | id);
    population[static_cast<std::size_t>(cell_of(r, id))] += 1;
    expected_rate += response_propensity(w, id);
  }
  out = SurveyNeighbourhood{};
  out.eligible = static_cast<double>(keyed.size());
  if (keyed.empty()) {
    out.estimate.fill(std::nan(""));
    out.se.fill(std::nan(""));
    return;
  }
  expected_rate /= out.eligible;
  const auto approach =
      static_cast<std::size_t>(std::min(out.eligible, std::ceil(sp.target_responses / expected_rate)));
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(approach - 1), keyed.end());
  std::sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(approach));
  out.approached = static_cast<double>(approach);

  // Respondents and their answers.
  using Answer = SurveyScratch::Answer;
  std::vector<Answer>& answers = scratch.answers;
  answers.clear();
  std::array<double, kCells> sample{};
  for (std::size_t i = 0; i < approach; ++i) {
    const auto id = static_cast<std::uint32_t>(keyed[i] & 0xFFFFFFFFu);
    Draws d(w.key, streams::survey_response ^ scenario, w.week, id);
    if (!d.bernoulli(response_propensity(w, id))) continue;
    Draws a(w.key, streams::survey_answer ^ scenario, w.week, id);
    answers.push_back({cell_of(r, id), drawn_answers(w, id, a), expected_answers(w, id)});
    sample[static_cast<std::size_t>(answers.back().cell)] += 1;
  }
  out.respondents = static_cast<double>(answers.size());
  // Post-stratification by age x sex; cells without respondents fall back to sex only, then none.
  std::array<double, kCells> weight{};
  bool empty_cell = false;
  for (int c = 0; c < kCells; ++c)
    empty_cell |= population[static_cast<std::size_t>(c)] > 0 && sample[static_cast<std::size_t>(c)] == 0;
  const double n = out.respondents, total = out.eligible;
  for (int c = 0; c < kCells; ++c) {
    const auto ci = static_cast<std::size_t>(c);
    if (!empty_cell) {
      weight[ci] = sample[ci] > 0 ? (population[ci] / total) / (sample[ci] / n) : 0.0;
    } else {
      double pop_sex = 0, sample_sex = 0;
      for (int k = c % 2; k < kCells; k += 2)
        pop_sex += population[static_cast<std::size_t>(k)], sample_sex += sample[static_cast<std::size_t>(k)];
      weight[ci] = sample_sex > 0 ? (pop_sex / total) / (sample_sex / n) : 1.0;
    }
  }
  double sum_w = 0, sum_w2 = 0;
  for (const Answer& a : answers) {
    const double wt = weight[static_cast<std::size_t>(a.cell)];
    sum_w += wt;
    sum_w2 += wt * wt;
  }
  out.n_effective = sum_w2 > 0 ? sum_w * sum_w / sum_w2 : 0.0;
  // The standard error of the estimate of the population value as the model defines it (the
  // mean expected answer, model/items.hpp) has two parts: which residents were sampled (without
  // replacement from a few thousand, so with a finite population correction) and the noise of
  // their answers around their expected answers (no correction: a census would have it too).
  const double fpc = std::max(0.0, 1.0 - out.respondents / out.eligible);
  for (std::size_t k = 0; k < kItems; ++k) {
    const bool ratio_item = victims_only(k);
    double sw = 0, sw2 = 0, swy = 0, count = 0;
    for (const Answer& a : answers) {
      if (ratio_item && !a.items.victimised_12m) continue;
      const double wt = weight[static_cast<std::size_t>(a.cell)];
      sw += wt;
      sw2 += wt * wt;
      swy += wt * a.items.value[k];
      count += 1;
    }
    out.n_kish[k] = sw2 > 0 ? sw * sw / sw2 : 0.0;
    if (sw <= 0 || count < 2) {
      out.estimate[k] = sw > 0 ? swy / sw : std::nan("");
      out.se[k] = std::nan("");
      continue;
    }
    double swmu = 0;
    for (const Answer& a : answers)
      if (!ratio_item || a.items.victimised_12m) swmu += weight[static_cast<std::size_t>(a.cell)] * a.expected.value[k];
    const double mean = swy / sw, mean_expected = swmu / sw;
    double between = 0, noise = 0;
    for (const Answer& a : answers) {
      if (ratio_item && !a.items.victimised_12m) continue;
      const double wt = weight[static_cast<std::size_t>(a.cell)], mu = a.expected.value[k];
      between += wt * wt * (mu - mean_expected) * (mu - mean_expected);
      noise += wt * wt * (a.items.value[k] - mu) * (a.items.value[k] - mu);
    }
    out.estimate[k] = mean;
    out.se[k] = std::sqrt(between * count / (count - 1) * fpc + noise) / sw;
  }
}

}  // namespace

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
  for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb)
    survey_neighbourhood(w, nb, scratch, out.neighbourhoods[nb]);
}

}  // namespace buurtsim
