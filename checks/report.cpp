// The report of `beyondlin check` (report.hpp): REPORT.md and results.json.

#include "report.hpp"

#include <beyondlin/errors.hpp>
#include <beyondlin/io.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

namespace beyondlin::checks {

using json = nlohmann::ordered_json;

namespace {

/// A JSON number, or "nan"/"inf"/"-inf" for non-finite values (strict JSON).
json num(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}

std::string printf_str(const char* format, double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

std::string value_str(double x) { return printf_str("%.10g", x); }
std::string error_str(double x) { return x == 0 ? "0" : printf_str("%.2e", x); }
std::string margin_str(double x) { return printf_str("%.4g", x); }
std::string time_str(double x) { return printf_str("%.2f", x); }

/// Text for a Markdown table cell: '|' escaped, line breaks folded.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

/// A code span for a table cell (monospace, no emphasis from '*' or '_').
std::string code_cell(const std::string& s) { return "`" + cell(s) + "`"; }

std::string anchor(const std::string& id) {
  std::string a;
  for (char c : id) a += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return a;
}

std::map<std::string, int> verdict_counts(const std::vector<CheckResult>& results) {
  std::map<std::string, int> c;
  for (const char* v : {"PASS", "PROVED", "FAIL", "SKIP"}) c[v] = 0;
  for (const CheckResult& r : results) c[verdict_name(r.verdict)]++;
  return c;
}

/// Status of one measurement: PROVED (interval-certified and satisfied), HOLDS (satisfied in floating
/// point), FAILS.
const char* measurement_status(const Measurement& m) {
  if (!m.pass) return "FAILS";
  return m.certified ? "PROVED" : "HOLDS";
}

long total_comparisons(const CheckResult& r) {
  long n = 0;
  for (const Measurement& m : r.measurements) n += m.count;
  return n;
}

}  // namespace

json sanitize_json(const json& j) {
  if (j.is_number_float()) return num(j.get<double>());
  if (j.is_array()) {
    json out = json::array();
    for (const json& e : j) out.push_back(sanitize_json(e));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = sanitize_json(it.value());
    return out;
  }
  return j;
}

json measurement_to_json(const Measurement& m) {
  json j = json::object();
  j["name"] = m.name;
  j["relation"] = relation_symbol(m.relation);
  j["precision"] = m.precision;
  j["predicted"] = num(m.predicted);
  j["measured"] = num(m.measured);
  j["error"] = num(m.error);
  j["tolerance"] = num(m.tolerance);
  j["margin"] = num(m.margin);
  j["pass"] = m.pass;
  j["certified"] = m.certified;
  j["status"] = measurement_status(m);
  j["count"] = m.count;
  j["worst_case"] = m.where;
  j["tolerance_basis"] = m.basis;
  return j;
}

json result_to_json(const CheckResult& r) {
  json j = json::object();
  j["id"] = r.id;
  j["title"] = r.title;
  j["spec_section"] = r.section;
  j["provenance"] = r.provenance;
  j["statement"] = r.statement;
  j["verdict"] = verdict_name(r.verdict);
  j["worst_margin"] = num(r.worst_margin());
  j["comparisons"] = total_comparisons(r);
  j["elapsed_s"] = num(r.elapsed_s);
  j["parameters"] = sanitize_json(r.parameters);
  json ms = json::array();
  for (const Measurement& m : r.measurements) ms.push_back(measurement_to_json(m));
  j["measurements"] = std::move(ms);
  j["notes"] = r.notes;
  json figs = json::array();
  for (const Figure& f : r.figures) figs.push_back({{"file", f.file}, {"caption", f.caption}});
  j["figures"] = std::move(figs);
  return j;
}

json report_json(const std::vector<CheckResult>& results, const ReportMeta& meta) {
  json doc = json::object();
  doc["schema"] = "beyondlin.report/1";
  json ctx = result_context(meta.command, meta.seed, "double (identities also at cpp_bin_float_50)");
  ctx["preset"] = preset_name(meta.preset);
  ctx["elapsed_s"] = num(meta.elapsed_s);
  json ids = json::array();
  for (const CheckResult& r : results) ids.push_back(r.id);
  ctx["selected"] = std::move(ids);
  doc["context"] = std::move(ctx);
  json summary = json::object();
  for (const auto& [k, v] : verdict_counts(results)) summary[k] = v;
  summary["total"] = results.size();
  doc["summary"] = std::move(summary);
  json arr = json::array();
  for (const CheckResult& r : results) arr.push_back(result_to_json(r));
  doc["results"] = std::move(arr);
  return doc;
}

std::string report_markdown(const std::vector<CheckResult>& results, const ReportMeta& meta) {
  const json ctx = result_context(meta.command, meta.seed, "double");
  const auto counts = verdict_counts(results);
  std::string md;
  md += "# beyondlin claim report\n\n";
  md += "Numerical checks of the claims of Bai & Lee, *Beyond Linearization: On Quadratic and Higher-Order "
        "Approximation of Wide Neural Networks* (ICLR 2020), as numbered in `SPEC.md` §6. Most statements are "
        "reconstructions (see each claim's provenance label); a check tests the statement as SPEC writes it.\n\n";
  md += "| | |\n|---|---|\n";
  md += "| version | " + ctx["version"].get<std::string>() + " |\n";
  md += "| date (UTC) | " + ctx["date"].get<std::string>() + " |\n";
  md += "| host | " + cell(ctx["host"].get<std::string>()) + " |\n";
  md += std::string("| preset | ") + preset_name(meta.preset) + " |\n";
  md += "| seed | " + std::to_string(meta.seed) + " |\n";
  md += "| checks | " + std::to_string(results.size()) + ": " + std::to_string(counts.at("PASS")) + " PASS, " +
        std::to_string(counts.at("PROVED")) + " PROVED, " + std::to_string(counts.at("FAIL")) + " FAIL, " +
        std::to_string(counts.at("SKIP")) + " SKIP |\n";
  md += "| total time | " + time_str(meta.elapsed_s) + " s |\n\n";

  md += "**How to read the tables.** Every claim is tested by measurements; a measurement usually summarizes many "
        "comparisons (seeds × sizes × samples) and shows the worst one.\n\n";
  md += "- `=` (identity): *error* = |measured − predicted| / scale, the scale being the natural magnitude named in "
        "the measurement (typically the sum of the absolute values of the terms, so that quantities that cancel "
        "to nearly 0 are judged by what double precision can resolve). Pass iff error ≤ tolerance. "
        "*margin* = 1 − error/tolerance (1: exact agreement; 0: at the tolerance; negative: FAIL).\n";
  md += "- `<=` / `>=` (inequality): *error* = excess of the measured side over the bound, relative to |bound|. "
        "Pass iff error ≤ tolerance (SPEC §6.2: 1e-12). *margin* = relative slack (bound − measured)/|bound| "
        "(0: the bound is attained; negative beyond −tolerance: FAIL).\n";
  md += "- The verdict is computed from the measurements: PASS iff every measurement passes; PROVED is reserved "
        "for interval-certified checks; SKIP means the comparisons could not be run (see notes).\n";
  md += "- *status* of a measurement: PROVED = certified by outward-rounded interval arithmetic (the whole "
        "enclosure satisfies the relation), HOLDS = satisfied in floating point only (its precision column), "
        "FAILS = violated beyond the tolerance or certified violated.\n";
  md += "- Provenance labels (SPEC §0): **[paper]** stated by the authors; **[secondary]** reported by a third party; "
        "**[derived]** follows from SPEC's definitions (**[derived ✓]**: also verified by SPEC's author); "
        "**[reconstructed, verify]** best reconstruction of the paper's statement.\n\n";

  md += "## Summary\n\n";
  md += "| id | title | provenance | verdict | worst margin | comparisons | time (s) |\n";
  md += "|---|---|---|---|---|---|---|\n";
  for (const CheckResult& r : results) {
    const std::string v = verdict_name(r.verdict);
    md += "| [" + r.id + "](#" + anchor(r.id) + ") | " + cell(r.title) + " | " + cell(r.provenance) + " | " +
          (r.verdict == Verdict::fail ? "**" + v + "**" : v) + " | " + margin_str(r.worst_margin()) + " | " +
          std::to_string(total_comparisons(r)) + " | " + time_str(r.elapsed_s) + " |\n";
  }
  md += "\n";

  for (const CheckResult& r : results) {
    md += "<a id=\"" + anchor(r.id) + "\"></a>\n\n";
    md += "## " + r.id + " — " + r.title + "\n\n";
    md += "- **SPEC:** " + r.section + "\n";
    md += "- **Provenance:** " + r.provenance + "\n";
    md += "- **Statement:** " + r.statement + "\n";
    md += "- **Verdict:** **" + std::string(verdict_name(r.verdict)) + "** (worst margin " +
          margin_str(r.worst_margin()) + ", " + std::to_string(total_comparisons(r)) + " comparisons, " +
          time_str(r.elapsed_s) + " s)\n\n";
    if (!r.parameters.empty()) {
      md += "**Parameters**\n\n| parameter | value |\n|---|---|\n";
      const json p = sanitize_json(r.parameters);
      for (auto it = p.begin(); it != p.end(); ++it) {
        const std::string v = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
        md += "| " + cell(it.key()) + " | " + cell(v) + " |\n";
      }
      md += "\n";
    }
    if (!r.measurements.empty()) {
      md += "**Measurements**\n\n";
      md += "| # | measurement | precision | rel. | predicted / bound | measured | error | tolerance | margin | "
            "comparisons | pass | status |\n";
      md += "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
      int k = 1;
      for (const Measurement& m : r.measurements) {
        md += "| " + std::to_string(k++) + " | " + code_cell(m.name) + " | " + m.precision + " | " +
              cell(relation_symbol(m.relation)) + " | " + value_str(m.predicted) + " | " + value_str(m.measured) +
              " | " + error_str(m.error) + " | " + error_str(m.tolerance) + " | " + margin_str(m.margin) + " | " +
              std::to_string(m.count) + " | " + (m.pass ? "yes" : "**NO**") + " | " +
              (m.pass ? std::string(measurement_status(m)) : "**FAILS**") + " |\n";
      }
      // Tolerance bases are long and shared by many measurements: list each distinct one once.
      std::vector<std::string> bases;
      auto basis_index = [&](const std::string& b) {
        for (std::size_t i = 0; i < bases.size(); ++i)
          if (bases[i] == b) return i + 1;
        bases.push_back(b);
        return bases.size();
      };
      md += "\nWorst case of each measurement (its predicted and measured values are those in the table) and the "
            "basis of its tolerance:\n\n";
      k = 1;
      for (const Measurement& m : r.measurements) {
        md += std::to_string(k++) + ". " + (m.where.empty() ? "—" : m.where) + " — tolerance basis [T" +
              std::to_string(basis_index(m.basis.empty() ? "—" : m.basis)) + "]\n";
      }
      md += "\n";
      for (std::size_t i = 0; i < bases.size(); ++i) md += "- [T" + std::to_string(i + 1) + "] " + bases[i] + "\n";
      md += "\n";
    }
    if (!r.figures.empty()) {
      md += "**Figures**\n\n";
      for (const Figure& f : r.figures) md += "![" + f.caption + "](" + f.file + ")\n\n";
    }
    if (!r.notes.empty()) {
      md += "**Notes**\n\n";
      for (const std::string& n : r.notes) md += "- " + n + "\n";
      md += "\n";
    }
  }
  return md;
}

void render_figures(const std::string& /*dir*/, std::vector<CheckResult>& /*results*/) {
  // Hook for the SVG figures (gnuplot) of the scaling-law checks: a later issue renders each
  // result's data here and appends Figure{file, caption} to results[i].figures.
}

void write_report(const std::string& dir, std::vector<CheckResult>& results, const ReportMeta& meta) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw InputError("--out", "cannot create the report folder \"" + dir + "\"" + (ec ? ": " + ec.message() : ""));
  render_figures(dir, results);
  const std::string base = (fs::path(dir) / "").string();
  try {
    write_file_atomic(base + "results.json", report_json(results, meta).dump(2) + "\n");
    write_file_atomic(base + "REPORT.md", report_markdown(results, meta));
  } catch (const InputError& e) {
    throw InputError("--out", std::string("cannot write the report into \"") + dir + "\": " + e.what());
  }
}

}  // namespace beyondlin::checks
