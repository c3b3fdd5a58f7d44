// Sweep points of the claim checks (checks/sweep.hpp): the exact JSON round trip, the assignment of
// points to ranks, the points file and --resume, and the equality of results whatever the number
// of ranks. Ranks are simulated by threads sharing an in-process all-gather (the MPI path itself
// is exercised end to end by tests/cli/sweep_mpi.sh under mpirun).

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <sweep.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using json = nlohmann::ordered_json;
using namespace beyondlin::checks;
namespace fs = std::filesystem;

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

/// A fresh empty folder under the system temp dir.
std::string temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("beyondlin-test-sweep-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

/// N ranks as threads: all_gather is a generation-counted rendezvous.
struct ThreadGroup {
  int size;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> parts;
  int arrived = 0;
  long generation = 0;
  std::vector<std::string> result;
  explicit ThreadGroup(int n) : size(n), parts(static_cast<std::size_t>(n)) {}
};

class ThreadCommunicator final : public Communicator {
 public:
  ThreadCommunicator(ThreadGroup& g, int rank) : g_(g), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return g_.size; }
  std::string kind() const override { return "threads"; }
  std::vector<std::string> all_gather(const std::string& mine) override {
    std::unique_lock<std::mutex> lock(g_.mu);
    const long gen = g_.generation;
    g_.parts[static_cast<std::size_t>(rank_)] = mine;
    if (++g_.arrived == g_.size) {
      g_.result = g_.parts;
      g_.arrived = 0;
      ++g_.generation;
      g_.cv.notify_all();
    } else {
      g_.cv.wait(lock, [&] { return g_.generation != gen; });
    }
    return g_.result;
  }

 private:
  ThreadGroup& g_;
  int rank_;
};

/// A sweep whose points are deterministic functions of their keys; `calls` counts computations.
std::vector<SweepTask> make_tasks(int n, std::atomic<int>* calls, int throw_at = -1) {
  std::vector<SweepTask> tasks;
  for (int i = 0; i < n; ++i) {
    SweepTask t;
    t.key = "i=" + std::to_string(i);
    t.cost = 1.0 + (i % 5);
    t.compute = [i, calls, throw_at] {
      if (calls) ++*calls;
      if (i == throw_at) throw std::runtime_error("point " + std::to_string(i) + " failed");
      std::mt19937_64 rng(static_cast<std::uint64_t>(1000 + i));
      json j = json::object();
      j["i"] = i;
      j["x"] = std::ldexp(static_cast<double>(rng() >> 11), -53) * std::pow(10.0, i % 40 - 20);
      j["tiny"] = 4.9406564584124654e-324 * (i + 1);  // subnormals
      j["neg0"] = -0.0;
      j["nan"] = std::numeric_limits<double>::quiet_NaN();
      j["inf"] = -std::numeric_limits<double>::infinity();
      j["v"] = json::array({1.0 / 3.0, std::sqrt(2.0) * i, 0.1 + 0.2});
      return j;
    };
    tasks.push_back(std::move(t));
  }
  return tasks;
}

/// Every double of a point result, bit for bit (NaN compared by bits too).
std::vector<std::uint64_t> point_bits(const json& j) {
  std::vector<std::uint64_t> out;
  std::function<void(const json&)> walk = [&](const json& e) {
    if (e.is_number_float()) out.push_back(bits(e.get<double>()));
    else if (e.is_number_integer()) out.push_back(static_cast<std::uint64_t>(e.get<long>()));
    else if (e.is_array() || e.is_object())
      for (const json& c : e) walk(c);
  };
  walk(j);
  return out;
}

std::vector<std::vector<std::uint64_t>> all_bits(const std::vector<json>& results) {
  std::vector<std::vector<std::uint64_t>> out;
  for (const json& r : results) out.push_back(point_bits(r));
  return out;
}

// ---- the exact round trip ---------------------------------------------------------------------

RC_GTEST_PROP(SweepRoundTrip, EveryDoubleSurvivesBitForBit, ()) {
  // any 64-bit pattern: normal, subnormal, +-0, +-inf, NaN payloads are canonicalized to one NaN
  const std::uint64_t b = *rc::gen::arbitrary<std::uint64_t>();
  const double x = from_bits(b);
  json j = json::object();
  j["x"] = x;
  j["a"] = json::array({x, -x});
  const json back = decode_point(encode_point(j));
  const double y = back["x"].get<double>();
  if (std::isnan(x)) {
    RC_ASSERT(std::isnan(y));
  } else {
    RC_ASSERT(bits(y) == bits(x));
    RC_ASSERT(bits(back["a"][1].get<double>()) == bits(-x));
  }
}

