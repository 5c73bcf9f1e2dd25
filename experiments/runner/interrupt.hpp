#pragma once
// SIGINT/SIGTERM: the first signal asks the work to stop at the next safe point (between
// weeks); the command then saves what it finished and exits 130.
namespace buurtsim::run {

void install_interrupt_handlers();
bool interrupted();

}  // namespace buurtsim::run
