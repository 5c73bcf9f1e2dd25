#include "experiments/analysis/parameter_draws.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "experiments/analysis/streams.hpp"
#include "experiments/config/model_kind.hpp"
#include "experiments/config/reader.hpp"
#include "experiments/config/uncertainty.hpp"
#include "model/rng.hpp"

namespace buurtsim::uncertainty {
namespace {

bool matches(const std::vector<std::string>& patterns, const ParamSpec& p) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pat) {
    if (pat == "*") return true;
    if (pat.ends_with(".*")) return config::group_of(p) == std::string_view(pat).substr(0, pat.size() - 2);
    return p.name == pat;
  });
}

bool named(const std::vector<std::string>& patterns, const ParamSpec& p) {
  return std::find(patterns.begin(), patterns.end(), p.name) != patterns.end();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The posterior's parameters that apply to e (a name@neighbourhood of a neighbourhood e does
// not have is left, with a note).
std::vector<Drawn> posterior_parameters(const config::Experiment& e, const Posterior& post,
                                        std::span<const std::string> held, std::vector<std::string>& notes) {
  std::vector<Drawn> out;
  std::vector<std::string> elsewhere;
  const auto& nbs = e.scenarios.front().neighbourhoods;
  for (std::size_t k = 0; k < post.labels.size(); ++k) {
    const std::string& label = post.labels[k];
    const auto at = label.find('@');
    const std::string name = label.substr(0, at);
    const std::optional<ParamId> id = find_param(name);
    if (!id)
      throw config::ConfigError(post.path + ": the posterior's parameter \"" + name +
                                "\" is not a parameter of this buurtsim (`buurtsim params` lists them)");
    if (std::find(held.begin(), held.end(), name) != held.end()) {
      notes.push_back("posterior parameter " + label + " not drawn: the sweep varies it");
      continue;
    }
    int nb = -1;
    if (at != std::string::npos) {
      const std::string where = label.substr(at + 1);
      const auto it = std::find_if(nbs.begin(), nbs.end(), [&](const NeighbourhoodSpec& n) { return n.name == where; });
      if (it == nbs.end()) {
        elsewhere.push_back(label);
        continue;
      }
      nb = static_cast<int>(it - nbs.begin());
    }
    out.push_back({*id, nb, label, Shape::Posterior, static_cast<double>(k), static_cast<double>(k),
                   "posterior of " + post.path});
  }
  std::string have;
  for (const auto& n : nbs) have += (have.empty() ? "" : ", ") + n.name;
  if (out.empty())
    throw config::ConfigError(post.path + ": none of the posterior's parameters (" + joined(post.labels) +
                              ") applies to " + e.source + " (its neighbourhoods: " + have + ")");
  if (!elsewhere.empty())
    notes.push_back("posterior parameters of neighbourhoods this configuration does not have, not drawn: " +
                    joined(elsewhere));
  return out;
}

// The parameters the mode draws from their declarations or registry ranges.
std::vector<Drawn> declared_parameters(const config::Experiment& e, std::span<const std::string> held,
                                       const std::vector<Drawn>& from_posterior, std::vector<std::string>& notes) {
  const Spec& s = e.uncertainty;
  const config::ModelKind* model = config::find_model_kind(e.model);
  std::vector<Drawn> out;
  std::vector<std::string> survey_level, configured, unbounded;
  const auto params = all_params();
  for (ParamId id = 0; id < params.size(); ++id) {
    const ParamSpec& p = params[id];
    const std::string name(p.name);
    const std::string_view group = config::group_of(p);
    if (!model || !config::applies(*model, group)) continue;
    const bool explicit_name = named(s.include, p);
    if (!s.include.empty() && !matches(s.include, p)) continue;
    if (matches(s.exclude, p) || std::find(held.begin(), held.end(), name) != held.end()) continue;
    if (std::any_of(from_posterior.begin(), from_posterior.end(), [&](const Drawn& d) { return d.id == id; })) continue;
    if (p.type == ParamType::Boolean || p.type == ParamType::Choice) {
      if (explicit_name)
        throw config::ConfigError(e.uncertainty.where + ": 'uncertainty.include': " + name +
                                  " is a true/false or choice parameter; only numbers are drawn");
      continue;
    }
    if (!explicit_name) {
      if (p.status == CalibrationStatus::Fixed) continue;
      if (p.status == CalibrationStatus::SurveyLevel) {
        survey_level.push_back(name);
        continue;
      }
      if (std::binary_search(s.configured.begin(), s.configured.end(), id)) {
        configured.push_back(name);
        continue;
      }
    }
    Drawn d{id, -1, name, Shape::Uniform, p.min, p.max, "uniform over the registry range"};
    if (const Declaration* dec = declared(name)) {
      d.shape = dec->shape;
      d.a = dec->a;
      d.b = dec->b;
      d.why = std::string(dec->reason);
    } else if (!std::isfinite(p.min) || !std::isfinite(p.max)) {
      unbounded.push_back(name);
      continue;
    }
    out.push_back(std::move(d));
  }
  if (!survey_level.empty())
    notes.push_back(std::string("survey-level parameters held at their configured values (their uncertainty is a "
                                "calibration's; ") +
                    (s.posterior.empty() ? "give --posterior CAL.h5 to draw them" : "not in the posterior") +
                    "): " + joined(survey_level));
  if (!configured.empty())
    notes.push_back(
        "parameters the configuration sets per neighbourhood, per scenario or by --set, held (name them "
        "in [uncertainty] include to draw them): " +
        joined(configured));
  if (!unbounded.empty())
    notes.push_back("parameters with an unbounded registry range and no declared distribution, held: " +
                    joined(unbounded));
  return out;
}

std::size_t particle_at(const std::vector<double>& cumulative, double u) {
  const double target = u * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

double drawn_value(const config::Experiment& e, const Drawn& d, std::size_t r, int attempt, const Posterior* post,
                   std::size_t particle) {
  const ParamSpec& p = param(d.id);
  double v = 0;
  if (d.shape == Shape::Posterior) {
    v = post->samples[particle * post->labels.size() + static_cast<std::size_t>(d.a)];
  } else {
    Draws draws({e.settings.seed, static_cast<std::uint32_t>(r)}, experiment_streams::parameter_draw, attempt,
                stream_id(d.label));
    const double u = draws.uniform();
    v = d.a + u * (d.b - d.a);
    if (d.shape == Shape::Relative) v *= p.get(e.scenarios.front().params);
    if (p.type == ParamType::Integer) v = std::round(v);
    v = std::clamp(v, p.min, p.max);
  }
  return v;
}

}  // namespace

void draw(config::Experiment& e, const Posterior* posterior, std::span<const std::string> held) {
  Spec& s = e.uncertainty;
  s.drawn.clear();
  s.draws.clear();
  s.attempt.clear();
  s.particle.clear();
  s.notes.clear();
  if (!s.requested()) return;
  std::vector<Drawn> from_posterior;
  if (posterior) {
    from_posterior = posterior_parameters(e, *posterior, held, s.notes);
    s.posterior_checksum = posterior->checksum;
  }
  if (s.mode == Mode::Declared) s.drawn = declared_parameters(e, held, from_posterior, s.notes);
  s.drawn.insert(s.drawn.end(), from_posterior.begin(), from_posterior.end());
  if (s.drawn.empty()) {
    s.notes.push_back("parameter uncertainty: no parameter is drawn (every one is held)");
    return;
  }
  std::vector<double> cumulative;
  if (posterior) {
    double sum = 0;
    for (const double w : posterior->weights) cumulative.push_back(sum += w);
  }
  const auto replicates = static_cast<std::size_t>(e.replicates);
  const std::size_t n = s.drawn.size();
  s.draws.assign(replicates * n, std::numeric_limits<double>::quiet_NaN());
  s.attempt.assign(replicates, -1);
  s.particle.assign(replicates, -1);
  std::vector<config::Override> overrides(n);
  for (std::size_t r = 0; r < replicates; ++r) {
    std::string broken;
    for (int attempt = 0; attempt < kAttempts && s.attempt[r] < 0; ++attempt) {
      std::size_t particle = 0;
      if (posterior) {
        Draws d({e.settings.seed, static_cast<std::uint32_t>(r)}, experiment_streams::posterior_draw, attempt, 0);
        particle = particle_at(cumulative, d.uniform());
      }
      for (std::size_t k = 0; k < n; ++k)
        overrides[k] = {s.drawn[k].id, drawn_value(e, s.drawn[k], r, attempt, posterior, particle),
                        s.drawn[k].neighbourhood};
      broken.clear();
      for (const ScenarioSpec& scenario : e.scenarios) {
        ScenarioSpec copy = scenario;
        const auto wrong = config::apply_overrides(copy, overrides, e.settings, e.file_weeks);
        if (!wrong.empty()) {
          broken = "scenario \"" + scenario.name + "\": " + (wrong[0].key.empty() ? "" : "'" + wrong[0].key + "': ") +
                   wrong[0].message;
          break;
        }
      }
      if (!broken.empty()) continue;
      s.attempt[r] = attempt;
      s.particle[r] = posterior ? static_cast<std::int32_t>(particle) : -1;
      for (std::size_t k = 0; k < n; ++k) s.draws[r * n + k] = overrides[k].value;
    }
    if (s.attempt[r] < 0)
      throw config::ConfigError(
          e.source + ": [uncertainty]: replicate " + std::to_string(r) + ": none of " + std::to_string(kAttempts) +
          " keyed draws of the uncertain parameters passes the model's rules; the last broke " + broken +
          "; narrow the parameters' declared distributions (model/params/uncertainty.def) "
          "or exclude them ([uncertainty] exclude)");
  }
}

std::vector<config::Override> overrides_for(const Spec& s, std::size_t replicate) {
  std::vector<config::Override> out;
  if (!s.active()) return out;
  const std::size_t n = s.drawn.size();
  for (std::size_t k = 0; k < n; ++k)
    out.push_back({s.drawn[k].id, s.draws[replicate * n + k], s.drawn[k].neighbourhood});
  return out;
}

ScenarioSpec with_draws(const config::Experiment& e, const ScenarioSpec& scenario, std::size_t replicate) {
  ScenarioSpec copy = scenario;
  const auto overrides = overrides_for(e.uncertainty, replicate);
  if (overrides.empty()) return copy;
  const auto wrong = config::apply_overrides(copy, overrides, e.settings, e.file_weeks);
  if (!wrong.empty())
    throw config::ConfigError(e.source + ": [uncertainty]: replicate " + std::to_string(replicate) +
                              "'s parameter draws break a rule in scenario \"" + scenario.name +
                              "\": " + (wrong[0].key.empty() ? "" : "'" + wrong[0].key + "': ") + wrong[0].message);
  return copy;
}

}  // namespace buurtsim::uncertainty
