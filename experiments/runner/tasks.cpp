#include "experiments/runner/tasks.hpp"

#include <mpi.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "experiments/runner/interrupt.hpp"

namespace buurtsim::dist {
namespace {

bool g_mpi = false;
int g_rank = 0, g_size = 1, g_here = 1;

// Messages between rank 0 (the server) and the workers.
enum Tag : int {
  kAsk = 1,     // worker -> 0: give me a task (first request)
  kResult = 2,  // worker -> 0: [id, values...]; also asks for the next task
  kFailed = 3,  // worker -> 0: compute threw (chars: the message); also asks for the next task
  kQuit = 4,    // worker -> 0: interrupted, asks nothing more
  kTask = 5,    // 0 -> worker: the task id (uint64)
  kStop = 6,    // 0 -> worker: nothing more to do
};

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK") || std::getenv("PMI_RANK");
}

// The tasks still to hand out, shared by rank 0's compute thread and its server.
class Queue {
 public:
  explicit Queue(std::span<const std::uint64_t> tasks) : tasks_(tasks) {}
  std::optional<std::uint64_t> take() {
    std::lock_guard lock(m_);
    if (!failure_.empty() || run::interrupted() || next_ == tasks_.size()) return std::nullopt;
    return tasks_[next_++];
  }
  void fail(const std::string& message) {
    std::lock_guard lock(m_);
    if (failure_.empty()) failure_ = message.empty() ? "a task failed" : message;
  }
  std::string failure() {
    std::lock_guard lock(m_);
    return failure_;
  }
  bool all_taken() {
    std::lock_guard lock(m_);
    return next_ == tasks_.size();
  }

 private:
  std::span<const std::uint64_t> tasks_;
  std::size_t next_ = 0;
  std::string failure_;
  std::mutex m_;
};

// Computes tasks from the queue in `concurrency` parallel slots of this process.
void compute_locally(Queue& queue, const Compute& compute, const std::function<void(std::uint64_t, Result&&)>& deliver,
                     std::size_t concurrency) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, concurrency, 1),
      [&](const tbb::blocked_range<std::size_t>& slots) {
        for (std::size_t slot = slots.begin(); slot != slots.end(); ++slot) {
          while (const auto id = queue.take()) {
            Result result;
            try {
              // Isolated: a thread waiting inside this task's parallel loops never starts another
              // slot (which would hold a second task's state in memory).
              tbb::this_task_arena::isolate([&] { result = compute(*id); });
            } catch (const std::exception& e) {
              queue.fail(e.what());
              return;
            }
            if (result.empty()) return;  // abandoned: interrupted
            try {
              deliver(*id, std::move(result));
            } catch (const std::exception& e) {  // a failed write: no more tasks, here or on the workers
              queue.fail(e.what());
              return;
            }
          }
        }
      },
      tbb::simple_partitioner());
}

void send_next(Queue& queue, int worker, int& stopped) {
  if (const auto id = queue.take()) {
    const std::uint64_t v = *id;
    MPI_Send(&v, 1, MPI_UINT64_T, worker, kTask, MPI_COMM_WORLD);
  } else {
    MPI_Send(nullptr, 0, MPI_BYTE, worker, kStop, MPI_COMM_WORLD);
    ++stopped;
  }
}

