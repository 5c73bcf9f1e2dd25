#pragma once
// Numbered tasks spread over threads and, under mpirun, over MPI ranks (docs/usage.md: rank 0
// alone writes; the numbers do not depend on the number of ranks or threads). The same
// distributor serves `sweep` (a task is a design point), `calibrate` (a task is one proposal
// of a generation) and `run`.
//
// Dynamic assignment: rank 0 hands out the next task to whichever rank asks (a worker asks by
// returning its previous result), so uneven tasks balance. Rank 0 computes tasks too, in a
// thread beside the one that serves the workers. Every result travels to rank 0, where
// `deliver` sees it; each task's result must be a pure function of its number, so which rank
// or thread computed it never shows.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace buurtsim::dist {

// Starts MPI when the process was launched by mpirun (OpenMPI or PMIx environment); a plain
// process stays a group of one without touching MPI. Call once, first thing in main.
void init(int& argc, char**& argv);
// Ends MPI if it was started. Call once, last thing in main.
void finalize();

int rank();
int size();
// Ranks on this machine (1 without MPI): they share its cores.
int ranks_here();
inline bool is_root() { return rank() == 0; }

// Collective: every rank passes its status; all get the largest (so a failure on one rank
// makes every rank exit with it).
int agree(int status);
// Collective: rank 0's value replaces the others'.
void broadcast(std::vector<double>& values);
void broadcast(std::string& text);

using Result = std::vector<double>;
// Computes task `id` on whichever rank and thread is free. May run concurrently on several
// threads of one process. An empty result means "abandoned" (interrupted): not delivered.
using Compute = std::function<Result(std::uint64_t id)>;
// Receives a finished task on rank 0, one call at a time, in no particular order.
using Deliver = std::function<void(std::uint64_t id, Result&& result)>;

struct Outcome {
  std::size_t delivered = 0;  // tasks delivered (rank 0; 0 on other ranks)
  bool stopped = false;       // interrupted before every task was handed out and delivered
};

// Collective: every rank calls it with the same task list. Tasks are handed out in list order;
// after an interruption (run::interrupted() on rank 0 or a worker) no new task starts. An
// exception thrown by `compute` on any rank, or by `deliver` on rank 0, stops the hand-out and is
// rethrown on rank 0 (as std::runtime_error with its message) after the tasks in flight end; the
// other ranks return.
// `concurrency`: how many tasks one process computes at once (0: as many as TBB threads).
Outcome run_tasks(std::span<const std::uint64_t> tasks, const Compute& compute, const Deliver& deliver,
                  std::size_t concurrency = 0);

}  // namespace buurtsim::dist
