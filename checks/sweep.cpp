// Sweep points of the claim checks (sweep.hpp): serial and MPI runs, points file, resume.

#include "sweep.hpp"

#include <beyondlin/errors.hpp>
#include <beyondlin/io.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#ifdef BEYONDLIN_HAVE_MPI
#include <mpi.h>
#endif

#ifdef _OPENMP
#include <omp.h>
#endif

namespace beyondlin::checks {

using json = nlohmann::ordered_json;

namespace {

constexpr const char* kPointsFormat = "beyondlin.points/1";

// ---- communicators ------------------------------------------------------------------------------

class SerialCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::string> all_gather(const std::string& mine) override { return {mine}; }
  std::string kind() const override { return "serial"; }
};

#ifdef BEYONDLIN_HAVE_MPI
/// MPI_COMM_WORLD. MPI is initialized by the constructor and finalized by the destructor (the
/// communicator is a function-local static, destroyed at exit).
class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiCommunicator() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::vector<std::string> all_gather(const std::string& mine) override {
    long long len = static_cast<long long>(mine.size());
    std::vector<long long> lens(static_cast<std::size_t>(size_));
    MPI_Allgather(&len, 1, MPI_LONG_LONG, lens.data(), 1, MPI_LONG_LONG, MPI_COMM_WORLD);
    std::vector<int> counts(lens.size()), displs(lens.size());
    long long total = 0;
    for (std::size_t r = 0; r < lens.size(); ++r) {
      if (lens[r] > (1LL << 30)) throw std::runtime_error("sweep: a rank's results exceed 1 GiB");
      counts[r] = static_cast<int>(lens[r]);
      displs[r] = static_cast<int>(total);
      total += lens[r];
      if (total > (1LL << 30)) throw std::runtime_error("sweep: the gathered results exceed 1 GiB");
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    MPI_Allgatherv(mine.data(), counts[static_cast<std::size_t>(rank_)], MPI_CHAR, all.data(), counts.data(),
                   displs.data(), MPI_CHAR, MPI_COMM_WORLD);
    std::vector<std::string> parts;
    for (std::size_t r = 0; r < lens.size(); ++r)
      parts.push_back(all.substr(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(counts[r])));
    return parts;
  }
  std::string kind() const override { return "mpi"; }
  void abort_all(int code) override { MPI_Abort(MPI_COMM_WORLD, code); }

 private:
  int rank_ = 0, size_ = 1;
};
#endif

/// Size of the MPI job from the launcher's environment (1 when not launched by MPI).
[[maybe_unused]] int launcher_size() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"})
    if (const char* v = std::getenv(var)) {
      const int n = std::atoi(v);
      if (n > 0) return n;
    }
  return 1;
}

// ---- the exact round trip ---------------------------------------------------------------------

json encode_nonfinite(const json& j) {
  if (j.is_number_float()) {
    const double x = j.get<double>();
    if (std::isnan(x)) return json{{"$float", "nan"}};
    if (std::isinf(x)) return json{{"$float", x > 0 ? "inf" : "-inf"}};
    return j;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const json& e : j) out.push_back(encode_nonfinite(e));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = encode_nonfinite(it.value());
    return out;
  }
  return j;
}

json decode_nonfinite(const json& j) {
  if (j.is_object()) {
    if (j.size() == 1 && j.contains("$float") && j["$float"].is_string()) {
      const std::string s = j["$float"].get<std::string>();
      if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
      if (s == "inf") return std::numeric_limits<double>::infinity();
      if (s == "-inf") return -std::numeric_limits<double>::infinity();
    }
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = decode_nonfinite(it.value());
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const json& e : j) out.push_back(decode_nonfinite(e));
    return out;
  }
  return j;
}

std::string seconds_str(double s) {
  char buf[32];
  if (!std::isfinite(s)) return "?";
  if (s < 100) std::snprintf(buf, sizeof buf, "%.1f s", s);
  else std::snprintf(buf, sizeof buf, "%.0f s", s);
  return buf;
}

