#pragma once
// The VBA agenda (docs/odd.md section 12; model/approaches/vba/README.md): the problems residents
// raise, how much a resident experiences each, which organisation does what on each, the state
// each item changes (its level on a part's blocks), and the stochastic choice of the agenda.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/rng.hpp"
#include "model/world.hpp"

namespace buurtsim::approaches::vba {

// The problems residents raise in the sources (000, 001; docs/approaches/vba.md).
enum ItemKind : std::size_t {
  kDisorderItem,     // disorder and litter
  kNuisanceItem,     // nuisance and youth
  kTrafficItem,      // traffic and parking
  kCrimeItem,        // burglary and other crime
  kPublicSpaceItem,  // lighting and the state of public space
  kNeighboursItem,   // trouble between neighbours
  kItemKinds
};

inline constexpr std::array<std::string_view, kItemKinds> kItemNames = {"disorder", "nuisance",     "traffic",
                                                                        "crime",    "public_space", "neighbours"};

// What an organisation's hours do on an item (none: the item has no task of that organisation).
enum class ItemWork : std::uint8_t {
  none,
  cleanup,      // removes disorder on the part's blocks (environment)
  maintenance,  // the corporation's clean-up and repairs around its dwellings (environment)
  traffic,      // traffic and parking measures (environment)
  patrol,       // police presence spread over the part's blocks (presence)
  hot_spots,    // police presence on the part's blocks in proportion to their recent incidents (presence)
  calm,         // lowers ordinary residents' nuisance: youth work, mediation (care), BOAs (enforcement)
  tenancy,      // the corporation's tenancy measures, on its share of each block (enforcement)
};

// The work and the task (booked as) of organisation org on item kind `item`.
struct OrgWork {
  ItemWork work;
  ApproachTask task;
};
OrgWork org_work(Organisation org, std::size_t item);
// What an organisation does when no agenda item has a task of its own (its regular work in the
// part, or its share of the outreach).
OrgWork org_default(Organisation org);

// Whether residents take part in carrying out the item: a clean-up action, a walk through the
// part (schouw), a street meeting.
inline constexpr bool residents_take_part(std::size_t item) {
  return item == kDisorderItem || item == kPublicSpaceItem || item == kNeighboursItem;
}

// The chance (0-1) that resident id names the item as a problem, from the state the resident
// experiences (docs/odd.md section 12 lists the choice for each item).
double experience(const World& w, std::uint32_t id, std::size_t item);

// The state an item's work changes, on the given blocks: disorder (disorder, public space), the
// mean nuisance seen by their adults (nuisance, neighbours), the running weekly incident count
// (crime), traffic nuisance (traffic).
double level(const World& w, const std::vector<std::uint32_t>& blocks, std::size_t item);

// Plackett-Luce draw of up to `k` items without replacement: item i is drawn next with
// probability proportional to exp(beta x share[i]) among the items not yet drawn whose share is
// above 0 and that are allowed; writes them to `out` in the order drawn and returns how many.
std::size_t draw_agenda(const std::array<double, kItemKinds>& share, const std::array<bool, kItemKinds>& allowed,
                        double beta, std::size_t k, Draws& d, std::array<std::size_t, kItemKinds>& out);

}  // namespace buurtsim::approaches::vba