// Rank 0 under MPI: serves the workers in this (the main) thread while another thread computes.
void serve(Queue& queue, const Deliver& deliver, std::mutex& deliver_mutex, const std::atomic<bool>& local_done) {
  int stopped = 0;  // workers told to stop, or gone
  while (stopped < g_size - 1 || !local_done.load()) {
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    if (!flag) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));  // idle without spinning a core
      continue;
    }
    const int worker = st.MPI_SOURCE;
    switch (st.MPI_TAG) {
      case kAsk:
        MPI_Recv(nullptr, 0, MPI_BYTE, worker, kAsk, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        send_next(queue, worker, stopped);
        break;
      case kResult: {
        int count = 0;
        MPI_Get_count(&st, MPI_DOUBLE, &count);
        Result message(static_cast<std::size_t>(count));
        MPI_Recv(message.data(), count, MPI_DOUBLE, worker, kResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        const auto id = static_cast<std::uint64_t>(message.front());
        try {
          std::lock_guard lock(deliver_mutex);
          deliver(id, Result(message.begin() + 1, message.end()));
        } catch (const std::exception& e) {
          // A failed write (a full disk): the queue fails, so every worker is told to stop and
          // run_tasks throws on rank 0 once they have, instead of waiting for them for ever.
          queue.fail(e.what());
        }
        send_next(queue, worker, stopped);
        break;
      }
      case kFailed: {
        int count = 0;
        MPI_Get_count(&st, MPI_CHAR, &count);
        std::string text(static_cast<std::size_t>(count), '\0');
        MPI_Recv(text.data(), count, MPI_CHAR, worker, kFailed, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        queue.fail("rank " + std::to_string(worker) + ": " + text);
        send_next(queue, worker, stopped);
        break;
      }
      case kQuit:
        MPI_Recv(nullptr, 0, MPI_BYTE, worker, kQuit, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        ++stopped;
        break;
      default:
        throw std::logic_error("dist: unexpected message tag " + std::to_string(st.MPI_TAG));
    }
  }
}

// A rank other than 0: asks for tasks one at a time and returns each result.
void work(const Compute& compute) {
  MPI_Send(nullptr, 0, MPI_BYTE, 0, kAsk, MPI_COMM_WORLD);
  for (;;) {
    MPI_Status st;
    std::uint64_t id = 0;
    MPI_Recv(&id, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    if (st.MPI_TAG == kStop) return;
    Result result;
    try {
      result = compute(id);
    } catch (const std::exception& e) {
      const std::string text = e.what();
      MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, kFailed, MPI_COMM_WORLD);
      continue;
    }
    if (result.empty()) {
      MPI_Send(nullptr, 0, MPI_BYTE, 0, kQuit, MPI_COMM_WORLD);
      return;
    }
    result.insert(result.begin(), static_cast<double>(id));  // ids stay below 2^53
    MPI_Send(result.data(), static_cast<int>(result.size()), MPI_DOUBLE, 0, kResult, MPI_COMM_WORLD);
  }
}

}  // namespace

void init(int& argc, char**& argv) {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  // Only the main thread calls MPI (rank 0 computes in another thread that never does).
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  g_mpi = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, g_rank, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &g_here);
  MPI_Comm_free(&node);
}

void finalize() {
  if (g_mpi) MPI_Finalize();
  g_mpi = false;
}

int rank() { return g_rank; }
int size() { return g_size; }
int ranks_here() { return g_here; }

int agree(int status) {
  if (!g_mpi) return status;
  int all = status;
  MPI_Allreduce(&status, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return all;
}

void broadcast(std::vector<double>& values) {
  if (!g_mpi) return;
  std::uint64_t n = values.size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  values.resize(n);
  MPI_Bcast(values.data(), static_cast<int>(n), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

void broadcast(std::string& text) {
  if (!g_mpi) return;
  std::uint64_t n = text.size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  text.resize(n);
  MPI_Bcast(text.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
}

Outcome run_tasks(std::span<const std::uint64_t> tasks, const Compute& compute, const Deliver& deliver,
                  std::size_t concurrency) {
  // The threads allowed (--threads; TBB's arena would report all cores).
  if (concurrency == 0) concurrency = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  Outcome outcome;
  if (g_size > 1 && g_rank != 0) {
    work(compute);
    return outcome;
  }
  Queue queue(tasks);
  std::mutex deliver_mutex;
  auto deliver_locked = [&](std::uint64_t id, Result&& r) {
    std::lock_guard lock(deliver_mutex);
    deliver(id, std::move(r));
    ++outcome.delivered;
  };
  if (g_size == 1) {
    compute_locally(queue, compute, deliver_locked, concurrency);
  } else {
    std::atomic<bool> local_done{false};
    std::exception_ptr local_error;
    std::thread local([&] {
      try {
        compute_locally(queue, compute, deliver_locked, concurrency);
      } catch (...) {
        local_error = std::current_exception();
      }
      local_done = true;
    });
    try {
      serve(
          queue,
          [&](std::uint64_t id, Result&& r) {
            deliver(id, std::move(r));
            ++outcome.delivered;
          },
          deliver_mutex, local_done);
    } catch (...) {
      local.join();
      throw;
    }
    local.join();
    if (local_error) std::rethrow_exception(local_error);
  }
  if (const std::string failure = queue.failure(); !failure.empty()) throw std::runtime_error(failure);
  outcome.stopped = outcome.delivered < tasks.size();
  return outcome;
}

}  // namespace buurtsim::dist
