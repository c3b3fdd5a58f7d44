// The report of `beyondlin check` (report.hpp): REPORT.md and results.json.

#include "report.hpp"

#include "check_util.hpp"
#include "scaling.hpp"

#include <beyondlin/errors.hpp>
#include <beyondlin/io.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace beyondlin::checks {

using json = nlohmann::ordered_json;

namespace {

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
  if (j.is_number_float()) return json_number(j.get<double>());
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
  j["predicted"] = json_number(m.predicted);
  j["measured"] = json_number(m.measured);
  j["error"] = json_number(m.error);
  j["tolerance"] = json_number(m.tolerance);
  j["margin"] = json_number(m.margin);
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
  j["worst_margin"] = json_number(r.worst_margin());
  j["comparisons"] = total_comparisons(r);
  j["elapsed_s"] = json_number(r.elapsed_s);
  j["parameters"] = sanitize_json(r.parameters);
  json ms = json::array();
  for (const Measurement& m : r.measurements) ms.push_back(measurement_to_json(m));
  j["measurements"] = std::move(ms);
  j["notes"] = r.notes;
  json figs = json::array();
  for (const Figure& f : r.figures)
    figs.push_back({{"file", f.file}, {"caption", f.caption}, {"rendered", f.rendered}});
  j["figures"] = std::move(figs);
  json laws = json::array();
  for (const ScalingLaw& law : r.laws) laws.push_back(scaling_law_json(law));
  j["scaling_laws"] = std::move(laws);
  return j;
}

json report_json(const std::vector<CheckResult>& results, const ReportMeta& meta) {
  json doc = json::object();
  doc["schema"] = "beyondlin.report/1";
  json ctx = result_context(meta.command, meta.seed, "double (identities also at cpp_bin_float_50)");
  ctx["preset"] = preset_name(meta.preset);
  ctx["elapsed_s"] = json_number(meta.elapsed_s);
  ctx["ranks"] = meta.ranks;
  ctx["points"] = {{"computed", meta.points.computed}, {"resumed", meta.points.resumed}, {"shared", meta.points.shared},
                   {"skipped_records", meta.points.skipped_records}};
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
  md += "| total time | " + time_str(meta.elapsed_s) + " s" +
        (meta.ranks > 1 ? " on " + std::to_string(meta.ranks) + " MPI ranks" : std::string()) + " |\n";
  md += "| sweep points | " + std::to_string(meta.points.computed) + " computed, " +
        std::to_string(meta.points.resumed) + " resumed from points/ |\n\n";

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
    if (!r.laws.empty()) {
      md += "**Scaling laws** (y ≈ C x^b; b and C fitted by log-log least squares of the seed means, 95% "
            "intervals; c = the prefactor at SPEC's exponent, mean of y x^(−b_pred) over the largest x)\n\n";
      md += "| quantity | x | b predicted | b fitted [95% CI] | C predicted | C fitted [95% CI] | c at b_pred (x ≥) ± s.e. "
            "| replicates | s.e. from |\n|---|---|---|---|---|---|---|---|---|\n";
      for (const ScalingLaw& law : r.laws) {
        md += "| " + code_cell(law.quantity) + " | " + cell(law.variable) + " " + value_str(law.x.front()) + ".." +
              value_str(law.x.back()) + " | " + margin_str(law.predicted_slope) + " | " + margin_str(law.slope) + " [" +
              margin_str(law.slope_ci_lo) + ", " + margin_str(law.slope_ci_hi) + "] | " +
              (std::isfinite(law.predicted_prefactor) ? margin_str(law.predicted_prefactor) : std::string("—")) + " | " +
              margin_str(law.prefactor) + " [" + margin_str(law.prefactor_ci_lo) + ", " + margin_str(law.prefactor_ci_hi) +
              "] | " + margin_str(law.tail_prefactor) + " (≥ " + value_str(law.tail_min_x) + ") ± " +
              printf_str("%.2g", law.tail_prefactor_se) + " | " + std::to_string(law.replicates) + " | " +
              cell(law.se_method) + " |\n";
      }
      md += "\n";
    }
    if (!r.figures.empty()) {
      md += "**Figures**\n\n";
      for (const Figure& f : r.figures) {
        if (f.rendered) md += "![" + cell(f.title) + "](" + f.file + ")\n\n*" + f.caption + "*\n\n";
        else md += "- " + f.title + ": not drawn (" + f.file + " missing: gnuplot was not found; the data and script are in " +
                   f.file.substr(0, f.file.size() - 4) + ".gp). " + f.caption + "\n\n";
      }
    }
    if (!r.notes.empty()) {
      md += "**Notes**\n\n";
      for (const std::string& n : r.notes) md += "- " + n + "\n";
      md += "\n";
    }
  }
  return md;
}

