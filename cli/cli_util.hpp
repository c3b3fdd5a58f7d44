#pragma once
// Shared helpers of the `beyondlin` subcommands (DESIGN.md §2): output of the one JSON document,
// the --precision option, and the renaming of library field names to option names in errors.
// No mathematics here.

#include <beyondlin/errors.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/scalar.hpp>

#include <CLI/CLI.hpp>

#include <cctype>
#include <cstdint>
#include <string>
#include <utility>

namespace beyondlin::cli {

/// The text of a JSON document: objects one member per line with a 2-space indent, arrays of
/// scalars on one line (a matrix is one row per line), a trailing newline. Strict JSON.
std::string to_text(const json& doc);

/// Write `doc` (as to_text) to stdout when `path` is empty,
/// else atomically to `path` by write_file_atomic (an error names the option "-o").
void emit(const json& doc, const std::string& path);

/// Fail early, before a long computation, when `path` (an output option, "-o" by default) cannot be
/// written: it is a directory, its directory does not exist or is not writable. Empty or "-": stdout.
/// The final write (emit, write_file_atomic) still reports any later failure.
void check_output_path(const std::string& path, const std::string& option = "-o");

/// Register `-o,--output FILE` on a subcommand.
void add_output_option(CLI::App* cmd, std::string& path);

/// The working precision of eval and loss: --precision double|50|100 (DESIGN.md §2).
enum class Precision { dbl, mp50, mp100 };

/// Parse --precision; InputError("--precision", ...) naming the value.
Precision parse_precision(const std::string& s);

/// Significant decimal digits written for a precision: 17 for double (written as JSON numbers),
/// 50 and 100 otherwise.
int precision_digits(Precision p);

/// A type tag for dispatch on the scalar type.
template <class T> struct ScalarTag { using type = T; };

/// Call f(ScalarTag<T>{}) with T = double, scalar_mp50 or scalar_mp100 according to p.
template <class F> decltype(auto) dispatch_precision(Precision p, F&& f) {
  switch (p) {
    case Precision::mp50: return std::forward<F>(f)(ScalarTag<scalar_mp50>{});
    case Precision::mp100: return std::forward<F>(f)(ScalarTag<scalar_mp100>{});
    default: return std::forward<F>(f)(ScalarTag<scalar_double>{});
  }
}

/// Run f(); an InputError whose field is a library option name (e.g. "lambda", "m") is rethrown
/// with the field "--<name>" (lower case, '_' -> '-') so that the message names the command-line option.
template <class F> decltype(auto) with_option_names(F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const InputError& e) {
    const std::string& field = e.field();
    if (!field.empty() && field[0] != '-') {
      std::string msg = e.what();
      const std::string prefix = field + ": ";
      if (msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
      std::string option = "--" + field;  // library names use '_' (tol_H), options '-' and lower case
      for (char& c : option) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      throw InputError(option, msg);
    }
    throw;
  }
}

/// Parse a seed: a decimal integer in 0..2^64-1 (CLI11 would wrap "-1" around);
/// InputError(option, ...) naming the value otherwise.
std::uint64_t parse_seed(const std::string& text, const std::string& option = "--seed");

/// Read an instance file in the scalar type T for the option `--instance`: a file-level error
/// (missing, unreadable, not JSON) names "--instance"; an error in a key keeps the key as the
/// field ("W0[2]: ...") and gets " (in \"FILE\")" appended.
template <class T> Instance<T> read_instance_option(const std::string& path) {
  try {
    return read_instance<T>(path);
  } catch (const InputError& e) {
    std::string msg = e.what();
    const std::string prefix = e.field() + ": ";
    if (msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
    if (e.field() == "instance") {
      if (msg.find("\"" + path + "\"") == std::string::npos) msg += " (in \"" + path + "\")";
      throw InputError("--instance", msg);
    }
    throw InputError(e.field(), msg + " (in \"" + path + "\")");
  }
}

/// Elapsed time for a log line: "0.0123 s" (3 significant digits).
std::string format_seconds(double secs);

/// One progress/log line on stderr: "beyondlin <command>: <text>".
void log_line(const std::string& command, const std::string& text);

}  // namespace beyondlin::cli
