#include "experiments/io/vm_indicators.hpp"

#include <array>
#include <string>

namespace buurtsim::calibration {
namespace {

// Only figures in the same unit as the model's indicator: a VM percentage maps to a *_pct
// indicator, a VM grade or scale score to a mean. The VM reports trust in the police as a
// percentage with (much) trust, not a 0-10 mean, so trust_police_mean has no VM name here.
constexpr std::array kNames = {
    VmName{"Voelt zich weleens onveilig in eigen buurt", "unsafe_sometimes_pct"},
    VmName{"Voelt zich weleens onveilig in de buurt", "unsafe_sometimes_pct"},
    VmName{"Onveiligheidsgevoelens in de buurt", "unsafe_sometimes_pct"},
    VmName{"Voelt zich vaak onveilig in eigen buurt", "unsafe_often_pct"},
    VmName{"Voelt zich vaak onveilig in de buurt", "unsafe_often_pct"},
    VmName{"Rapportcijfer veiligheid buurt", "safety_rating"},
    VmName{"Rapportcijfer veiligheid in de buurt", "safety_rating"},
    VmName{"Slachtofferschap traditionele criminaliteit", "victimised_12m_pct"},
    VmName{"Slachtoffer traditionele criminaliteit", "victimised_12m_pct"},
    VmName{"Sociale cohesie", "cohesion_mean"},
    VmName{"Sociale cohesie schaalscore", "cohesion_mean"},
    VmName{"Fysieke verloedering komt vaak voor", "disorder_high_pct"},
    VmName{"Veel fysieke verloedering", "disorder_high_pct"},
    VmName{"Sociale overlast komt vaak voor", "nuisance_high_pct"},
    VmName{"Veel sociale overlast", "nuisance_high_pct"},
    VmName{"Verkeersoverlast komt vaak voor", "traffic_high_pct"},
    VmName{"Veel verkeersoverlast", "traffic_high_pct"},
    VmName{"Tevreden over functioneren politie in de buurt", "police_satisfied_pct"},
    VmName{"Tevredenheid functioneren politie in de buurt", "police_satisfied_pct"},
    VmName{"Contact met politie", "contact_police_12m_pct"},
    VmName{"Contact met de politie in de afgelopen 12 maanden", "contact_police_12m_pct"},
    VmName{"Ziet politie vaak in de buurt", "police_visible_often_pct"},
    VmName{"Vermijdt plekken in de buurt", "avoidance_pct"},
    VmName{"Meldingsbereidheid", "report_police_pct"},
    VmName{"Aangiftebereidheid", "aangifte_pct"},
    VmName{"Actief voor de buurt", "active_pct"},
    VmName{"Zich ingezet voor de buurt", "active_pct"},
    VmName{"Kent de wijkagent", "awareness_pct"},
};

// Lower-case letters and digits only; "wel eens" and "weleens" become the same, as do "de
// eigen buurt" and "eigen buurt" (the VM writes both), and a unit in brackets is dropped.
std::string key_of(std::string_view s) {
  if (const auto bracket = s.find('('); bracket != std::string_view::npos) s = s.substr(0, bracket);
  std::string k;
  for (const char c : s) {
    if (c >= 'A' && c <= 'Z') k += static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) k += c;
  }
  for (const std::string_view drop : {std::string_view("indeeigenbuurt"), std::string_view("ineigenbuurt")})
    if (const auto at = k.find(drop); at != std::string::npos) k.replace(at, drop.size(), "indebuurt");
  return k;
}

}  // namespace

std::span<const VmName> vm_names() { return kNames; }

std::string_view indicator_for_vm_name(std::string_view written) {
  const std::string k = key_of(written);
  if (k.empty()) return {};
  for (const VmName& n : kNames)
    if (key_of(n.vm) == k) return n.indicator;
  return {};
}

}  // namespace buurtsim::calibration