/// Append `text` to the points file (one write(2) where possible: with O_APPEND the kernel places it
/// at the end of the file as a whole).
void append_points(int fd, const std::string& text, const std::string& path) {
  if (!write_all(fd, text))
    throw std::runtime_error("cannot append to the points file \"" + path + "\": " + std::strerror(errno));
}

}  // namespace

std::shared_ptr<Communicator> serial_communicator() { return std::make_shared<SerialCommunicator>(); }

bool mpi_available() {
#ifdef BEYONDLIN_HAVE_MPI
  return true;
#else
  return false;
#endif
}

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(var)) return true;
  return false;
}

std::shared_ptr<Communicator> world_communicator() {
  if (!launched_by_mpi()) return serial_communicator();
#ifdef BEYONDLIN_HAVE_MPI
  static std::shared_ptr<Communicator> world = std::make_shared<MpiCommunicator>();
  return world;
#else
  if (launcher_size() > 1)
    throw std::runtime_error("this beyondlin was built without MPI (OpenMPI's libopenmpi-dev was not found at "
                             "configure time), so it cannot share the work of " + std::to_string(launcher_size()) +
                             " ranks: run it without mpirun, or rebuild with OpenMPI installed");
  return serial_communicator();
#endif
}

std::string encode_point(const json& result) { return encode_nonfinite(result).dump(); }

json decode_point(const std::string& text) { return decode_nonfinite(json::parse(text)); }

std::vector<int> assign_tasks(const std::vector<double>& costs, int ranks) {
  std::vector<std::size_t> order(costs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return costs[a] > costs[b]; });
  std::vector<double> load(static_cast<std::size_t>(std::max(ranks, 1)), 0.0);
  std::vector<int> owner(costs.size(), 0);
  for (std::size_t t : order) {
    const std::size_t r = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    owner[t] = static_cast<int>(r);
    load[r] += costs[t];
  }
  return owner;
}

// ---- CheckContext::sweep ------------------------------------------------------------------------

std::vector<json> CheckContext::sweep(const std::string& name, std::vector<SweepTask> tasks) const {
  if (runner) return runner->run(check_id, name, std::move(tasks), logger);
  SweepRunner local(serial_communicator(), "", false, preset_name(preset), seed);
  return local.run(check_id, name, std::move(tasks), logger);
}

// ---- SweepRunner ----------------------------------------------------------------------------------

SweepRunner::SweepRunner(std::shared_ptr<Communicator> comm, std::string points_dir, bool resume,
                         std::string preset_name, std::uint64_t seed)
    : comm_(std::move(comm)), points_dir_(std::move(points_dir)), preset_(std::move(preset_name)),
      seed_(std::to_string(seed)) {
  namespace fs = std::filesystem;
  if (const char* k = std::getenv("BEYONDLIN_TEST_KILL_AFTER_POINTS")) kill_after_ = std::atol(k);
  if (points_dir_.empty()) {
    if (resume) throw InputError("--resume", "needs a points folder");
    return;
  }
  std::error_code ec;
  if (comm_->rank() == 0) {
    if (!resume && fs::exists(points_dir_, ec)) {
      for (const fs::directory_entry& e : fs::directory_iterator(points_dir_, ec)) {
        const std::string f = e.path().filename().string();
        if (f.rfind("rank-", 0) == 0 && e.path().extension() == ".jsonl") fs::remove(e.path(), ec);
      }
    }
    fs::create_directories(points_dir_, ec);
  }
  comm_->all_gather("");  // barrier: the folder exists (and is empty unless resuming)
  if (!fs::is_directory(points_dir_))
    throw InputError("--out", "cannot create the points folder \"" + points_dir_ + "\"" + (ec ? ": " + ec.message() : ""));
  if (resume) load_records();
  comm_->all_gather("");  // every rank has read the files before anybody appends
  const std::string path = points_dir_ + "/rank-" + std::to_string(comm_->rank()) + ".jsonl";
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw InputError("--out", "cannot open the points file \"" + path + "\": " + std::strerror(errno));
  // a torn last line (killed mid-write) must not swallow the next record
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (in && in.tellg() > 0) {
    in.seekg(-1, std::ios::end);
    char last = '\n';
    in.get(last);
    if (last != '\n') append_points(fd_, "\n", path);
  }
}