TEST(SweepRoundTrip, NonFiniteAreTaggedAndOrdinaryObjectsUntouched) {
  json j = json::object();
  j["n"] = std::numeric_limits<double>::quiet_NaN();
  j["p"] = std::numeric_limits<double>::infinity();
  j["m"] = -std::numeric_limits<double>::infinity();
  j["s"] = "nan";                  // a string stays a string
  j["o"] = json{{"$float", 1.0}};  // not a tag: the value is not a string
  const std::string text = encode_point(j);
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("null"), std::string::npos) << text;
  const json back = decode_point(text);
  EXPECT_TRUE(std::isnan(back["n"].get<double>()));
  EXPECT_EQ(back["p"].get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(back["m"].get<double>(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(back["s"].get<std::string>(), "nan");
  EXPECT_EQ(back["o"]["$float"].get<double>(), 1.0);
}

// ---- assignment of points to ranks ------------------------------------------------------------

RC_GTEST_PROP(SweepAssign, EveryTaskOnceAndLoadsBalanced, ()) {
  const int ranks = *rc::gen::inRange(1, 9);
  const std::vector<double> costs =
      *rc::gen::container<std::vector<double>>(rc::gen::map(rc::gen::inRange(1, 1000), [](int c) { return c * 0.5; }));
  const std::vector<int> owner = assign_tasks(costs, ranks);
  RC_ASSERT(owner.size() == costs.size());
  std::vector<double> load(static_cast<std::size_t>(ranks), 0.0);
  double max_cost = 0;
  for (std::size_t i = 0; i < costs.size(); ++i) {
    RC_ASSERT(owner[i] >= 0 && owner[i] < ranks);
    load[static_cast<std::size_t>(owner[i])] += costs[i];
    max_cost = std::max(max_cost, costs[i]);
  }
  // greedy LPT: every rank's load is within one task of every other's
  const auto [lo, hi] = std::minmax_element(load.begin(), load.end());
  RC_ASSERT(*hi - *lo <= max_cost);
  RC_ASSERT(assign_tasks(costs, ranks) == owner);  // deterministic
}

// ---- serial runner ----------------------------------------------------------------------------

TEST(SweepRunner, ResultsInTaskOrderAndEqualToDirectComputation) {
  std::atomic<int> calls{0};
  SweepRunner runner(serial_communicator(), "", false, "quick", 7);
  const std::vector<json> res = runner.run("T-1", "s", make_tasks(23, &calls), nullptr);
  ASSERT_EQ(res.size(), 23u);
  EXPECT_EQ(calls.load(), 23);
  const std::vector<SweepTask> again = make_tasks(23, nullptr);
  for (std::size_t i = 0; i < res.size(); ++i) {
    EXPECT_EQ(res[i]["i"].get<int>(), static_cast<int>(i));
    const json direct = again[i].compute();
    std::vector<std::uint64_t> a = point_bits(res[i]), b = point_bits(direct);
    // NaN bits may be canonicalized; everything else must be identical
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k)
      if (!std::isnan(from_bits(b[k]))) {
        EXPECT_EQ(a[k], b[k]) << "point " << i << " value " << k;
      }
  }
  EXPECT_EQ(runner.stats().computed, 23);
}

TEST(SweepRunner, SameNameIsComputedOnceAndShared) {
  std::atomic<int> calls{0};
  SweepRunner runner(serial_communicator(), "", false, "quick", 7);
  const auto a = runner.run("T-1", "shared", make_tasks(10, &calls), nullptr);
  const auto b = runner.run("T-2", "shared", make_tasks(12, &calls), nullptr);  // 10 known + 2 new
  EXPECT_EQ(calls.load(), 12);
  EXPECT_EQ(runner.stats().shared, 10);
  EXPECT_EQ(all_bits(a), all_bits(std::vector<json>(b.begin(), b.begin() + 10)));
}

TEST(SweepRunner, BadTasksAreRejected) {
  SweepRunner runner(serial_communicator(), "", false, "quick", 7);
  std::vector<SweepTask> dup = make_tasks(3, nullptr);
  dup[2].key = dup[0].key;
  EXPECT_THROW(runner.run("T", "dup", dup, nullptr), std::invalid_argument);
  std::vector<SweepTask> cost = make_tasks(3, nullptr);
  cost[1].cost = 0;
  EXPECT_THROW(runner.run("T", "cost", cost, nullptr), std::invalid_argument);
  cost[1].cost = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(runner.run("T", "cost", cost, nullptr), std::invalid_argument);
}

TEST(SweepRunner, AThrowingPointFailsTheSweepWithItsKey) {
  SweepRunner runner(serial_communicator(), "", false, "quick", 7);
  try {
    runner.run("T", "err", make_tasks(6, nullptr, 4), nullptr);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("i=4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("point 4 failed"), std::string::npos) << e.what();
  }
}

TEST(SweepRunner, ProgressLinesNameThePointAndTheTotal) {
  SweepRunner runner(serial_communicator(), "", false, "quick", 7);
  runner.log_interval_s = 0;  // every point
  std::vector<std::string> lines;
  runner.run("T", "log", make_tasks(4, nullptr), [&](const std::string& l) { lines.push_back(l); });
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[0].find("point 1 of 4"), std::string::npos) << lines[0];
  EXPECT_NE(lines[3].find("point 4 of 4"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("ETA"), std::string::npos) << lines[3];
}

TEST(SweepRunner, PointsRunConcurrentlyOnOpenMPThreadsWithTheSameResults) {
#ifdef _OPENMP
  const int saved = omp_get_max_threads();
  std::atomic<int> calls1{0}, calls3{0};
  omp_set_num_threads(1);
  SweepRunner one(serial_communicator(), "", false, "quick", 7);
  const auto a = one.run("T", "omp", make_tasks(40, &calls1), nullptr);
  omp_set_num_threads(3);
  SweepRunner three(serial_communicator(), "", false, "quick", 7);
  const auto b = three.run("T", "omp", make_tasks(40, &calls3), nullptr);
  omp_set_num_threads(saved);
  EXPECT_EQ(calls1.load(), 40);
  EXPECT_EQ(calls3.load(), 40);
  EXPECT_EQ(all_bits(a), all_bits(b));
  // an error on one thread fails the sweep with that point's key
  omp_set_num_threads(3);
  SweepRunner err(serial_communicator(), "", false, "quick", 7);
  EXPECT_THROW(err.run("T", "omp-err", make_tasks(40, nullptr, 17), nullptr), std::runtime_error);
  omp_set_num_threads(saved);
#else
  GTEST_SKIP() << "built without OpenMP";
#endif
}

// ---- points file and resume -------------------------------------------------------------------

TEST(SweepResume, FinishedPointsAreNotRecomputedAndResultsAreIdentical) {
  const std::string dir = temp_dir("resume");
  std::vector<json> first;
  {
    std::atomic<int> calls{0};
    SweepRunner runner(serial_communicator(), dir, false, "quick", 7);
    first = runner.run("T", "s", make_tasks(20, &calls), nullptr);
    EXPECT_EQ(calls.load(), 20);
  }
  // simulate a kill after 12 points: keep 12 records, and a torn 13th line
  const std::string file = dir + "/rank-0.jsonl";
  std::vector<std::string> lines;
  {
    std::ifstream in(file);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  ASSERT_EQ(lines.size(), 20u);
  {
    std::ofstream out(file, std::ios::trunc);
    for (int i = 0; i < 12; ++i) out << lines[static_cast<std::size_t>(i)] << "\n";
    out << lines[12].substr(0, lines[12].size() / 2);  // torn, no newline
  }
  std::atomic<int> calls{0};
  SweepRunner runner(serial_communicator(), dir, true, "quick", 7);
  const std::vector<json> second = runner.run("T", "s", make_tasks(20, &calls), nullptr);
  EXPECT_EQ(calls.load(), 8);
  EXPECT_EQ(runner.stats().resumed, 12);
  EXPECT_EQ(runner.stats().skipped_records, 1);  // the torn line
  EXPECT_EQ(all_bits(first), all_bits(second));
  // the new records start on a fresh line: a third run resumes everything
  std::atomic<int> calls3{0};
  SweepRunner third(serial_communicator(), dir, true, "quick", 7);
  const std::vector<json> res3 = third.run("T", "s", make_tasks(20, &calls3), nullptr);
  EXPECT_EQ(calls3.load(), 0);
  EXPECT_EQ(all_bits(first), all_bits(res3));
  fs::remove_all(dir);
}

TEST(SweepResume, RecordsOfAnotherPresetOrSeedAreIgnoredAndAFreshRunStartsEmpty) {
  const std::string dir = temp_dir("labels");
  {
    SweepRunner runner(serial_communicator(), dir, false, "quick", 7);
    runner.run("T", "s", make_tasks(5, nullptr), nullptr);
  }
  {
    std::atomic<int> calls{0};
    SweepRunner other_seed(serial_communicator(), dir, true, "quick", 8);
    other_seed.run("T", "s", make_tasks(5, &calls), nullptr);
    EXPECT_EQ(calls.load(), 5);
    EXPECT_EQ(other_seed.stats().skipped_records, 5);
  }
  {
    std::atomic<int> calls{0};
    SweepRunner fresh(serial_communicator(), dir, false, "quick", 7);  // no --resume: starts over
    fresh.run("T", "s", make_tasks(5, &calls), nullptr);
    EXPECT_EQ(calls.load(), 5);
  }
  std::ifstream in(dir + "/rank-0.jsonl");
  int n = 0;
  for (std::string l; std::getline(in, l);) ++n;
  EXPECT_EQ(n, 5);  // the fresh run emptied the folder first
  fs::remove_all(dir);
}

// ---- several ranks ----------------------------------------------------------------------------

/// Run the same sequence of sweeps on `ranks` thread-ranks; return rank 0's results (and check that
/// every rank got the same).
std::vector<std::vector<std::uint64_t>> run_ranks(int ranks, const std::string& dir, bool resume, int throw_at,
                                                  std::string* error, std::atomic<int>* calls) {
  ThreadGroup group(ranks);
  std::vector<std::vector<std::vector<std::uint64_t>>> per_rank(static_cast<std::size_t>(ranks));
  std::vector<std::string> errors(static_cast<std::size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      try {
        SweepRunner runner(std::make_shared<ThreadCommunicator>(group, r), dir, resume, "default", 3);
        auto a = runner.run("T", "a", make_tasks(17, calls, throw_at), nullptr);
        auto b = runner.run("T", "b", make_tasks(5, calls), nullptr);
        a.insert(a.end(), b.begin(), b.end());
        per_rank[static_cast<std::size_t>(r)] = all_bits(a);
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(r)] = e.what();
      }
    });
  for (std::thread& t : threads) t.join();
  for (int r = 1; r < ranks; ++r) {
    EXPECT_EQ(per_rank[static_cast<std::size_t>(r)], per_rank[0]) << "rank " << r;
    EXPECT_EQ(errors[static_cast<std::size_t>(r)], errors[0]) << "rank " << r;
  }
  if (error) *error = errors[0];
  return per_rank[0];
}

TEST(SweepRanks, ResultsAreIdenticalForOneToFiveRanks) {
  const auto one = run_ranks(1, "", false, -1, nullptr, nullptr);
  ASSERT_EQ(one.size(), 22u);
  for (int ranks = 2; ranks <= 5; ++ranks) EXPECT_EQ(run_ranks(ranks, "", false, -1, nullptr, nullptr), one) << ranks;
}

TEST(SweepRanks, EveryPointIsComputedOnceAcrossRanks) {
  std::atomic<int> calls{0};
  run_ranks(3, "", false, -1, nullptr, &calls);
  EXPECT_EQ(calls.load(), 22);
}

TEST(SweepRanks, AnErrorOnOneRankReachesEveryRankWithoutDeadlock) {
  std::string error;
  run_ranks(3, "", false, 9, &error, nullptr);
  EXPECT_NE(error.find("i=9"), std::string::npos) << error;
}

TEST(SweepRanks, ResumeWithAnotherNumberOfRanks) {
  const std::string dir = temp_dir("ranks");
  const auto three = run_ranks(3, dir, false, -1, nullptr, nullptr);
  EXPECT_TRUE(fs::exists(dir + "/rank-2.jsonl"));
  std::atomic<int> calls{0};
  const auto two = run_ranks(2, dir, true, -1, nullptr, &calls);  // the points of all three rank files are reused
  EXPECT_EQ(calls.load(), 0);
  EXPECT_EQ(two, three);
  fs::remove_all(dir);
}

}  // namespace
