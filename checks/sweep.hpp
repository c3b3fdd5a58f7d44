#pragma once
/// @file sweep.hpp
/// Independent sweep points of the claim checks (scaling laws, learning curves, seed
/// repetitions): how they are run serially or spread over MPI ranks, how each finished point is
/// appended to a points file, and how `--resume` reuses those points after a kill.
///
/// **Model.** A check splits its expensive work into `SweepTask`s. A task has a `key` that names
/// the point within its sweep ("seed=3 m=1024"), a relative `cost` (any positive unit; used only to
/// balance the ranks and to estimate the time left), and `compute`, which returns the point's
/// result as JSON and must depend only on what the key names (seeds come from the key, never from
/// shared mutable state). The check calls `ctx.sweep(name, tasks)` and receives the results in
/// task order; everything it does with them afterwards is ordinary deterministic code.
///
/// **Bit-identical results.** Every result, computed here or not, goes through the same exact
/// round trip: non-finite numbers are encoded as {"$float": "nan"|"inf"|"-inf"}, the JSON text is
/// written with the shortest digits that read back to the same double (nlohmann::json), and read
/// back. So a point read from the points file, received from another rank, or computed locally
/// gives the check the same doubles, and the report does not depend on the number of ranks, on
/// the thread count (points are computed one at a time per rank) or on resuming.
///
/// **MPI.** Under `mpirun -np N`, every rank runs every check (the cheap non-sweep parts are
/// repeated; they are deterministic); inside a sweep, tasks are assigned to ranks by a
/// deterministic longest-processing-time-first rule on the cost hints (the same assignment on
/// every rank), each rank computes its own tasks, and an all-gather gives every rank all results.
/// A point that throws on one rank makes every rank throw the same message after the gather (no
/// deadlock). Only rank 0 writes the report and logs progress.
///
/// **Points file and resume.** With a points folder set (the CLI uses `<out>/points/`), each
/// rank appends every finished point as one JSON line to `<points>/rank-<r>.jsonl` with a single
/// O_APPEND write(2) of the whole line, so a kill leaves at most a torn last line, which the
/// reader skips. A record carries {format, preset, seed, check, sweep, key, result}. With resume,
/// records of the same preset and seed are loaded from every rank file (so the number of ranks may
/// change between runs) and their points are not recomputed; without resume the folder is emptied
/// first. Points are also shared between sweeps of the same name within one run.

#include "registry.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace beyondlin::checks {

/// One independent point of a sweep (see the file comment).
struct SweepTask {
  std::string key;                              ///< unique within the sweep; names the point
  double cost = 1;                              ///< relative cost hint (> 0)
  std::function<nlohmann::ordered_json()> compute;
};

/// The group of processes of a run: one process (serial) or the ranks of MPI_COMM_WORLD.
class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Every rank passes its part; every rank receives all parts, in rank order.
  virtual std::vector<std::string> all_gather(const std::string& mine) = 0;
  /// "serial" or "mpi".
  virtual std::string kind() const = 0;
  /// Stop every rank with exit status `code` (MPI_Abort) after an error that the other ranks may
  /// not see; does nothing for one process (the caller reports the error and exits normally).
  virtual void abort_all(int code) { (void)code; }
};

/// A communicator of one process.
std::shared_ptr<Communicator> serial_communicator();

/// True when this program was built with MPI support (BEYONDLIN_HAVE_MPI).
bool mpi_available();

/// True when the process was started by an MPI launcher (mpirun / mpiexec / srun set
/// OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK in the environment).
bool launched_by_mpi();

/// MPI_COMM_WORLD when built with MPI and launched by an MPI launcher (MPI is initialized on the
/// first call and finalized at exit); the serial communicator otherwise. Throws
/// std::runtime_error when launched by MPI with more than one rank but built without MPI (each rank
/// would otherwise redo the whole run and write the same files).
std::shared_ptr<Communicator> world_communicator();

/// Exact JSON round trip of a point result (see the file comment): encode non-finite numbers,
/// dump, parse, decode. Exposed for tests.
std::string encode_point(const nlohmann::ordered_json& result);
nlohmann::ordered_json decode_point(const std::string& text);

/// Counts of a run, for the summary and tests.
struct SweepStats {
  long computed = 0;   ///< points computed by this run (all ranks together)
  long resumed = 0;    ///< points taken from the points file (--resume)
  long shared = 0;     ///< points reused from an earlier sweep of the same name in this run
  long skipped_records = 0;  ///< unreadable lines, or records of another preset/seed, ignored on resume
};

/// Runs sweeps for the checks of one `beyondlin check` invocation.
class SweepRunner {
 public:
  /// `points_dir` empty: no points file (and resume is not allowed). `preset_name` and `seed`
  /// label the records; resume reuses only records with the same labels. With `resume` false the
  /// points folder is emptied (by rank 0). Throws InputError("--out") when the folder cannot be
  /// created or a rank file cannot be opened for appending.
  SweepRunner(std::shared_ptr<Communicator> comm, std::string points_dir, bool resume, std::string preset_name,
              std::uint64_t seed);
  ~SweepRunner();
  SweepRunner(const SweepRunner&) = delete;
  SweepRunner& operator=(const SweepRunner&) = delete;

  /// Run the tasks of sweep `name` for check `check_id`; results in task order. Progress lines
  /// ("sweep S: point j of M (key), elapsed, ETA") go to `log` at most every `log_interval_s`
  /// seconds and at the end. Throws std::invalid_argument for duplicate keys or a non-positive
  /// cost, and rethrows (as std::runtime_error, on every rank) the message of a task that threw.
  std::vector<nlohmann::ordered_json> run(const std::string& check_id, const std::string& name,
                                          std::vector<SweepTask> tasks,
                                          const std::function<void(const std::string&)>& log);

  const SweepStats& stats() const { return stats_; }
  const Communicator& communicator() const { return *comm_; }
  /// Seconds between progress lines (default 2).
  double log_interval_s = 2.0;

 private:
  void append_record(const std::string& check_id, const std::string& name, const std::string& key,
                     const std::string& encoded);
  void load_records();

  std::shared_ptr<Communicator> comm_;
  std::string points_dir_, preset_, seed_;
  int fd_ = -1;
  std::map<std::pair<std::string, std::string>, std::string> done_;  ///< (sweep, key) -> encoded result
  std::map<std::pair<std::string, std::string>, bool> from_file_;
  SweepStats stats_;
  long kill_after_ = -1;  ///< test hook BEYONDLIN_TEST_KILL_AFTER_POINTS: SIGKILL itself after this many appends
  long appended_ = 0;
};

/// Assignment of tasks to ranks: longest processing time first on the cost hints, ties broken by
/// task index, each task to the least-loaded rank (lowest rank on ties). Returns the rank of each
/// task. Deterministic; exposed for tests.
std::vector<int> assign_tasks(const std::vector<double>& costs, int ranks);

}  // namespace beyondlin::checks