SweepRunner::~SweepRunner() {
  if (fd_ >= 0) ::close(fd_);
}

void SweepRunner::load_records() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(points_dir_, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string f = it->path().filename().string();
    if (f.rfind("rank-", 0) == 0 && it->path().extension() == ".jsonl") files.push_back(it->path());
  }
  if (ec) throw InputError("--resume", "cannot list the points folder \"" + points_dir_ + "\": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::ifstream in(p);
    if (!in) throw InputError("--resume", "cannot read the points file \"" + p.string() + "\"");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      json rec;
      try {
        rec = json::parse(line);
      } catch (const std::exception&) {
        ++stats_.skipped_records;
        continue;
      }
      if (!rec.is_object() || rec.value("format", "") != kPointsFormat || rec.value("preset", "") != preset_ ||
          rec.value("seed", "") != seed_ || !rec.contains("sweep") || !rec.contains("key") || !rec.contains("result") ||
          !rec["sweep"].is_string() || !rec["key"].is_string()) {
        ++stats_.skipped_records;
        continue;
      }
      const auto id = std::make_pair(rec["sweep"].get<std::string>(), rec["key"].get<std::string>());
      done_[id] = rec["result"].dump();
      from_file_[id] = true;
    }
  }
}

void SweepRunner::append_record(const std::string& check_id, const std::string& name, const std::string& key,
                                const std::string& encoded) {
  if (fd_ < 0) return;
  json rec = json::object();
  rec["format"] = kPointsFormat;
  rec["preset"] = preset_;
  rec["seed"] = seed_;
  rec["check"] = check_id;
  rec["sweep"] = name;
  rec["key"] = key;
  rec["result"] = json::parse(encoded);
  append_points(fd_, rec.dump() + "\n", points_dir_);
  ++appended_;
  if (kill_after_ >= 0 && appended_ >= kill_after_) std::raise(SIGKILL);  // test hook: a kill between points
}

