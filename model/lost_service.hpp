#pragma once
// Step 10, the part of the weekly outcomes that shows what approaches' redeployed hours cost the
// baseline service: the regular work each organisation lost (model/capacity.hpp says which), and
// the hours each organisation redeployed (the cost-benefit analysis values them by that loss).
#include "model/outcomes.hpp"
#include "model/world.hpp"

namespace buurtsim {

// Writes this week's lost_*_hours outcomes of every neighbourhood into `out`.
void measure_lost_service(const World& w, OutcomeTable& out);

}  // namespace buurtsim
