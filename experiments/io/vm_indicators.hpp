#pragma once
// The Veiligheidsmonitor's own names for the survey indicators the model has, so that a figure
// copied from a VM table or report can keep its name in an observed-data file
// (docs/calibration.md, "Veiligheidsmonitor names"). Matching ignores case, accents written as
// plain letters, spaces, hyphens and punctuation ("Voelt zich weleens onveilig in eigen buurt"
// and "voelt zich wel eens onveilig in de eigen buurt (%)" both match).
#include <span>
#include <string_view>

namespace buurtsim::calibration {

struct VmName {
  std::string_view vm;         // as the VM writes it
  std::string_view indicator;  // the model's survey indicator
};

// The whole table, in documentation order.
std::span<const VmName> vm_names();

// The model's indicator for a VM name, or an empty view when `written` is none of them.
std::string_view indicator_for_vm_name(std::string_view written);

}  // namespace buurtsim::calibration
