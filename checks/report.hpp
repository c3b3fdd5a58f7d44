#pragma once
/// @file report.hpp
/// The report of `beyondlin check` (DESIGN.md §2): a folder with
///   - `REPORT.md`: a summary table of all claims (id, title, provenance, verdict, worst margin,
///     time), then one section per claim (SPEC reference, provenance label, statement,
///     parameters, a table of predicted vs measured with error, tolerance and margin, the worst
///     case and the basis of each tolerance, verdict, notes, figures);
///   - `results.json`: strict JSON `{"schema": "beyondlin.report/1", "context": {...}, "summary": {...},
///     "results": [...]}`; non-finite numbers are written as the strings "nan", "inf", "-inf";
///   - figures (SVG), from a later issue: `render_figures` is the hook, and every Figure of a result
///     is linked from its section.
/// Every file is written atomically (write_file_atomic).

#include "registry.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace beyondlin::checks {

/// What the report says about the run as a whole.
struct ReportMeta {
  Preset preset = Preset::standard;
  std::uint64_t seed = 1;
  double elapsed_s = 0;              ///< wall time of all checks together
  std::string command = "check";     ///< the CLI command, for the context block
};

/// Replace every non-finite number inside j (recursively) by the string "nan", "inf" or "-inf".
nlohmann::ordered_json sanitize_json(const nlohmann::ordered_json& j);

/// The JSON form of one measurement / one result (strict JSON).
nlohmann::ordered_json measurement_to_json(const Measurement& m);
nlohmann::ordered_json result_to_json(const CheckResult& r);

/// The whole results.json document.
nlohmann::ordered_json report_json(const std::vector<CheckResult>& results, const ReportMeta& meta);

/// The whole REPORT.md text.
std::string report_markdown(const std::vector<CheckResult>& results, const ReportMeta& meta);

/// Hook for the figures of a later issue: renders the figures of `results` into `dir` and
/// records them in each result's `figures`. Currently renders nothing.
void render_figures(const std::string& dir, std::vector<CheckResult>& results);

/// Create `dir` (and parents) if needed, render figures, write REPORT.md and results.json
/// atomically. Throws InputError("--out", ...) when the folder cannot be created or written.
void write_report(const std::string& dir, std::vector<CheckResult>& results, const ReportMeta& meta);

}  // namespace beyondlin::checks
