// `beyondlin check list|run ID...|all`: run the numerical checks of the paper's claims (SPEC §6,
// DESIGN.md §2) and write the report folder (REPORT.md, results.json, figures/, points/). The
// claims, their measurements, the sweeps and the report live in checks/ (registry.hpp, sweep.hpp,
// report.hpp); this file only parses options, sets up the sweep runner (MPI ranks when started by
// mpirun, the points file, --resume), runs the selected checks with progress on stderr, and sets
// the exit status: 0 every selected check PASS, PROVED or SKIP; 1 some check FAILs; 2 bad usage
// (e.g. an unknown id).

#include "cli_util.hpp"
#include "commands.hpp"

#include <registry.hpp>
#include <report.hpp>
#include <sweep.hpp>

#include <beyondlin/errors.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace beyondlin::cli {
namespace {

struct CheckArgs {
  std::vector<std::string> ids;
  std::string preset = "default";
  std::string seed = "1";
  std::string out = "report";
  bool resume = false;
};

/// Parse --seed: a decimal integer in [0, 2^64 - 1]; anything else (a sign, a fraction, overflow)
/// is an InputError naming the option.
std::uint64_t parse_seed(const std::string& s) {
  const std::string msg = "must be a non-negative decimal integer below 2^64, got \"" + s + "\"";
  if (s.empty() || s.size() > 20) throw InputError("--seed", msg);
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') throw InputError("--seed", msg);
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) throw InputError("--seed", msg);
    v = v * 10 + digit;
  }
  return v;
}

/// Register --preset, --seed and --out on a `check run` or `check all` subcommand.
void add_run_options(CLI::App* cmd, CheckArgs& a) {
  cmd->add_option("--preset", a.preset,
                  "size of the run: quick (all checks in seconds), default (under a minute), full (more seeds and sizes)")
      ->check(CLI::IsMember({"quick", "default", "full"}))
      ->capture_default_str();
  cmd->add_option("--seed", a.seed, "base seed of every random instance (same seed, same report)")->capture_default_str();
  cmd->add_option("--out", a.out,
                  "report folder (created if needed): REPORT.md, results.json, figures/ (SVG + gnuplot scripts), "
                  "points/ (every finished sweep point, appended as it finishes)")
      ->capture_default_str();
  cmd->add_flag("--resume", a.resume,
                "reuse the sweep points already in <out>/points/ from an earlier (killed) run with the same --preset "
                "and --seed; only the missing points are computed, and the report is the same bit for bit");
}

/// The checks evaluate many small problems (n m d ~ 1e3-1e6), for which OpenMP teams cost more than
/// they save: on the 2-core machine, with other processes running, Eigen's parallel GEMM made the
/// quick preset ~20x slower. Unless the user set OMP_NUM_THREADS, run single-threaded. Results do
/// not depend on the thread count (DESIGN.md §1).
void single_thread_unless_requested() {
#ifdef _OPENMP
  if (std::getenv("OMP_NUM_THREADS") == nullptr) omp_set_num_threads(1);
#endif
}

std::string clock_str(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s < 100 ? "%.1f s" : "%.0f s", s);
  return buf;
}