namespace {

/// A gnuplot double-quoted string literal.
std::string gp_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string gp_number(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

/// The full path of `name` on PATH, or "" when it is not there.
std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string p(path);
  std::size_t start = 0;
  while (start <= p.size()) {
    const std::size_t end = std::min(p.find(':', start), p.size());
    const std::string dir = p.substr(start, end - start);
    const std::string full = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (::access(full.c_str(), X_OK) == 0) return full;
    start = end + 1;
  }
  return "";
}

/// Run `program script` with stdout and stderr to /dev/null; true on exit status 0.
bool run_quietly(const std::string& program, const std::string& script) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv{const_cast<char*>(program.c_str()), const_cast<char*>(script.c_str()), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// The gnuplot script of a figure: terminal, axes, inline data blocks, plot command. Points that a
/// log axis cannot show (non-positive or non-finite) are left out; error bars are clipped at y/10
/// below on a log axis.
std::string figure_script(const Figure& f, const std::string& svg_path) {
  std::string gp;
  gp += "# beyondlin figure (beyondlin check): run `gnuplot " + std::filesystem::path(svg_path).stem().string() +
        ".gp` in this script's folder to redraw it\n";
  // one legend line per series below the plot: the canvas grows with the number of series
  const int height = 520 + 24 * static_cast<int>(f.series.size());
  gp += "set terminal svg size 900," + std::to_string(height) +
        " dynamic noenhanced font 'Helvetica,13' background '#ffffff'\n";
  std::string out;
  for (char c : svg_path) out += c == '\'' ? std::string("''") : std::string(1, c);
  gp += "set output '" + out + "'\n";
  gp += "set title " + gp_string(f.title) + "\n";
  gp += "set xlabel " + gp_string(f.xlabel) + "\nset ylabel " + gp_string(f.ylabel) + "\n";
  if (f.logx) gp += "set logscale x 2\nset format x '2^%L'\n";
  if (f.logy) gp += "set logscale y\nset format y '%.0e'\n";
  gp += "set grid\nset key outside below vertical maxcols 1 maxrows 40\nset border lw 1.2\nset pointsize 1.1\n";
  gp += "set offsets graph 0.04, graph 0.04, graph 0.06, graph 0.06\n";  // keep end points off the frame
  std::vector<std::string> plots;
  const char* colors[] = {"#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#555555"};
  int block = 0, color = 0;
  for (const FigureSeries& s : f.series) {
    std::string data;
    std::size_t rows = 0;
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      const double x = s.x[k], y = s.y[k];
      if (!std::isfinite(x) || !std::isfinite(y) || (f.logx && x <= 0) || (f.logy && y <= 0)) continue;
      const double e = k < s.y_err.size() && std::isfinite(s.y_err[k]) ? s.y_err[k] : 0.0;
      const double lo = f.logy ? std::max(y - e, y / 10) : y - e;
      data += gp_number(x) + " " + gp_number(y) + " " + gp_number(lo) + " " + gp_number(y + e) + "\n";
      ++rows;
    }
    if (rows == 0) continue;
    const std::string name = "$D" + std::to_string(block++);
    gp += name + " << EOD\n" + data + "EOD\n";
    const std::string col = colors[color++ % 6];
    if (s.line)
      plots.push_back(name + " using 1:2 with lines lw 2 dt " + (plots.size() % 2 ? "2" : "1") + " lc rgb '" + col +
                      "' title " + gp_string(s.label));
    else if (!s.y_err.empty())
      plots.push_back(name + " using 1:2:3:4 with " + (s.connect ? "yerrorlines" : "yerrorbars") + " pt 7 lc rgb '" +
                      col + "' title " + gp_string(s.label));
    else
      plots.push_back(name + " using 1:2 with " + (s.connect ? "linespoints" : "points") + " pt 7 lc rgb '" + col +
                      "' title " + gp_string(s.label));
  }
  if (plots.empty()) return "";
  gp += "plot ";
  for (std::size_t i = 0; i < plots.size(); ++i) gp += (i ? ", \\\n     " : "") + plots[i];
  gp += "\nunset output\n";
  return gp;
}

}  // namespace

void render_figures(const std::string& dir, std::vector<CheckResult>& results) {
  namespace fs = std::filesystem;
  const std::string gnuplot = find_on_path("gnuplot");
  for (CheckResult& r : results)
    for (Figure& f : r.figures) {
      f.rendered = false;
      if (f.file.size() < 5 || f.file.substr(f.file.size() - 4) != ".svg")
        throw std::invalid_argument("figure file must end in .svg: " + f.file);
      const fs::path svg = fs::path(dir) / f.file;
      const fs::path gp_path = fs::path(svg).replace_extension(".gp");
      std::error_code ec;
      fs::create_directories(svg.parent_path(), ec);
      // the script writes a temporary file that is renamed: no partial SVG is ever left
      const std::string tmp = svg.string() + ".tmp";
      const std::string script = figure_script(f, tmp);
      if (script.empty()) {
        r.notes.push_back("Figure " + f.file + " not drawn: no positive finite data point.");
        continue;
      }
      write_file_atomic(gp_path.string(), script);
      if (gnuplot.empty()) continue;
      if (run_quietly(gnuplot, gp_path.string()) && fs::exists(tmp)) {
        fs::rename(tmp, svg, ec);
        f.rendered = !ec;
      }
      fs::remove(tmp, ec);
      // the kept script redraws the figure in place: point it at the final name
      if (f.rendered) write_file_atomic(gp_path.string(), figure_script(f, svg.filename().string()));
      else r.notes.push_back("Figure " + f.file + " could not be drawn by " + gnuplot + " (the script is " +
                             gp_path.filename().string() + ").");
    }
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
