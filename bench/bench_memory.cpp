// bench_memory: peak resident memory of ONE gradient at (n, m, d) = (4096, 4096, 512).
//
// Usage: bench_memory OBJECTIVE [--phases] [n m d]     OBJECTIVE = randomized | quadratic | none
// ("none" builds the instance only: the baseline). Run one objective per process so that the
// peaks do not mix; bench/memory.sh does this, under /usr/bin/time -v as a second opinion.
//
// Budget (DESIGN.md §4 target): peak RSS <= 4 x (bytes of X, W0, W and one n x m double matrix).
// The figure compared with the budget is the whole-process peak (getrusage ru_maxrss). After each
// phase (instance, objective constructor, gradient) the program prints the current RSS and the
// peak so far (/proc/self/status VmRSS, VmHWM), which shows in which phase the peak was reached.
// With --phases, the peak is reset at the start of each phase (writing "5" to
// /proc/self/clear_refs, Linux >= 4.0) so that each phase reports its own peak; that reset also
// lowers ru_maxrss and what /usr/bin/time sees, so the process peak is then the largest phase peak.
// Exit status 0 whether or not the budget is met: this is a measurement, not a test.

#include <beyondlin/instance.hpp>
#include <beyondlin/objective.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

namespace {

/// Value in bytes of a "Key:   123 kB" line of /proc/self/status, or -1.
long long proc_status_bytes(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  const std::string k = std::string(key) + ":";
  while (std::getline(f, line))
    if (line.compare(0, k.size(), k) == 0) return std::atoll(line.c_str() + k.size()) * 1024LL;
  return -1;
}

/// Reset VmHWM to the current RSS; false when the kernel refuses.
bool reset_peak() {
  std::ofstream f("/proc/self/clear_refs");
  if (!f) return false;
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

double mib(long long b) { return static_cast<double>(b) / (1024.0 * 1024.0); }

/// One phase of the run; with `reset`, its peak is its own (see the file comment).
class Phase {
 public:
  explicit Phase(bool reset) : reset_(reset && reset_peak()), refused_(reset && !reset_) {}
  /// Prints the phase line and returns the peak seen (VmHWM) in bytes.
  long long report(const char* name) const {
    const long long peak = proc_status_bytes("VmHWM");
    std::printf("phase %-22s rss_after %8.1f MiB   %s %8.1f MiB%s\n", name, mib(proc_status_bytes("VmRSS")),
                reset_ ? "phase peak" : "peak so far", mib(peak), refused_ ? "  (clear_refs refused)" : "");
    return peak;
  }

 private:
  bool reset_, refused_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string which = "randomized";
  bool phases = false;
  int sizes[3] = {4096, 4096, 512}, nsizes = 0;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--phases") phases = true;
    else if (k == 1) which = arg;
    else if (nsizes < 3) sizes[nsizes++] = std::atoi(argv[k]);
  }
  if ((which != "randomized" && which != "quadratic" && which != "none") || sizes[0] < 1 || sizes[1] < 2 ||
      sizes[2] < 1) {
    std::fprintf(stderr, "usage: bench_memory randomized|quadratic|none [--phases] [n m d]\n");
    return 2;
  }
  beyondlin::InstanceOptions opt;
  opt.n = sizes[0];
  opt.m = sizes[1];
  opt.d = sizes[2];
  opt.activation = beyondlin::Activation::sincos;
  opt.loss = beyondlin::Loss::square;
  opt.init = beyondlin::Init::symmetric;
  opt.movement = "generic";
  opt.data = "sphere";
  opt.seed = 1;

  const long long b8 = 8;
  const long long bytes_X = b8 * opt.n * opt.d, bytes_W = b8 * opt.m * opt.d, bytes_nm = b8 * opt.n * opt.m;
  const long long essential = bytes_X + 2 * bytes_W + bytes_nm;  // X, W0, W, one n x m matrix
  const long long budget = 4 * essential;
  std::printf("objective %s  (n, m, d) = (%d, %d, %d)%s\n", which.c_str(), opt.n, opt.m, opt.d,
              phases ? "  [--phases: peak reset per phase]" : "");
  std::printf("bytes X       %12lld (%7.1f MiB)\n", bytes_X, mib(bytes_X));
  std::printf("bytes W0      %12lld (%7.1f MiB)\n", bytes_W, mib(bytes_W));
  std::printf("bytes W       %12lld (%7.1f MiB)\n", bytes_W, mib(bytes_W));
  std::printf("bytes n x m   %12lld (%7.1f MiB)\n", bytes_nm, mib(bytes_nm));
  std::printf("sum           %12lld (%7.1f MiB)\n", essential, mib(essential));
  std::printf("budget 4x sum %12lld (%7.1f MiB)\n", budget, mib(budget));
  std::printf("phase %-22s rss_after %8.1f MiB\n", "start", mib(proc_status_bytes("VmRSS")));

  long long max_phase_peak = proc_status_bytes("VmHWM");
  auto note = [&](long long p) { max_phase_peak = p > max_phase_peak ? p : max_phase_peak; };
  beyondlin::Instance<double> inst;
  {
    Phase p(phases);
    inst = beyondlin::generate_instance(opt);
    note(p.report("generate_instance"));
  }
  if (which != "none") {
    std::unique_ptr<beyondlin::Objective<double>> F;
    {
      Phase p(phases);
      F = std::make_unique<beyondlin::Objective<double>>(inst, beyondlin::parse_objective(which));
      note(p.report("objective constructor"));
    }
    {
      Phase p(phases);
      const beyondlin::Vector<double> w = beyondlin::Objective<double>::flatten(inst.W);
      beyondlin::Vector<double> g;
      const double value = F->gradient(w, g);
      note(p.report("gradient"));
      std::printf("value %.17g  |grad|_2 %.6g\n", value, g.norm());
    }
  }
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  // ru_maxrss is in KiB on Linux; after a clear_refs reset it no longer covers earlier phases.
  const long long ru_peak = static_cast<long long>(ru.ru_maxrss) * 1024LL;
  const long long peak = phases ? max_phase_peak : ru_peak;
  std::printf("peak_rss      %12lld (%7.1f MiB)  = %.2f x sum, %.0f%% of budget: %s  [%s]\n", peak, mib(peak),
              static_cast<double>(peak) / static_cast<double>(essential),
              100.0 * static_cast<double>(peak) / static_cast<double>(budget),
              peak <= budget ? "within budget" : "OVER BUDGET",
              phases ? "largest phase peak" : "getrusage ru_maxrss");
  return 0;
}