/// Run the checks, print progress, write the report and a JSON summary to stdout; return the exit
/// status. Under MPI every rank runs this; only rank 0 logs and writes.
int run_checks_on(const std::vector<const checks::Check*>& selected, const CheckArgs& a,
                  const std::shared_ptr<checks::Communicator>& comm) {
  single_thread_unless_requested();
  checks::CheckContext ctx;
  ctx.preset = checks::parse_preset(a.preset);
  ctx.seed = parse_seed(a.seed);
  const bool root = comm->rank() == 0;
  if (root) {  // fail before the (long) run when the report folder cannot be made
    std::error_code ec;
    std::filesystem::create_directories(a.out, ec);
    if (ec || !std::filesystem::is_directory(a.out))
      throw InputError("--out", "cannot create the report folder \"" + a.out + "\"" + (ec ? ": " + ec.message() : ""));
  }
  ctx.runner = std::make_shared<checks::SweepRunner>(comm, (std::filesystem::path(a.out) / "points").string(), a.resume,
                                                     a.preset, ctx.seed);
  const std::size_t N = selected.size();
  std::vector<checks::CheckResult> results;
  results.reserve(N);
  const auto t0 = std::chrono::steady_clock::now();
  auto since_start = [&t0] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  if (root && comm->size() > 1)
    std::cerr << "check: " << comm->size() << " MPI ranks share the sweep points" << std::endl;
  for (std::size_t k = 0; k < N; ++k) {
    const checks::Check& c = *selected[k];
    const std::string prefix = "[claim " + std::to_string(k + 1) + " of " + std::to_string(N) + "] " + c.info.id;
    if (root)
      ctx.logger = [&](const std::string& line) {
        std::cerr << prefix << ": " << line << " (total " << clock_str(since_start()) << ")" << std::endl;
      };
    else
      ctx.logger = nullptr;
    checks::CheckResult r = checks::run_check(c, ctx);
    if (root) {
      char buf[96];
      std::snprintf(buf, sizeof buf, " (%.2f s; total %s)", r.elapsed_s, clock_str(since_start()).c_str());
      std::cerr << prefix << " ... " << checks::verdict_name(r.verdict) << buf << std::endl;
    }
    results.push_back(std::move(r));
  }
  int fails = 0;
  for (const checks::CheckResult& r : results)
    if (r.verdict == checks::Verdict::fail) ++fails;
  if (!root) return fails > 0 ? 1 : 0;

  checks::ReportMeta meta;
  meta.preset = ctx.preset;
  meta.seed = ctx.seed;
  meta.elapsed_s = since_start();
  meta.ranks = comm->size();
  meta.points = ctx.runner->stats();
  checks::write_report(a.out, results, meta);

  json doc = json::object();
  doc["schema"] = "beyondlin.check-summary/1";
  json context = result_context("check", ctx.seed, "double");
  context["preset"] = a.preset;
  context["ranks"] = comm->size();
  doc["context"] = std::move(context);
  doc["report"] = {{"markdown", a.out + "/REPORT.md"}, {"json", a.out + "/results.json"}};
  json list = json::array();
  for (const checks::CheckResult& r : results) {
    const double wm = r.worst_margin();
    json e = json::object();
    e["id"] = r.id;
    e["verdict"] = checks::verdict_name(r.verdict);
    e["worst_margin"] = std::isfinite(wm) ? json(wm) : json(std::isnan(wm) ? "nan" : (wm > 0 ? "inf" : "-inf"));
    e["elapsed_s"] = r.elapsed_s;
    list.push_back(std::move(e));
  }
  doc["results"] = std::move(list);
  doc["failed"] = fails;
  const checks::SweepStats& st = ctx.runner->stats();
  doc["points"] = {{"computed", st.computed}, {"resumed", st.resumed}, {"shared", st.shared},
                   {"skipped_records", st.skipped_records}};
  doc["elapsed_s"] = meta.elapsed_s;
  emit(doc, "");
  std::cerr << "check: " << (N - static_cast<std::size_t>(fails)) << "/" << N << " without FAIL; " << st.computed
            << " sweep points computed, " << st.resumed << " resumed; report in " << a.out << "/REPORT.md ("
            << clock_str(meta.elapsed_s) << ")" << std::endl;
  return fails > 0 ? 1 : 0;
}

/// run_checks_on with the world communicator (MPI ranks when started by mpirun). An error on one of
/// several ranks stops them all (MPI_Abort) with the error's exit status, after rank-tagged output.
int run_checks(const std::vector<const checks::Check*>& selected, const CheckArgs& a) {
  std::shared_ptr<checks::Communicator> comm;
  try {
    comm = checks::world_communicator();
  } catch (const std::runtime_error& e) {
    throw InputError("mpirun", e.what());
  }
  if (comm->size() == 1) return run_checks_on(selected, a, comm);
  try {
    return run_checks_on(selected, a, comm);
  } catch (const InputError& e) {
    std::cerr << "beyondlin: rank " << comm->rank() << ": " << e.what() << std::endl;
    comm->abort_all(2);
  } catch (const std::exception& e) {
    std::cerr << "beyondlin: rank " << comm->rank() << ": " << e.what() << std::endl;
    comm->abort_all(3);
  }
  return 3;
}

}  // namespace

void add_check_command(CLI::App& app, int& status) {
  CLI::App* check = app.add_subcommand(
      "check", "Run the numerical checks of the paper's claims (SPEC §6) and write a report folder");
  check->require_subcommand(1);

  CLI::App* list = check->add_subcommand("list", "List the claims: id, title, provenance label (one per line)");
  list->callback([&status] {
    for (const checks::Check& c : checks::all_checks())
      std::cout << c.info.id << "\t" << c.info.title << "\t" << c.info.provenance << "\n";
    std::cout << std::flush;
    status = 0;
  });

  auto run_args = std::make_shared<CheckArgs>();
  CLI::App* run = check->add_subcommand("run", "Run the named checks (e.g. `check run ID-3 IN-5`)");
  run->add_option("ids", run_args->ids, "claim ids (see `beyondlin check list`; case-insensitive)")->required();
  add_run_options(run, *run_args);
  run->callback([&status, run_args] {
    std::vector<const checks::Check*> selected;
    for (const std::string& id : run_args->ids) {
      const checks::Check* c = checks::find_check(id);
      if (!c) throw InputError("ids", "unknown claim id \"" + id + "\" (`beyondlin check list` shows the ids)");
      bool dup = false;
      for (const checks::Check* s : selected) dup = dup || s == c;
      if (!dup) selected.push_back(c);
    }
    status = run_checks(selected, *run_args);
  });

  auto all_args = std::make_shared<CheckArgs>();
  CLI::App* all = check->add_subcommand("all", "Run every check");
  add_run_options(all, *all_args);
  all->callback([&status, all_args] {
    std::vector<const checks::Check*> selected;
    for (const checks::Check& c : checks::all_checks()) selected.push_back(&c);
    status = run_checks(selected, *all_args);
  });
}

}  // namespace beyondlin::cli