std::vector<json> SweepRunner::run(const std::string& check_id, const std::string& name, std::vector<SweepTask> tasks,
                                   const std::function<void(const std::string&)>& log) {
  const std::size_t M = tasks.size();
  {
    std::set<std::string> keys;
    for (const SweepTask& t : tasks) {
      if (!keys.insert(t.key).second) throw std::invalid_argument("sweep " + name + ": duplicate key \"" + t.key + "\"");
      if (!(t.cost > 0) || !std::isfinite(t.cost))
        throw std::invalid_argument("sweep " + name + ": the cost of \"" + t.key + "\" must be positive and finite");
      if (!t.compute) throw std::invalid_argument("sweep " + name + ": task \"" + t.key + "\" has nothing to compute");
    }
  }
  std::vector<std::string> encoded(M);
  std::vector<std::size_t> pending;
  long reused_file = 0, reused_run = 0;
  for (std::size_t i = 0; i < M; ++i) {
    const auto id = std::make_pair(name, tasks[i].key);
    const auto it = done_.find(id);
    if (it == done_.end()) {
      pending.push_back(i);
      continue;
    }
    encoded[i] = it->second;
    if (from_file_.count(id) && from_file_[id]) {
      ++reused_file;
      from_file_[id] = false;  // counted once; later sweeps of the same name count it as shared
    } else {
      ++reused_run;
    }
  }
  stats_.resumed += reused_file;
  stats_.shared += reused_run;
  if (log && (reused_file > 0 || reused_run > 0))
    log("sweep " + name + ": " + std::to_string(reused_file) + " of " + std::to_string(M) +
        " points from the points file (--resume), " + std::to_string(reused_run) + " shared with an earlier sweep");

  // this rank's share of the pending points
  std::vector<double> costs;
  for (std::size_t i : pending) costs.push_back(tasks[i].cost);
  const std::vector<int> owner = assign_tasks(costs, comm_->size());
  std::vector<std::size_t> mine;
  double my_cost = 0;
  for (std::size_t k = 0; k < pending.size(); ++k)
    if (owner[k] == comm_->rank()) {
      mine.push_back(pending[k]);
      my_cost += tasks[pending[k]].cost;
    }

  // This rank's points, most expensive first. With OMP_NUM_THREADS > 1 they run concurrently, one
  // point per thread; inside a point every OpenMP region and Eigen product is then sequential
  // (nested parallelism is off), so a point's result never depends on the thread count.
  std::stable_sort(mine.begin(), mine.end(),
                   [&](std::size_t a, std::size_t b) { return tasks[a].cost > tasks[b].cost; });
  const auto t0 = std::chrono::steady_clock::now();
  auto last_log = t0;
  double cost_done = 0;
  std::size_t finished = 0;
  std::vector<std::string> errors(M);
  std::atomic<bool> stop{false};
  const long count = static_cast<long>(mine.size());
  int threads = 1;
#ifdef _OPENMP
  threads = count > 1 ? std::min<long>(omp_get_max_threads(), count) : 1;
#endif
  auto work = [&](long j) {
    if (stop) return;  // no new point after an error; the others learn it at the gather
    const std::size_t i = mine[static_cast<std::size_t>(j)];
    std::string enc, err;
    try {
      enc = encode_point(decode_point(encode_point(tasks[i].compute())));  // the text every copy gets
    } catch (const std::exception& e) {
      err = e.what();
      if (err.empty()) err = "unknown error";
    }
#ifdef _OPENMP
#pragma omp critical(beyondlin_sweep_io)
#endif
    {
      if (!err.empty()) {
        errors[i] = err;
        stop = true;
      } else {
        encoded[i] = enc;
        try {
          append_record(check_id, name, tasks[i].key, enc);
        } catch (const std::exception& e) {  // e.g. the disk is full: fail the sweep, on every rank
          errors[i] = e.what();
          stop = true;
        }
        cost_done += tasks[i].cost;
        ++finished;
        const auto now = std::chrono::steady_clock::now();
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        const bool last = finished == mine.size();
        if (log && (last || std::chrono::duration<double>(now - last_log).count() >= log_interval_s)) {
          last_log = now;
          const double eta = cost_done > 0 ? elapsed * (my_cost - cost_done) / cost_done : NAN;
          const std::string who = comm_->size() > 1 ? " on rank 0 (" + std::to_string(mine.size()) + " of " +
                                                          std::to_string(pending.size()) + " pending points; " +
                                                          std::to_string(comm_->size()) + " ranks)"
                                                    : "";
          log("sweep " + name + ": point " + std::to_string(finished) + " of " + std::to_string(mine.size()) + who +
              " (" + tasks[i].key + "), elapsed " + seconds_str(elapsed) + ", ETA " + seconds_str(last ? 0.0 : eta) +
              (threads > 1 ? " [" + std::to_string(threads) + " threads]" : ""));
        }
      }
    }
  };
  if (threads > 1) {
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long j = 0; j < count; ++j) work(j);
#endif
  } else {
    for (long j = 0; j < count; ++j) work(j);
  }
  json payload = json::array();
  for (std::size_t i : mine) {
    if (!errors[i].empty()) payload.push_back(json{{"i", i}, {"e", errors[i]}});
    else if (!encoded[i].empty()) payload.push_back(json{{"i", i}, {"r", encoded[i]}});
  }

  // gather every rank's results
  const std::vector<std::string> parts = comm_->all_gather(payload.dump());
  std::size_t first_error = M;
  std::string error_message;
  for (const std::string& part : parts) {
    for (const json& e : json::parse(part)) {
      const std::size_t i = e["i"].get<std::size_t>();
      if (e.contains("e")) {
        if (i < first_error) {
          first_error = i;
          error_message = e["e"].get<std::string>();
        }
        continue;
      }
      encoded[i] = e["r"].get<std::string>();
    }
  }
  if (first_error < M)
    throw std::runtime_error("sweep " + name + ", point " + tasks[first_error].key + ": " + error_message);
  for (std::size_t i : pending) {
    done_[std::make_pair(name, tasks[i].key)] = encoded[i];
    ++stats_.computed;
  }
  std::vector<json> out;
  out.reserve(M);
  for (std::size_t i = 0; i < M; ++i) out.push_back(decode_point(encoded[i]));
  return out;
}

}  // namespace beyondlin::checks
