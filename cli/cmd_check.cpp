// `beyondlin check list|run ID...|all`: run the numerical checks of the paper's claims (SPEC §6,
// DESIGN.md §2) and write the report folder (REPORT.md, results.json). The claims, their
// measurements and the report live in checks/ (registry.hpp, report.hpp); this file only parses
// options, runs the selected checks with progress on stderr, and sets the exit status:
// 0 every selected check PASS, PROVED or SKIP; 1 some check FAILs; 2 bad usage (e.g. an unknown id).

#include "cli_util.hpp"
#include "commands.hpp"

#include <registry.hpp>
#include <report.hpp>

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
  cmd->add_option("--out", a.out, "report folder (created if needed): REPORT.md, results.json")->capture_default_str();
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

/// Run the checks, print progress, write the report and a JSON summary to stdout; return the exit status.
int run_checks(const std::vector<const checks::Check*>& selected, const CheckArgs& a) {
  single_thread_unless_requested();
  checks::CheckContext ctx;
  ctx.preset = checks::parse_preset(a.preset);
  ctx.seed = parse_seed(a.seed);
  {  // fail before the (long) run when the report folder cannot be made
    std::error_code ec;
    std::filesystem::create_directories(a.out, ec);
    if (ec || !std::filesystem::is_directory(a.out))
      throw InputError("--out", "cannot create the report folder \"" + a.out + "\"" + (ec ? ": " + ec.message() : ""));
  }
  const std::size_t N = selected.size();
  std::vector<checks::CheckResult> results;
  results.reserve(N);
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < N; ++k) {
    const checks::Check& c = *selected[k];
    const std::string prefix = "[" + std::to_string(k + 1) + "/" + std::to_string(N) + "] " + c.info.id;
    ctx.logger = [&](const std::string& line) { std::cerr << "      " << c.info.id << ": " << line << std::endl; };
    checks::CheckResult r = checks::run_check(c, ctx);
    char buf[64];
    std::snprintf(buf, sizeof buf, " (%.2f s)", r.elapsed_s);
    std::cerr << prefix << " ... " << checks::verdict_name(r.verdict) << buf << std::endl;
    results.push_back(std::move(r));
  }
  checks::ReportMeta meta;
  meta.preset = ctx.preset;
  meta.seed = ctx.seed;
  meta.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  checks::write_report(a.out, results, meta);

  json doc = json::object();
  doc["schema"] = "beyondlin.check-summary/1";
  json context = result_context("check", ctx.seed, "double");
  context["preset"] = a.preset;
  doc["context"] = std::move(context);
  doc["report"] = {{"markdown", a.out + "/REPORT.md"}, {"json", a.out + "/results.json"}};
  int fails = 0;
  json list = json::array();
  for (const checks::CheckResult& r : results) {
    if (r.verdict == checks::Verdict::fail) ++fails;
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
  doc["elapsed_s"] = meta.elapsed_s;
  emit(doc, "");
  std::cerr << "check: " << (N - static_cast<std::size_t>(fails)) << "/" << N << " without FAIL; report in " << a.out
            << "/REPORT.md" << std::endl;
  return fails > 0 ? 1 : 0;
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
