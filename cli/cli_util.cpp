// Shared helpers of the `beyondlin` subcommands (cli_util.hpp).

#include "cli_util.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace beyondlin::cli {

namespace {

/// True when no element of the array or object j is itself an array or object.
bool is_flat(const json& j) {
  for (const auto& e : j)
    if (e.is_structured()) return false;
  return true;
}

/// Pretty printer: objects one member per line (2-space indent), arrays of scalars on one line
/// (a matrix is then one row per line). Scalars are written by nlohmann's dump (shortest
/// round-trip doubles; invalid UTF-8 replaced rather than thrown on).
void write_json(const json& j, int indent, std::string& out) {
  auto scalar = [](const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); };
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' '), end_pad(static_cast<std::size_t>(indent), ' ');
  if (j.is_object()) {
    if (j.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!first) out += ",\n";
      first = false;
      out += pad + scalar(json(it.key())) + ": ";
      write_json(it.value(), indent + 2, out);
    }
    out += "\n" + end_pad + "}";
  } else if (j.is_array()) {
    if (is_flat(j)) {
      out += "[";
      bool first = true;
      for (const auto& e : j) {
        if (!first) out += ", ";
        first = false;
        out += scalar(e);
      }
      out += "]";
      return;
    }
    out += "[\n";
    bool first = true;
    for (const auto& e : j) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      write_json(e, indent + 2, out);
    }
    out += "\n" + end_pad + "]";
  } else {
    out += scalar(j);
  }
}

}  // namespace

std::string to_text(const json& doc) {
  std::string out;
  write_json(doc, 0, out);
  out += "\n";
  return out;
}

void emit(const json& doc, const std::string& path) {
  const std::string text = to_text(doc);
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    return;
  }
  try {
    write_file_atomic(path, text);
  } catch (const InputError& e) {
    std::string msg = e.what();
    const std::string prefix = e.field() + ": ";
    if (msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
    throw InputError("-o", msg);
  }
}

void check_output_path(const std::string& path, const std::string& option) {
  if (path.empty() || path == "-") return;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(fs::path(path), ec))
    throw InputError(option, "cannot write \"" + path + "\": is a directory");
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec))
    throw InputError(option, "cannot write \"" + path + "\": No such file or directory");
  if (::access(dir.c_str(), W_OK) != 0)
    throw InputError(option, "cannot write \"" + path + "\": directory \"" + dir.string() + "\" is not writable");
}

void add_output_option(CLI::App* cmd, std::string& path) {
  cmd->add_option("-o,--output", path,
                  "write the JSON document to FILE (atomically: a temporary file renamed; nothing is left on "
                  "error) instead of stdout")
      ->type_name("FILE");
}

Precision parse_precision(const std::string& s) {
  if (s == "double") return Precision::dbl;
  if (s == "50") return Precision::mp50;
  if (s == "100") return Precision::mp100;
  throw InputError("--precision", "unknown precision \"" + s + "\" (expected double, 50 or 100)");
}

int precision_digits(Precision p) {
  switch (p) {
    case Precision::mp50: return 50;
    case Precision::mp100: return 100;
    default: return 17;
  }
}


std::uint64_t parse_seed(const std::string& text, const std::string& option) {
  const bool digits = !text.empty() && text.size() <= 20 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  if (digits) {
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (errno == 0 && end && *end == '\0') return static_cast<std::uint64_t>(v);
  }
  throw InputError(option, "must be an integer in 0..18446744073709551615, got \"" + text + "\"");
}

std::string format_seconds(double secs) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.3g s", secs);
  return buf;
}

void log_line(const std::string& command, const std::string& text) {
  std::cerr << "beyondlin " << command << ": " << text << std::endl;
}

}  // namespace beyondlin::cli
