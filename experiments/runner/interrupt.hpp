#pragma once
// SIGINT/SIGTERM: the first signal asks the work to stop at the next safe point (between
// weeks); the command then saves what it finished and exits 130.
namespace buurtsim::run {

// Installs the handlers, then unblocks both signals (the launcher holds them until then).
void install_interrupt_handlers();
bool interrupted();

}  // namespace buurtsim::run
