#pragma once
/// @file report.hpp
/// The report of `beyondlin check` (DESIGN.md §2): a folder with
///   - `REPORT.md`: a summary table of all claims (id, title, provenance, verdict, worst margin,
///     time), then one section per claim (SPEC reference, provenance label, statement,
///     parameters, a table of predicted vs measured with error, tolerance and margin, the worst
///     case and the basis of each tolerance, verdict, notes, figures);
///   - `results.json`: strict JSON `{"schema": "beyondlin.report/1", "context": {...}, "summary": {...},
///     "results": [...]}`; non-finite numbers are written as the strings "nan", "inf", "-inf";
///   - `figures/<name>.svg` drawn by gnuplot from each Figure of a result (log-log scaling laws with
///     error bars and the predicted line), next to the gnuplot script `figures/<name>.gp` that
///     draws it (kept so that a figure can be redrawn or restyled); each is linked from its section.
/// Every file is written atomically (write_file_atomic).

#include "registry.hpp"
#include "sweep.hpp"

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
  int ranks = 1;                     ///< MPI ranks that shared the sweeps
  SweepStats points;                 ///< sweep points computed / resumed / shared
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

/// Draw every Figure of `results` into `dir`: writes the gnuplot script (data inline) and, when
/// gnuplot is on PATH, the SVG (via a temporary file and a rename), and sets Figure::rendered.
/// Without gnuplot the scripts are still written and REPORT.md says the figure was not drawn.
void render_figures(const std::string& dir, std::vector<CheckResult>& results);

/// Create `dir` (and parents) if needed, render figures, write REPORT.md and results.json
/// atomically. Throws InputError("--out", ...) when the folder cannot be created or written.
void write_report(const std::string& dir, std::vector<CheckResult>& results, const ReportMeta& meta);

}  // namespace beyondlin::checks
